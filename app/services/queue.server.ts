/* The at-risk queue: builds one account's picture from what Hatescale already holds
   (the latest wave's answers, the one before, silence, the champion log, the renewal
   date), assesses it with app/domain/queue.ts, and applies the result to the account's
   item. Writers only mark accounts dirty; refreshQueue() brings those up to date, so
   the queue is incremental and the respondent's path stays light. */
import { championEvidence, championSignal } from '#app/domain/champions'
import { canShow, mayAttribute, privacyOf } from '#app/domain/confidentiality'
import { band, hateIndex, levelGap, gapSentence, isSignificantGap, meanScore, tally, wentSilent } from '#app/domain/hate-scale'
import type { Viewer } from '#app/domain/access'
import { alertLetter, assess, changeOf, describeChange, drafts, followUps, isNewTrouble, saveMetrics, surprise, type Assessment } from '#app/domain/queue'
import type { AccountPicture } from '#app/domain/signals'
import { approvalLimit, canDecide, CONCESSION_GUIDANCE, dueDates, isOverdue, priceWarning, type TriageSettings } from '#app/domain/triage'
import type { AuditValues } from '#app/domain/audit'
import { LEVELS, type ChampionStatus, type Level, type StaffRole } from '#app/domain/vocabulary'
import { currentWaves } from '#app/domain/waves'
import { championOfAccount, listChampionEvents } from '#app/models/champions.server'
import {
  decideConcession,
  eventsOfItems,
  getConcession,
  getQueueItem,
  invitedInWave,
  itemsForMetrics,
  insertItem,
  itemsOfAccount,
  lastItemOf,
  listQueueItems,
  openItemOf,
  ownerAndTeam,
  queueAccount,
  queueLetter,
  setAccountAtRisk,
  startedWaves,
  topManagementAnswered,
  waveAnswers,
  updateItem,
  waveScores,
  type ApplyResult,
  type QueueFilters,
} from '#app/models/queue.server'
import { closeItem as closeQueueItem } from '#app/models/queue.server'
import * as queueRows from '#app/models/queue.server'
import { clearDirty, dirtyAccounts, markAllDirty } from '#app/models/queue-dirty.server'
import { getSetting, getTriageSettings } from '#app/models/settings.server'
import { listStakeholders } from '#app/models/stakeholders.server'
import { afterCommit } from './after-commit.server'
import { recordChange, type Actor, type AuditSubject } from './audit.server'
import { askBackground } from '#app/utils/background.server'
import { db, type Tx } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { scheduler, type Scheduler } from '#app/utils/scheduler.server'

const DAY = 86_400_000

type Wave = ReturnType<typeof startedWaves>[number]

/** Whole days from `now` to an ISO date (negative when past). */
export function daysUntil(isoDate: string | null, now: Date): number | null {
  if (!isoDate) return null
  return Math.floor((Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / DAY)
}

/**
 * The champion as a signal (app/domain/champions.ts decides: a confirmed departure stays
 * one whatever else is pending). `subject`: whom it is about (the person), for
 * AccountPicture.championSubject, so confirming a departure is not new trouble.
 */
function championOf(accountId: number): { status: ChampionStatus; evidence?: string; subject?: string } {
  const current = championOfAccount({ accountId }) ?? null
  const champion = championSignal(listChampionEvents({ accountId }), current?.id ?? null)
  const person = champion.cause?.personId
  return { status: champion.signal, evidence: championEvidence(champion), subject: person ? `person:${person}` : undefined }
}

/**
 * One account's picture for the signals. "Now" is each person's latest answer over the
 * waves still open and the latest closed wave (a top buyer's 9 must reach the queue the
 * day it is given, while people who have not answered the open wave yet still count with
 * their last answer). Trend is against the wave before those; silence is judged between
 * closed waves only. Confidential waves are applied here, strictest wave wins: no names,
 * and no quotes or figures from groups under k people.
 */
export function accountPicture(accountId: number, now: Date, waves: Wave[] = startedWaves({ now })): { picture: AccountPicture; responseRate: number | null; concerns: string[] } | null {
  const account = queueAccount(accountId)
  if (!account || account.archivedAt) return null
  const champion = championOf(accountId)
  const base = { champion: champion.status, championEvidence: champion.evidence, championSubject: champion.subject, renewalInDays: daysUntil(account.renewalDate, now) }

  const invited = new Map<number, { level: Level; invited: number; answered: number }[]>()
  const { open, lastClosed, closedBefore } = currentWaves(waves, now, (w) => {
    const counts = invitedInWave({ accountId, waveId: w.id })
    invited.set(w.id, counts)
    return counts.length > 0
  })
  const recent = [...open, ...(lastClosed ? [lastClosed] : [])]
  if (recent.length === 0) return { picture: { answers: [], hateIndex: null, previousHateIndex: null, silentLevels: [], topNeverAnswers: false, gap: null, ...base }, responseRate: null, concerns: [] }

  // Each person's newest answer among the recent waves (newest wave first in `recent`).
  const latestByPerson = new Map<number, ReturnType<typeof waveAnswers>[number]>()
  for (const w of recent) for (const r of waveAnswers({ accountId, waveId: w.id })) if (!latestByPerson.has(r.stakeholderId)) latestByPerson.set(r.stakeholderId, r)
  const answers = [...latestByPerson.values()]
  const answeredOpen = answers.some((a) => open.some((w) => w.id === a.waveId))
  // Trend: against the last closed wave when the open one has answers, else the one before it.
  const previous = answeredOpen ? lastClosed : closedBefore
  const privacy = privacyOf(recent)
  const accountShown = canShow({ n: answers.length }, privacy)

  let previousIndex: number | null = null
  if (previous) {
    const before = waveScores({ accountId, waveId: previous.id })
    previousIndex = canShow({ n: before.length }, privacyOf([previous])) ? hateIndex(tally(before)) : null
  }
  const means: Partial<Record<Level, number | null>> = {}
  for (const level of LEVELS) {
    const scores = answers.filter((a) => a.level === level).map((a) => a.score)
    if (canShow({ n: scores.length }, privacy)) means[level] = meanScore(tally(scores))
  }
  const gap = levelGap(means)
  const count = (wave: Wave | null, level: Level, field: 'invited' | 'answered') => (wave ? (invited.get(wave.id)?.find((r) => r.level === level)?.[field] ?? 0) : 0)
  const silentLevels =
    lastClosed && closedBefore ? LEVELS.filter((l) => wentSilent({ previousAnswered: count(closedBefore, l, 'answered'), currentAnswered: count(lastClosed, l, 'answered'), currentInvited: count(lastClosed, l, 'invited') })) : []
  const top = lastClosed ? topManagementAnswered({ accountId, now }) : { asked: 0, answered: 0 }
  // Checked out or engaged: the last complete wave's response rate.
  const askedLast = LEVELS.reduce((s, l) => s + count(lastClosed, l, 'invited'), 0)
  const answeredLast = LEVELS.reduce((s, l) => s + count(lastClosed, l, 'answered'), 0)

  const picture: AccountPicture = {
    answers: answers.map((a) => {
      const attributed = mayAttribute(privacy)
      return { score: a.score, level: a.level, role: a.role, comment: a.comment, locale: a.locale, category: a.category, who: attributed ? a.name : null, subject: attributed ? `person:${a.stakeholderId}` : `wave:${a.waveId}` }
    }),
    hateIndex: accountShown ? hateIndex(tally(answers.map((a) => a.score))) : null,
    previousHateIndex: accountShown ? previousIndex : null,
    silentLevels,
    topNeverAnswers: top.asked > 0 && top.answered === 0 && !answers.some((a) => a.level === 'top'),
    gap: isSignificantGap(gap) ? { gap: gap.gap, sentence: gapSentence(gap) } : null,
    quoteComments: accountShown,
    ...base,
  }
  // The client's words for the drafts: quoted without names in confidential waves, and not at all under k.
  const concerns = accountShown ? [...new Set(answers.filter((a) => a.comment.trim() && band(a.score) === 'hater').map((a) => a.comment.trim()))] : []
  return { picture, responseRate: askedLast ? answeredLast / askedLast : null, concerns }
}

type Context = { now: Date; settings: TriageSettings; waves: Wave[]; appUrl: string }

type Mark = ReturnType<typeof dirtyAccounts>[number]

/** One marked account, read and assessed; `found` is null for an account with nothing to assess. */
export type Evaluation = { mark: Mark | null; found: { account: NonNullable<ReturnType<typeof queueAccount>>; assessment: Assessment } | null }

/** Reads one account's picture and assesses it. Reads only: the queue's reader thread does this part. */
function evaluate(accountId: number, ctx: Context): Evaluation['found'] {
  const account = queueAccount(accountId)
  const found = account ? accountPicture(accountId, ctx.now, ctx.waves) : null
  if (!account || !found) return null
  return { account, assessment: assess(found.picture, { arr: account.arr, strategic: account.strategic, responseRate: found.responseRate }, ctx.settings) }
}

/**
 * Brings one account's item in line with its assessment, in the caller's transaction:
 * opens an item (with its dated steps) when the account is at risk and has none, unless
 * the last item was closed on this same picture (only new trouble opens another);
 * otherwise records what changed on the open item. A new or newly high-risk item emails
 * the owner and team through the outbox.
 */
function applyAssessment(tx: Tx, { account, assessment, now, appUrl }: { account: NonNullable<ReturnType<typeof queueAccount>>; assessment: Assessment; now: Date; appUrl: string }): ApplyResult {
  const current = openItemOf(account.id)
  const evidence = assessment.signals.map((s) => `– ${s.evidence}`).join('\n')
  const fields = { risk: assessment.risk, health: assessment.health, signals: assessment.signals, triage: assessment.triage, effort: assessment.triage.effort.value, priority: assessment.triage.priority.value, updatedAt: now }
  const alert = (itemId: number, headline: 'new' | 'escalated') => {
    const letter = alertLetter({ accountName: account.name, health: assessment.health, evidence, itemUrl: `${appUrl}/queue/${itemId}`, headline })
    for (const person of ownerAndTeam(account)) queueLetter({ toName: person.name, toEmail: person.email, ...letter, queueItemId: itemId }, now)
  }
  if (!current) {
    if (!assessment.atRisk || account.status === 'churned') return { action: 'none', itemId: null }
    const last = lastItemOf(account.id)
    if (last && !isNewTrouble(last, assessment)) return { action: 'none', itemId: null }
    const itemId = insertItem({ account, fields, steps: dueDates(now), text: evidence, now })
    if (account.status === 'active' || account.status === 'saved') setAccountAtRisk({ accountId: account.id, now })
    if (assessment.risk === 'high') alert(itemId, 'new')
    return { action: 'opened', itemId }
  }
  const change = changeOf(current, assessment)
  if (!change) {
    // No change worth an event; the stored picture may still move (days to renewal, settings, ARR).
    if (current.priority !== fields.priority || current.effort !== fields.effort || JSON.stringify(current.signals) !== JSON.stringify(fields.signals)) updateItem(tx, { itemId: current.id, fields })
    return { action: 'unchanged', itemId: current.id }
  }
  updateItem(tx, { itemId: current.id, fields, event: { kind: change.kind, text: describeChange(change), now } })
  if (current.risk !== 'high' && assessment.risk === 'high') alert(current.id, 'escalated')
  return { action: change.kind, itemId: current.id }
}

/**
 * Applies evaluations to their items in one transaction, on the server's own connection.
 * A mark is cleared only if it was not set again after it was read: an answer stored
 * between the read and this write leaves it, and the account is looked at again.
 */
export function applyEvaluations(evaluations: Evaluation[], { now, appUrl }: Pick<Context, 'now' | 'appUrl'>): ApplyResult[] {
  const results = db.transaction((tx): ApplyResult[] =>
    evaluations.map(({ mark, found }) => {
      if (mark) clearDirty(mark)
      if (!found) return { action: 'none', itemId: null }
      const { account, assessment } = found
      return applyAssessment(tx, { account, assessment, now, appUrl })
    }),
  )
  // An opened item sets its account at risk, a filter of the sentiment views.
  if (results.some((r) => r.action === 'opened')) afterCommit({ sentimentScope: true, now })
  return results
}

// ——— Working an item: each write and its audit event in one transaction ———
// The item's own records (notes, steps, plan, concessions, letters) move no account's
// picture: for them the workflow is that transaction alone.

export { QueueConflict, QueueInvalid } from '#app/models/queue.server'

type ItemWrite = { itemId: number; userId: number; now: Date; actor: Actor }

/** Runs one write on an item and records it; `change` says what to record, from the write's result. */
function onItem<T>(itemId: number, actor: Actor, write: () => T, change: (result: T) => Omit<AuditSubject, 'accountId'> & { before?: AuditValues | null; after?: AuditValues | null }): T {
  return db.transaction(() => {
    const result = write()
    // After the write: a missing item has thrown already (QueueConflict), or there is nothing to record.
    const item = queueRows.itemState({ itemId })
    if (item) recordChange({ actor, accountId: item.accountId, ...change(result) })
    return result
  })
}

const onThisItem = (itemId: number) => ({ entityType: 'queue_item', entityId: itemId })

const STEP_ACTIONS = { done: 'queue.step_done', skip: 'queue.step_skipped', assign: 'queue.step_assigned' } as const

export function updateStep({ actor, ...args }: Parameters<typeof queueRows.updateStep>[0] & { actor: Actor }) {
  db.transaction(() => {
    const before = queueRows.stepState(args) ?? null
    queueRows.updateStep(args)
    const item = queueRows.itemState({ itemId: args.itemId })
    // A repeated "done" finds the step decided and changes nothing: the trail records nothing either.
    if (item) recordChange({ actor, action: STEP_ACTIONS[args.action], entityType: 'queue_step', entityId: args.stepId, accountId: item.accountId, before, after: queueRows.stepState(args) ?? null })
  })
}

export function addNote({ actor, ...args }: ItemWrite & { text: string }) {
  onItem(args.itemId, actor, () => queueRows.addNote(args), () => ({ action: 'queue.note_added', ...onThisItem(args.itemId), after: { note: args.text } }))
}

export function addRecoveryIssue({ actor, ...args }: Parameters<typeof queueRows.addRecoveryIssue>[0] & { actor: Actor }) {
  onItem(args.itemId, actor, () => queueRows.addRecoveryIssue(args), () => ({ action: 'queue.plan_issue_added', ...onThisItem(args.itemId), after: args.issue }))
}

export function sendItemLetters({ actor, ...args }: Parameters<typeof queueRows.sendItemLetters>[0] & { actor: Actor }) {
  return onItem(
    args.itemId,
    actor,
    () => queueRows.sendItemLetters(args),
    (letters) => ({ action: 'queue.letters_sent', ...onThisItem(args.itemId), after: { subject: args.subject, body: args.body, stakeholderIds: args.stakeholderIds, letters } }),
  )
}

export function proposeConcession({ actor, ...args }: Parameters<typeof queueRows.proposeConcession>[0] & { actor: Actor }) {
  return onItem(
    args.itemId,
    actor,
    () => queueRows.proposeConcession(args),
    (id) => ({ action: 'queue.concession_proposed', entityType: 'concession', entityId: id, after: { ...args.concession, status: 'pending' } }),
  )
}

/** Closes an item with its outcome; the account's status follows (saved, churned, or back to active), and with it the sentiment views' status filter. */
export function closeItem({ actor, ...args }: Omit<Parameters<typeof closeQueueItem>[0], 'accountStatus'> & { actor: Actor }) {
  const accountStatus = args.outcome === 'dismissed' ? 'active' : args.outcome
  db.transaction(() => {
    const before = queueRows.itemState({ itemId: args.itemId })
    closeQueueItem({ ...args, accountStatus })
    if (!before) return
    recordChange({
      actor,
      action: 'queue.closed',
      ...onThisItem(args.itemId),
      accountId: before.accountId,
      before: { status: before.status, reason: before.outcomeReason, accountStatus: before.accountStatus },
      after: { status: args.outcome, reason: args.reason, accountStatus },
    })
  })
  afterCommit({ sentimentScope: true, now: args.now })
}

function context(now: Date): Context {
  return { now, settings: getTriageSettings(), waves: startedWaves({ now }), appUrl: getEnv().APP_URL }
}

/** Assess one account now and apply the result to its item. */
export function evaluateAccount(accountId: number, now = new Date()): ApplyResult {
  const ctx = context(now)
  return applyEvaluations([{ mark: null, found: evaluate(accountId, ctx) }], ctx)[0]
}

/** Accounts per transaction when a script or test refreshes in-process: one commit per few hundred, not per account. */
const REFRESH_CHUNK = 250

/**
 * The marked accounts' evaluations, `size` accounts at a time, each slice read in one
 * snapshot (one read transaction, not one per statement).
 */
export function* evaluationSlices({ now, limit, size }: { now: Date; limit: number; size: number }): Generator<Evaluation[]> {
  const marks = dirtyAccounts({ limit })
  const ctx = context(now)
  for (let next = 0; next < marks.length; next += size) {
    yield db.transaction(() => marks.slice(next, next + size).map((mark) => ({ mark, found: evaluate(mark.accountId, ctx) })))
  }
}

/** Brings every account marked dirty up to date (oldest marks first), at once. Returns what it did. */
export function refreshQueue({ now = new Date(), limit = 10_000 }: { now?: Date; limit?: number } = {}) {
  const results: ApplyResult[] = []
  for (const slice of evaluationSlices({ now, limit, size: REFRESH_CHUNK })) results.push(...applyEvaluations(slice, { now, appUrl: getEnv().APP_URL }))
  return results
}

/** The whole portfolio again, at once (scripts and tests; the server uses recomputeQueueInWorker). */
export function recomputeQueue({ now = new Date() }: { now?: Date } = {}) {
  markAllDirty(now)
  return refreshQueue({ now, limit: Number.MAX_SAFE_INTEGER })
}

/**
 * Accounts the background thread reads per slice; the server applies each slice in one
 * transaction between requests. Reading is most of a refresh (the picture: seven reads
 * per account). Applying slices of 20 while the start-up recompute opened items took
 * 8–28 ms each (logged), hence 10.
 */
export const READER_SLICE = 10

// One refresh at a time: the next reads the marks the one before left.
let lastRefresh: Promise<unknown> = Promise.resolve()

/**
 * refreshQueue for the server. The background thread, on a read-only connection of its
 * own, reads and assesses the marked accounts; this thread applies its slices as they
 * come, between requests. A full recompute reads for seconds at 10k accounts, and a
 * large wave's answers mark hundreds of accounts a second: done here, either held every
 * respondent's request for as long. On a failure the marks stay for the next refresh.
 */
export function refreshQueueInWorker({ now = new Date(), limit = 10_000 }: { now?: Date; limit?: number } = {}): Promise<ApplyResult[]> {
  const results: ApplyResult[] = []
  const appUrl = getEnv().APP_URL
  const run = lastRefresh.then(() =>
    askBackground<ApplyResult[], Evaluation>(
      (id) => ({ kind: 'refresh', id, now: now.getTime(), limit, size: READER_SLICE }),
      (reply, send) => {
        if (reply.kind === 'done') return { value: results }
        if (reply.kind !== 'slice') return undefined
        results.push(...applyEvaluations(reply.slice, { now, appUrl }))
        send({ kind: 'next', id: reply.id })
        return undefined
      },
    ),
  )
  lastRefresh = run.catch(() => undefined)
  return run
}

/** recomputeQueue for the server: after a settings change, and daily as renewal dates come closer. */
export function recomputeQueueInWorker({ now = new Date() }: { now?: Date } = {}) {
  markAllDirty(now)
  return refreshQueueInWorker({ now, limit: Number.MAX_SAFE_INTEGER })
}

/** The scheduler's job that brings marked accounts up to date (app/services/scheduled-work.server.ts). */
export const QUEUE_REFRESH_JOB = 'queue refresh'
/**
 * How long marks gather before one refresh takes them all: a burst of answers to one
 * account costs one reassessment, and a large wave's answers do not queue a refresh each.
 */
export const REFRESH_DELAY_MS = 200

/**
 * Refresh once, shortly after the write that marked an account (never inside it): brings
 * the scheduler's queue refresh forward (no timer of its own; a failed refresh leaves the
 * marks for the job's next run). Nothing happens where the job is not scheduled.
 */
export function scheduleRefresh(on: Scheduler = scheduler) {
  on.runSoon(QUEUE_REFRESH_JOB, REFRESH_DELAY_MS)
}

// ——— Pages ———

// NOTE: the pages only read. The queue is brought up to date by the server right after
// each write that marks an account (the scheduler's queue refresh), never by a GET.

export function queuePage({ viewer, filters, now }: { viewer: Viewer; filters: QueueFilters; now: Date }) {
  return listQueueItems({ viewer, filters, now })
}

export function itemPage({ viewer, itemId, now }: { viewer: Viewer; itemId: number; now: Date }) {
  const found = getQueueItem({ viewer, itemId })
  if (!found) return null
  const { item } = found
  const picture = accountPicture(item.accountId, now)
  const people = listStakeholders({ accountId: item.accountId }).filter((p) => p.status === 'active')
  const steps = found.steps.map((s) => ({ ...s, overdue: isOverdue(s, now) }))
  const open = item.status === 'open'
  const openProblems = item.signals.map((s) => s.evidence)
  return {
    ...found,
    steps,
    people: people.map((p) => ({ id: p.id, name: p.name, level: p.level, role: p.role, isChampion: p.isChampion })),
    guidance: CONCESSION_GUIDANCE[item.risk],
    priceWarning: priceWarning(item.signals, picture?.picture.answers.map((a) => a.category) ?? []),
    drafts: open
      ? drafts({
          accountName: found.account.name,
          concerns: picture?.concerns ?? [],
          actions: steps.filter((s) => !s.doneAt && !s.skippedAt).map((s) => ({ title: s.title, owner: s.assignee ?? s.ownerLabel, dueAt: s.dueAt })),
          senderName: getSetting('senderName'),
          topNeverAnswers: picture?.picture.topNeverAnswers ?? false,
          effort: item.effort,
          openProblems,
        })
      : [],
    followUps: item.closedAt && item.status !== 'open' ? followUps(item.status, item.closedAt) : [],
  }
}

export function metricsPage({ viewer, now }: { viewer: Viewer; now: Date }) {
  const items = itemsForMetrics({ viewer })
  const saved = items.filter((i) => i.status === 'saved')
  // Post-save retention: saved accounts that have not been lost since (a later churned item or status).
  const lostAfter = (i: (typeof items)[number]) => i.accountStatus === 'churned' || items.some((j) => j.accountId === i.accountId && j.status === 'churned' && j.openedAt > i.openedAt)
  const metrics = saveMetrics(items, { saved: saved.length, renewed: saved.filter((i) => !lostAfter(i)).length })
  const churned = items.filter((i) => i.status === 'churned')
  return {
    metrics,
    churned: churned.map((i) => {
      const flagged = items.filter((j) => j.accountId === i.accountId).map((j) => j.openedAt)
      return { itemId: i.id, accountId: i.accountId, name: i.accountName, arr: i.arr, closedAt: i.closedAt, ...surprise(flagged, i.closedAt ?? now) }
    }),
    // The product's own quality measure: the share of churn the queue saw coming.
    foreseen: churned.length ? churned.filter((i) => !surprise(items.filter((j) => j.accountId === i.accountId).map((j) => j.openedAt), i.closedAt ?? now).surprise).length / churned.length : null,
  }
}

/**
 * What a post-mortem needs beyond the account page's own sections: the queue's history
 * and the surprise. Null when the account was never lost (no churned item, not churned).
 */
export function postMortem({ accountId }: { accountId: number }) {
  const items = itemsOfAccount({ accountId })
  const lost = items.filter((i) => i.status === 'churned').at(-1)
  const lostAt = lost?.closedAt ?? (queueAccount(accountId)?.status === 'churned' ? new Date() : null)
  if (!lostAt) return null
  const events = eventsOfItems({ itemIds: items.map((i) => i.id) })
  return {
    lostAt,
    items: items.map((i) => ({ id: i.id, status: i.status, risk: i.risk, effort: i.effort, openedAt: i.openedAt, closedAt: i.closedAt, outcomeReason: i.outcomeReason, events: events.filter((e) => e.itemId === i.id) })),
    surprise: surprise(
      items.map((i) => i.openedAt),
      lostAt,
    ),
  }
}

export class NotAllowed extends Error {}

/** Approve or reject a concession, enforcing the approval limits here on the server. */
export function decideOnConcession({ user, itemId, concessionId, decision, note, now, actor }: { user: { id: number; role: StaffRole; approvalLimit: number | null }; itemId: number; concessionId: number; decision: 'approved' | 'rejected'; note: string; now: Date; actor: Actor }) {
  const concession = getConcession({ itemId, concessionId })
  if (!concession) return false
  if (!canDecide(user, concession, decision)) {
    throw new NotAllowed(`A ${concession.percent}% concession needs someone whose approval limit covers it; yours is ${approvalLimit(user)}%.`)
  }
  const limit = approvalLimit(user)
  onItem(
    itemId,
    actor,
    () => decideConcession({ itemId, concessionId, decision, note, user, limit, now }),
    () => ({
      action: `queue.concession_${decision}`,
      entityType: 'concession',
      entityId: concessionId,
      before: { status: concession.status, note: null },
      // The decider's limit then: what made the decision theirs to take.
      after: { status: decision, note, approvalLimit: Number.isFinite(limit) ? limit : null },
    }),
  )
  return true
}
