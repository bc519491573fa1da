/* The at-risk queue's data: what one account's picture is read from, the items with
   their steps, history, plan and concessions, and the "dirty" marks that keep the
   queue incremental. Every read of items is scoped to the viewer's accounts. */
import { and, asc, desc, eq, exists, inArray, isNull, lte, sql } from 'drizzle-orm'
import {
  accounts,
  concessionDecisions,
  concessions,
  letters,
  outbox,
  queueEvents,
  queueItems,
  queueSteps,
  recoveryIssues,
  stakeholders,
  users,
  waves,
} from '#db/schema'
import type { Viewer } from '#app/domain/access'
import type { Assessment } from '#app/domain/queue'
import type { QueueSort } from '#app/forms/queue'
import type { ConcessionType, Effort, Level, Locale, QueueEventKind, QueueOutcome, RelationshipRole, ResponseCategory, RiskLevel } from '#app/domain/vocabulary'
import { db, sqlite, type Tx } from '#app/utils/db.server'
import { visibleAccounts } from './accounts.server'

// ——— One account's picture: three statements, prepared once ———
// NOTE: a full recompute reads every account's picture (10k accounts), and drizzle builds
// a query per call otherwise (~0.1–0.5 ms each); prepared, a picture costs a fraction.

const accountStatement = db
  .select({ id: accounts.id, name: accounts.name, arr: accounts.arr, strategic: accounts.strategic, renewalDate: accounts.renewalDate, status: accounts.status, archivedAt: accounts.archivedAt, ownerId: accounts.ownerId })
  .from(accounts)
  .where(eq(accounts.id, sql.placeholder('accountId')))
  .prepare()

export function queueAccount(accountId: number) {
  return accountStatement.get({ accountId })
}

const startedWavesStatement = db
  .select({ id: waves.id, sendAt: waves.sendAt, closesAt: waves.closesAt, closedAt: waves.closedAt, anonymity: waves.anonymity, minAnswers: waves.minAnswers })
  .from(waves)
  .where(lte(waves.sendAt, sql.placeholder('now')))
  .orderBy(desc(waves.sendAt), desc(waves.id))
  .prepare()

/** Every started wave, newest first (a handful: read once per refresh, not per account). */
export function startedWaves({ now }: { now: Date }) {
  return startedWavesStatement.all({ now: now.getTime() })
}

// NOTE: the three reads below run for every account of a full recompute, several times
// each: plain SQL through better-sqlite3, since drizzle's row mapping alone cost more
// than the queries. Their rows hold only numbers and strings.

// Reads the covering index invitations_summary_idx (wave, account, level, role, state).
const invitedStatement = sqlite.prepare<{ accountId: number; waveId: number }, { level: Level; invited: number; answered: number }>(
  `select level, count(*) as invited, coalesce(sum(state = 'answered'), 0) as answered
   from invitations where wave_id = @waveId and account_id = @accountId group by level`,
)

/** Who was asked and who answered in one wave, per level (none: the account was not asked). */
export function invitedInWave({ accountId, waveId }: { accountId: number; waveId: number }) {
  return invitedStatement.all({ accountId, waveId })
}

// The waves first (CROSS JOIN keeps that order): one probe of the covering summary index
// per wave, instead of every invitation of the account through its own index (3× slower).
const topStatement = sqlite.prepare<{ accountId: number; now: number }, { asked: number; answered: number }>(
  `select count(*) as asked, coalesce(sum(i.state = 'answered'), 0) as answered
   from waves w cross join invitations i on i.wave_id = w.id and i.account_id = @accountId and i.level = 'top'
   where w.closed_at <= @now or w.closes_at <= @now`,
)

/** Top management across every closed wave: asked how often, answered how often. */
export function topManagementAnswered({ accountId, now }: { accountId: number; now: Date }) {
  return topStatement.get({ accountId, now: now.getTime() }) ?? { asked: 0, answered: 0 }
}

type WaveAnswer = { waveId: number; stakeholderId: number; score: number; level: Level; role: RelationshipRole; comment: string; category: ResponseCategory | null; name: string; locale: Locale }
const answersStatement = sqlite.prepare<{ accountId: number; waveId: number }, WaveAnswer>(
  `select r.wave_id as waveId, r.stakeholder_id as stakeholderId, r.score, r.level, r.role, r.comment, r.category, s.name, s.locale
   from responses r join stakeholders s on s.id = r.stakeholder_id where r.wave_id = @waveId and r.account_id = @accountId`,
)

/** The account's current answers in one wave. */
export function waveAnswers({ accountId, waveId }: { accountId: number; waveId: number }) {
  return answersStatement.all({ accountId, waveId })
}

// Scores alone come from the covering summary index, without a row of the table or a person.
const scoresStatement = sqlite.prepare<{ accountId: number; waveId: number }, number>('select score from responses where wave_id = @waveId and account_id = @accountId').pluck()

/** The account's scores in one wave (the trend's earlier side needs no more). */
export function waveScores({ accountId, waveId }: { accountId: number; waveId: number }): number[] {
  return scoresStatement.all({ accountId, waveId })
}

// ——— Items: open, update, escalate ———

type Account = NonNullable<ReturnType<typeof queueAccount>>

// Read for every account of a full recompute: plain SQL, the JSON parsed here.
type StoredSignals = { signals: string; health: number }
const openItemStatement = sqlite.prepare<{ accountId: number }, StoredSignals & { id: number; risk: RiskLevel; priority: number; effort: Effort }>(
  "select id, risk, health, signals, priority, effort from queue_items where account_id = @accountId and status = 'open'",
)
const lastItemStatement = sqlite.prepare<{ accountId: number }, StoredSignals>('select signals, health from queue_items where account_id = @accountId order by id desc limit 1')
const withSignals = <T extends StoredSignals>(row: T | undefined) => (row ? { ...row, signals: JSON.parse(row.signals) as Assessment['signals'] } : undefined)

/** The account's open item (runs inside the caller's transaction: one connection). */
export function openItemOf(accountId: number) {
  return withSignals(openItemStatement.get({ accountId }))
}

// NOTE: opening an item writes a dozen rows (item, steps, event, letters and their outbox
// rows); a full recompute may open thousands, so these writes are prepared once. They
// run on the one connection, inside the caller's transaction.
const write = {
  event: sqlite.prepare('insert into queue_events (item_id, kind, text, by_id, created_at, signals, health) values (?, ?, ?, ?, ?, ?, ?)'),
  item: sqlite.prepare(
    'insert into queue_items (account_id, status, risk, health, signals, triage, effort, priority, opened_at, updated_at, arr_at_open) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id',
  ),
  step: sqlite.prepare('insert into queue_steps (item_id, key, title, owner_label, due_at) values (?, ?, ?, ?, ?)'),
  letter: sqlite.prepare('insert into letters (to_name, to_email, subject, body, queue_item_id, stakeholder_id, created_by_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id'),
  outbox: sqlite.prepare("insert into outbox (kind, letter_id, idempotency_key, not_before) values ('letter', ?, ?, ?)"),
  atRisk: sqlite.prepare("update accounts set status = 'at_risk', updated_at = ? where id = ?"),
  ownerAndTeam: sqlite.prepare('select id, name, email from users where disabled_at is null and (id = ? or id in (select user_id from account_team_members where account_id = ?))'),
}

function appendEvent(event: { itemId: number; kind: QueueEventKind; text?: string; byId?: number | null; now: Date; signals?: Assessment['signals']; health?: number }) {
  write.event.run(event.itemId, event.kind, event.text ?? '', event.byId ?? null, event.now.getTime(), event.signals ? JSON.stringify(event.signals) : null, event.health ?? null)
}

/** The owner and the account team, who hear about a new high-risk item. */
export function ownerAndTeam(account: Pick<Account, 'id' | 'ownerId'>) {
  return write.ownerAndTeam.all(account.ownerId ?? null, account.id) as { id: number; name: string; email: string }[]
}

/** A letter and its outbox row, in the caller's transaction (so neither exists without the other). */
export function queueLetter(letter: { toName: string; toEmail: string; subject: string; body: string; queueItemId?: number | null; stakeholderId?: number | null; createdById?: number | null }, now: Date) {
  const { id } = write.letter.get(letter.toName, letter.toEmail, letter.subject, letter.body, letter.queueItemId ?? null, letter.stakeholderId ?? null, letter.createdById ?? null, now.getTime()) as { id: number }
  write.outbox.run(id, `letter/${id}`, now.getTime())
  return id
}

export type ApplyResult = { action: 'opened' | 'escalated' | 'updated' | 'unchanged' | 'none'; itemId: number | null }

/** The account's latest item, open or closed, with the signals it was left with. */
export function lastItemOf(accountId: number) {
  return withSignals(lastItemStatement.get({ accountId }))
}

type ItemFields = { risk: RiskLevel; health: number; signals: Assessment['signals']; triage: Assessment['triage']; effort: Effort; priority: number; updatedAt: Date }

/** A new open item with its dated steps and its 'opened' event, in the caller's transaction. */
export function insertItem({ account, fields, steps, text, now }: { account: Pick<Account, 'id' | 'arr'>; fields: ItemFields; steps: { key: string; title: string; owner: string; dueAt: Date }[]; text: string; now: Date }): number {
  const { id } = write.item.get(account.id, 'open', fields.risk, fields.health, JSON.stringify(fields.signals), JSON.stringify(fields.triage), fields.effort, fields.priority, now.getTime(), now.getTime(), account.arr) as { id: number }
  for (const step of steps) write.step.run(id, step.key, step.title, step.owner, step.dueAt.getTime())
  appendEvent({ itemId: id, kind: 'opened', text, now, signals: fields.signals, health: fields.health })
  return id
}

/** Stores an item's new picture, and the event that says what changed when there is one. */
export function updateItem(tx: Tx, { itemId, fields, event }: { itemId: number; fields: ItemFields; event?: { kind: QueueEventKind; text: string; now: Date } }) {
  tx.update(queueItems).set(fields).where(eq(queueItems.id, itemId)).run()
  if (event) appendEvent({ itemId, kind: event.kind, text: event.text, now: event.now, signals: fields.signals, health: fields.health })
}

export function setAccountAtRisk({ accountId, now }: { accountId: number; now: Date }) {
  write.atRisk.run(now.getTime(), accountId)
}

// ——— Reading the queue ———

export type QueueFilters = { ownerId?: number; effort?: Effort; risk?: RiskLevel; status?: 'open' | QueueOutcome; overdue?: boolean; sort?: QueueSort }

const ORDER = {
  priority: [desc(queueItems.priority), asc(queueItems.openedAt)],
  health: [asc(queueItems.health), desc(queueItems.priority)],
  renewal: [sql`${accounts.renewalDate} is null`, asc(accounts.renewalDate), desc(queueItems.priority)],
  opened: [asc(queueItems.openedAt), desc(queueItems.priority)],
} satisfies Record<QueueSort, unknown[]>

const overdueStep = (now: Date) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(queueSteps)
      .where(and(eq(queueSteps.itemId, queueItems.id), isNull(queueSteps.doneAt), isNull(queueSteps.skippedAt), sql`${queueSteps.dueAt} < ${now.getTime()}`)),
  )

export function listQueueItems({ viewer, filters, now }: { viewer: Viewer; filters: QueueFilters; now: Date }) {
  const overdueCount = sql<number>`(select count(*) from ${queueSteps} s where s.item_id = ${queueItems.id} and s.done_at is null and s.skipped_at is null and s.due_at < ${now.getTime()})`.mapWith(Number)
  const nextDue = sql<number | null>`(select min(s.due_at) from ${queueSteps} s where s.item_id = ${queueItems.id} and s.done_at is null and s.skipped_at is null)`
  return db
    .select({
      id: queueItems.id,
      accountId: accounts.id,
      accountName: accounts.name,
      arr: accounts.arr,
      strategic: accounts.strategic,
      renewalDate: accounts.renewalDate,
      ownerName: users.name,
      status: queueItems.status,
      risk: queueItems.risk,
      health: queueItems.health,
      effort: queueItems.effort,
      priority: queueItems.priority,
      signals: queueItems.signals,
      openedAt: queueItems.openedAt,
      updatedAt: queueItems.updatedAt,
      closedAt: queueItems.closedAt,
      overdue: overdueCount,
      nextDue,
    })
    .from(queueItems)
    .innerJoin(accounts, eq(accounts.id, queueItems.accountId))
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(
      and(
        visibleAccounts(viewer),
        eq(queueItems.status, filters.status ?? 'open'),
        filters.ownerId ? eq(accounts.ownerId, filters.ownerId) : undefined,
        filters.effort ? eq(queueItems.effort, filters.effort) : undefined,
        filters.risk ? eq(queueItems.risk, filters.risk) : undefined,
        filters.overdue ? overdueStep(now) : undefined,
      ),
    )
    .orderBy(...ORDER[filters.sort ?? 'priority'])
    .all()
}

/** The item's id and account when the viewer may see it (else undefined: it "does not exist"). */
export function visibleItem({ viewer, itemId }: { viewer: Viewer; itemId: number }) {
  return db
    .select({ id: queueItems.id, accountId: queueItems.accountId, status: queueItems.status })
    .from(queueItems)
    .innerJoin(accounts, eq(accounts.id, queueItems.accountId))
    .where(and(eq(queueItems.id, itemId), visibleAccounts(viewer)))
    .get()
}

export function getQueueItem({ viewer, itemId }: { viewer: Viewer; itemId: number }) {
  const item = db
    .select({
      item: queueItems,
      account: { id: accounts.id, name: accounts.name, arr: accounts.arr, strategic: accounts.strategic, renewalDate: accounts.renewalDate, status: accounts.status, ownerId: accounts.ownerId },
      ownerName: users.name,
    })
    .from(queueItems)
    .innerJoin(accounts, eq(accounts.id, queueItems.accountId))
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(and(eq(queueItems.id, itemId), visibleAccounts(viewer)))
    .get()
  if (!item) return undefined
  const by = users
  return {
    ...item,
    steps: db
      .select({ step: queueSteps, assignee: by.name })
      .from(queueSteps)
      .leftJoin(by, eq(by.id, queueSteps.assigneeId))
      .where(eq(queueSteps.itemId, itemId))
      .orderBy(asc(queueSteps.dueAt), asc(queueSteps.id))
      .all()
      .map((r) => ({ ...r.step, assignee: r.assignee })),
    events: db
      .select({ id: queueEvents.id, kind: queueEvents.kind, text: queueEvents.text, health: queueEvents.health, createdAt: queueEvents.createdAt, by: by.name })
      .from(queueEvents)
      .leftJoin(by, eq(by.id, queueEvents.byId))
      .where(eq(queueEvents.itemId, itemId))
      .orderBy(asc(queueEvents.createdAt), asc(queueEvents.id))
      .all(),
    plan: db.select().from(recoveryIssues).where(eq(recoveryIssues.itemId, itemId)).orderBy(asc(recoveryIssues.id)).all(),
    concessions: listConcessions(itemId),
    letters: db
      .select({ id: letters.id, toName: letters.toName, toEmail: letters.toEmail, subject: letters.subject, createdAt: letters.createdAt, status: outbox.status, by: by.name })
      .from(letters)
      .innerJoin(outbox, eq(outbox.letterId, letters.id))
      .leftJoin(by, eq(by.id, letters.createdById))
      .where(eq(letters.queueItemId, itemId))
      .orderBy(asc(letters.id))
      .all(),
  }
}

function listConcessions(itemId: number) {
  const proposer = users
  const rows = db
    .select({ concession: concessions, proposedBy: proposer.name })
    .from(concessions)
    .leftJoin(proposer, eq(proposer.id, concessions.proposedById))
    .where(eq(concessions.itemId, itemId))
    .orderBy(asc(concessions.id))
    .all()
  const ids = rows.map((r) => r.concession.id)
  const decisions = ids.length
    ? db
        .select({ concessionId: concessionDecisions.concessionId, decision: concessionDecisions.decision, by: users.name, limit: concessionDecisions.limitAtDecision, note: concessionDecisions.note, createdAt: concessionDecisions.createdAt })
        .from(concessionDecisions)
        .leftJoin(users, eq(users.id, concessionDecisions.byId))
        .where(inArray(concessionDecisions.concessionId, ids))
        .all()
    : []
  return rows.map((r) => ({ ...r.concession, proposedBy: r.proposedBy, chain: decisions.filter((d) => d.concessionId === r.concession.id) }))
}

// ——— Working an item ———

export class QueueConflict extends Error {}
/** A request that names something this item cannot take (e.g. a person of another account). */
export class QueueInvalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

/** An item's state and its account's, as the audit trail records them around a write. */
export function itemState({ itemId }: { itemId: number }) {
  return db
    .select({ accountId: queueItems.accountId, status: queueItems.status, outcomeReason: queueItems.outcomeReason, accountStatus: accounts.status })
    .from(queueItems)
    .innerJoin(accounts, eq(accounts.id, queueItems.accountId))
    .where(eq(queueItems.id, itemId))
    .get()
}

/** One step of an item as it is now (the audit trail's before and after). */
export function stepState({ itemId, stepId }: { itemId: number; stepId: number }) {
  return db
    .select({ title: queueSteps.title, assigneeId: queueSteps.assigneeId, doneAt: queueSteps.doneAt, skippedAt: queueSteps.skippedAt, skipReason: queueSteps.skipReason })
    .from(queueSteps)
    .where(and(eq(queueSteps.id, stepId), eq(queueSteps.itemId, itemId)))
    .get()
}

function requireOpen(tx: Tx, itemId: number) {
  const item = tx.select({ status: queueItems.status, accountId: queueItems.accountId }).from(queueItems).where(eq(queueItems.id, itemId)).get()
  if (!item || item.status !== 'open') throw new QueueConflict('This item is closed; reopen happens when new signals arrive.')
  return item
}

export function updateStep({ itemId, stepId, action, reason, assigneeId, userId, now }: { itemId: number; stepId: number; action: 'done' | 'skip' | 'assign'; reason?: string; assigneeId?: number | null; userId: number; now: Date }) {
  db.transaction((tx) => {
    requireOpen(tx, itemId)
    const step = tx.select().from(queueSteps).where(and(eq(queueSteps.id, stepId), eq(queueSteps.itemId, itemId))).get()
    if (!step) throw new QueueConflict('No such step on this item.')
    if (action === 'assign') {
      tx.update(queueSteps).set({ assigneeId: assigneeId ?? null }).where(eq(queueSteps.id, stepId)).run()
      const name = assigneeId ? tx.select({ name: users.name }).from(users).where(eq(users.id, assigneeId)).get()?.name : null
      appendEvent({ itemId, kind: 'step_assigned', text: `${step.title} → ${name ?? 'nobody'}`, byId: userId, now })
      return
    }
    // A double click or a retried POST finds the step already decided and changes nothing.
    if (step.doneAt || step.skippedAt) return
    if (action === 'done') {
      tx.update(queueSteps).set({ doneAt: now }).where(eq(queueSteps.id, stepId)).run()
      appendEvent({ itemId, kind: 'step_done', text: step.title, byId: userId, now })
    } else {
      tx.update(queueSteps).set({ skippedAt: now, skipReason: reason ?? '' }).where(eq(queueSteps.id, stepId)).run()
      appendEvent({ itemId, kind: 'step_skipped', text: `${step.title} — ${reason ?? ''}`, byId: userId, now })
    }
  })
}

export function addNote({ itemId, text, userId, now }: { itemId: number; text: string; userId: number; now: Date }) {
  appendEvent({ itemId, kind: 'note', text, byId: userId, now })
}

export function addRecoveryIssue({ itemId, issue, userId, now }: { itemId: number; issue: Omit<typeof recoveryIssues.$inferInsert, 'itemId' | 'id' | 'createdAt'>; userId: number; now: Date }) {
  db.transaction((tx) => {
    requireOpen(tx, itemId)
    tx.insert(recoveryIssues).values({ ...issue, itemId, createdAt: now }).run()
    appendEvent({ itemId, kind: 'plan_issue', text: `${issue.issue} — fix: ${issue.fix}; ${issue.owner} by ${issue.deadline}; success: ${issue.metric}`, byId: userId, now })
  })
}

/** Letters to chosen people of the item's account, through the outbox, logged on the item. */
export function sendItemLetters({ itemId, stakeholderIds, subject, body, userId, now }: { itemId: number; stakeholderIds: number[]; subject: string; body: string; userId: number; now: Date }) {
  return db.transaction((tx) => {
    const item = requireOpen(tx, itemId)
    const people = tx
      .select({ id: stakeholders.id, name: stakeholders.name, email: stakeholders.email })
      .from(stakeholders)
      .where(and(eq(stakeholders.accountId, item.accountId), inArray(stakeholders.id, stakeholderIds), eq(stakeholders.status, 'active')))
      .all()
    if (people.length === 0) throw new QueueInvalid('stakeholderIds', 'Choose at least one active person of this account.')
    for (const p of people) queueLetter({ toName: p.name, toEmail: p.email, subject, body, queueItemId: itemId, stakeholderId: p.id, createdById: userId }, now)
    appendEvent({ itemId, kind: 'message_sent', text: `“${subject}” to ${people.map((p) => p.name).join(', ')}`, byId: userId, now })
    return people.length
  })
}

export function proposeConcession({ itemId, concession, userId, now }: { itemId: number; concession: { type: ConcessionType; percent: number; term: string; rationale: string; expectedResult: string; expiry: string }; userId: number; now: Date }) {
  return db.transaction((tx) => {
    requireOpen(tx, itemId)
    const item = tx.select({ risk: queueItems.risk, arr: accounts.arr }).from(queueItems).innerJoin(accounts, eq(accounts.id, queueItems.accountId)).where(eq(queueItems.id, itemId)).get()!
    const { id } = tx
      .insert(concessions)
      .values({ ...concession, itemId, arr: item.arr, risk: item.risk, proposedById: userId, createdAt: now })
      .returning({ id: concessions.id })
      .get()
    appendEvent({ itemId, kind: 'concession_proposed', text: `${concession.type} ${concession.percent}% (${concession.term}; expires ${concession.expiry}): ${concession.rationale}`, byId: userId, now })
    return id
  })
}

export function getConcession({ itemId, concessionId }: { itemId: number; concessionId: number }) {
  return db.select().from(concessions).where(and(eq(concessions.id, concessionId), eq(concessions.itemId, itemId))).get()
}

/** One decision per concession (a unique index): a second one is a conflict, not a rewrite. */
export function decideConcession({ itemId, concessionId, decision, note, user, limit, now }: { itemId: number; concessionId: number; decision: 'approved' | 'rejected'; note: string; user: { id: number }; limit: number; now: Date }) {
  db.transaction((tx) => {
    requireOpen(tx, itemId)
    const changed = tx
      .update(concessions)
      .set({ status: decision })
      .where(and(eq(concessions.id, concessionId), eq(concessions.itemId, itemId), eq(concessions.status, 'pending')))
      .returning({ type: concessions.type, percent: concessions.percent })
      .get()
    if (!changed) throw new QueueConflict('This concession has already been decided.')
    tx.insert(concessionDecisions)
      .values({ concessionId, decision, byId: user.id, limitAtDecision: Number.isFinite(limit) ? limit : null, note, createdAt: now })
      .run()
    appendEvent({ itemId, kind: decision === 'approved' ? 'concession_approved' : 'concession_rejected', text: `${changed.type} ${changed.percent}%${note ? ` — ${note}` : ''}`, byId: user.id, now })
  })
}

/** Closes an open item with its outcome and sets its account's status, in one transaction (the caller decides the status). */
export function closeItem({ itemId, outcome, reason, userId, now, accountStatus }: { itemId: number; outcome: QueueOutcome; reason: string; userId: number; now: Date; accountStatus: (typeof accounts.status.enumValues)[number] }) {
  db.transaction((tx) => {
    const item = requireOpen(tx, itemId)
    tx.update(queueItems).set({ status: outcome, closedAt: now, outcomeReason: reason, closedById: userId, updatedAt: now }).where(eq(queueItems.id, itemId)).run()
    appendEvent({ itemId, kind: 'closed', text: `${outcome}${reason ? `: ${reason}` : ''}`, byId: userId, now })
    tx.update(accounts).set({ status: accountStatus, updatedAt: now }).where(eq(accounts.id, item.accountId)).run()
  })
}

// ——— Learning ———

export function itemsForMetrics({ viewer }: { viewer: Viewer }) {
  return db
    .select({ id: queueItems.id, accountId: queueItems.accountId, accountName: accounts.name, accountStatus: accounts.status, status: queueItems.status, openedAt: queueItems.openedAt, closedAt: queueItems.closedAt, arr: queueItems.arrAtOpen, effort: queueItems.effort })
    .from(queueItems)
    .innerJoin(accounts, eq(accounts.id, queueItems.accountId))
    .where(visibleAccounts(viewer))
    .orderBy(asc(queueItems.openedAt))
    .all()
}

/** The account's items, newest first, for links from the account page. */
export function itemLinksOfAccount({ accountId }: { accountId: number }) {
  return itemLinksStatement.all({ accountId })
}
// Prepared once: the account page reads it on every view.
const itemLinksStatement = db
  .select({ id: queueItems.id, status: queueItems.status, risk: queueItems.risk, health: queueItems.health, openedAt: queueItems.openedAt })
  .from(queueItems)
  .where(eq(queueItems.accountId, sql.placeholder('accountId')))
  .orderBy(desc(queueItems.id))
  .prepare()

export function itemsOfAccount({ accountId }: { accountId: number }) {
  return db.select().from(queueItems).where(eq(queueItems.accountId, accountId)).orderBy(asc(queueItems.openedAt), asc(queueItems.id)).all()
}

export function eventsOfItems({ itemIds }: { itemIds: number[] }) {
  if (itemIds.length === 0) return []
  return db
    .select({ id: queueEvents.id, itemId: queueEvents.itemId, kind: queueEvents.kind, text: queueEvents.text, health: queueEvents.health, createdAt: queueEvents.createdAt })
    .from(queueEvents)
    .where(inArray(queueEvents.itemId, itemIds))
    .orderBy(asc(queueEvents.createdAt), asc(queueEvents.id))
    .all()
}

/** Active staff, for assigning steps. */
export function assignableUsers() {
  return db.select({ id: users.id, name: users.name }).from(users).where(isNull(users.disabledAt)).orderBy(asc(users.name)).all()
}
