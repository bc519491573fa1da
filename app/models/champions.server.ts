/* The champion log and the changes it records. Every write appends events; the
   stakeholder's champion flag is the current state, changed in the same transaction
   as the event that explains it. Detection helpers take the caller's transaction, so
   an answer, a bounce or an import and the event it causes are written together. */
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { championEvents, invitations, responses, stakeholders, users, waves } from '#db/schema'
import { PERSONAL_FEATURE_MODES } from '#app/domain/confidentiality'
import { pendingEvents, type ChampionEvent } from '#app/domain/champions'
import { INVITATION_STATES, type ChampionReason, type ChampionSource, type Level } from '#app/domain/vocabulary'
import { db, sqlite, type Tx } from '#app/utils/db.server'

// NOTE: a literal, not eq(stakeholders.isChampion, true): the one-champion partial index's WHERE is
// `is_champion = 1`, and a bound value there makes SQLite re-prepare the statement on
// every call to decide on that index (21 against 8 µs per lookup, 10,000 per recompute).
const isCurrentChampion = sql`${stakeholders.isChampion} = 1`

type NewEvent = typeof championEvents.$inferInsert

function append(tx: Tx, event: NewEvent) {
  return tx.insert(championEvents).values(event).onConflictDoNothing().returning({ id: championEvents.id }).get()
}

function currentChampion(tx: Tx, accountId: number) {
  return tx
    .select({ id: stakeholders.id, level: stakeholders.level, name: stakeholders.name })
    .from(stakeholders)
    .where(and(eq(stakeholders.accountId, accountId), isCurrentChampion))
    .get()
}

function isChampion(tx: Tx, stakeholderId: number) {
  return tx.select({ accountId: stakeholders.accountId }).from(stakeholders).where(and(eq(stakeholders.id, stakeholderId), isCurrentChampion)).get()
}

// ——— Reading ———

const fromPerson = alias(stakeholders, 'from_person')
const toPerson = alias(stakeholders, 'to_person')

// Prepared once: the at-risk queue reads every account's log on a full recompute.
const eventsStatement = db
    .select({
      id: championEvents.id,
      kind: championEvents.kind,
      reason: championEvents.reason,
      source: championEvents.source,
      pending: championEvents.pending,
      refersTo: championEvents.refersTo,
      fromStakeholderId: championEvents.fromStakeholderId,
      toStakeholderId: championEvents.toStakeholderId,
      fromName: fromPerson.name,
      toName: toPerson.name,
      suggestedName: championEvents.suggestedName,
      suggestedEmail: championEvents.suggestedEmail,
      note: championEvents.note,
      by: users.name,
      createdAt: championEvents.createdAt,
    })
    .from(championEvents)
    .leftJoin(fromPerson, eq(fromPerson.id, championEvents.fromStakeholderId))
    .leftJoin(toPerson, eq(toPerson.id, championEvents.toStakeholderId))
    .leftJoin(users, eq(users.id, championEvents.createdById))
    .where(eq(championEvents.accountId, sql.placeholder('accountId')))
    .orderBy(asc(championEvents.createdAt), asc(championEvents.id))
    .prepare()

export function listChampionEvents({ accountId }: { accountId: number }) {
  return eventsStatement.all({ accountId })
}

/** Every event of these accounts, for the portfolio view of champions. */
export function listEventsOfAccounts({ accountIds }: { accountIds: number[] }) {
  if (accountIds.length === 0) return []
  return db
    .select({
      id: championEvents.id,
      accountId: championEvents.accountId,
      kind: championEvents.kind,
      reason: championEvents.reason,
      pending: championEvents.pending,
      refersTo: championEvents.refersTo,
      fromStakeholderId: championEvents.fromStakeholderId,
      toStakeholderId: championEvents.toStakeholderId,
      createdAt: championEvents.createdAt,
    })
    .from(championEvents)
    .where(inArray(championEvents.accountId, accountIds))
    .orderBy(asc(championEvents.id))
    .all()
}

// ——— Manual changes (take effect at once) ———

/** Names someone champion; the previous champion, if any, is recorded as replaced. */
export function designateChampion({ accountId, stakeholderId, userId, reason = 'replaced', note = '' }: { accountId: number; stakeholderId: number; userId: number | null; reason?: ChampionReason; note?: string }) {
  db.transaction((tx) => designateIn(tx, { accountId, stakeholderId, userId, reason, note, source: 'manual' }))
}

export class NotEligibleError extends Error {}

export function designateIn(tx: Tx, { accountId, stakeholderId, userId, reason, note, source }: { accountId: number; stakeholderId: number; userId: number | null; reason: ChampionReason; note: string; source: ChampionSource }) {
  const current = currentChampion(tx, accountId)
  if (current?.id === stakeholderId) return
  // Only someone we can still reach can be our champion.
  const person = tx.select({ status: stakeholders.status }).from(stakeholders).where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, stakeholderId))).get()
  if (person?.status !== 'active') throw new NotEligibleError('Only someone active at this account can be the champion.')
  tx.update(stakeholders).set({ isChampion: false, updatedAt: new Date() }).where(and(eq(stakeholders.accountId, accountId), isCurrentChampion)).run()
  tx.update(stakeholders).set({ isChampion: true, updatedAt: new Date() }).where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, stakeholderId))).run()
  append(tx, {
    accountId,
    kind: current ? 'replaced' : 'designated',
    fromStakeholderId: current?.id ?? null,
    toStakeholderId: stakeholderId,
    reason: current ? reason : null,
    source,
    note,
    createdById: userId,
  })
}

/** Takes the champion flag away without a successor (e.g. they changed role). */
export function removeChampion({ accountId, reason, userId, note = '' }: { accountId: number; reason: ChampionReason; userId: number | null; note?: string }) {
  db.transaction((tx) => {
    const current = currentChampion(tx, accountId)
    if (!current) return
    tx.update(stakeholders).set({ isChampion: false, updatedAt: new Date() }).where(eq(stakeholders.id, current.id)).run()
    append(tx, { accountId, kind: 'removed', fromStakeholderId: current.id, reason, source: 'manual', note, createdById: userId })
  })
}

// ——— Detection (pending until the owner confirms or dismisses) ———

/** "I have left this company": for anyone (the owner confirms), a champion-left event if they were the champion. */
export function detectLeft(tx: Tx, { accountId, stakeholderId, waveId }: { accountId: number; stakeholderId: number; waveId: number }) {
  const champion = isChampion(tx, stakeholderId)
  append(tx, { accountId, kind: 'left', fromStakeholderId: stakeholderId, reason: 'left_company', source: 'respondent', pending: true, waveId, note: champion ? 'The champion says they have left the company.' : 'Says they have left the company.' })
}

/** The champion's email bounced. */
export function detectBounce(tx: Tx, { stakeholderId, waveId, reason }: { stakeholderId: number; waveId: number; reason?: string }) {
  const champion = isChampion(tx, stakeholderId)
  if (!champion) return
  append(tx, { accountId: champion.accountId, kind: 'at_risk', fromStakeholderId: stakeholderId, reason: 'bounced', source: 'bounce', pending: true, waveId, note: reason ? `Bounce: ${reason}` : 'Their email bounced.' })
}

/** The champion named someone else to answer. */
export function detectSuccessorSuggestion(tx: Tx, { stakeholderId, waveId, name, email }: { stakeholderId: number; waveId: number; name: string; email: string }) {
  const champion = isChampion(tx, stakeholderId)
  if (!champion) return
  append(tx, { accountId: champion.accountId, kind: 'successor_suggested', fromStakeholderId: stakeholderId, source: 'respondent', pending: true, waveId, suggestedName: name, suggestedEmail: email, note: `Suggests ${name} <${email}> should answer instead.` })
}

/**
 * A full-list import (the importer said the file lists every person of these accounts)
 * that no longer lists an account's current champion: a "possibly left" for the owner.
 * Only for a full list (`fullList`; a file of a few new people says nothing about who
 * left), and never twice for one person, whatever became of the first.
 */
export function detectMissingFromImport(tx: Tx, { accountIds, listedEmails, fullList = false }: { accountIds: number[]; listedEmails: Map<number, Set<string>>; fullList?: boolean }) {
  if (!fullList) return
  for (const accountId of accountIds) {
    const champion = tx.select({ id: stakeholders.id, email: stakeholders.email }).from(stakeholders).where(and(eq(stakeholders.accountId, accountId), isCurrentChampion)).get()
    if (!champion || listedEmails.get(accountId)?.has(champion.email)) continue
    const raised = tx
      .select({ id: championEvents.id })
      .from(championEvents)
      .where(and(eq(championEvents.accountId, accountId), eq(championEvents.kind, 'possibly_left'), eq(championEvents.fromStakeholderId, champion.id)))
      .get()
    if (!raised) append(tx, { accountId, kind: 'possibly_left', fromStakeholderId: champion.id, reason: 'left_company', source: 'import', pending: true, note: 'A stakeholder re-import no longer lists the champion.' })
  }
}

/** Cooling by score: the champion's answer is 3+ points worse than their previous one (named waves only: see previousScore). */
export function detectCoolingByScore(tx: Tx, { stakeholderId, waveId, score, previous }: { stakeholderId: number; waveId: number; score: number; previous: number }) {
  const champion = isChampion(tx, stakeholderId)
  if (!champion) return
  append(tx, { accountId: champion.accountId, kind: 'cooling', fromStakeholderId: stakeholderId, reason: 'cooled', source: 'survey_pattern', pending: true, waveId, note: `Their score went from ${previous} to ${score}.` })
}

function listRaw(tx: Tx, accountId: number): ChampionEvent[] {
  return tx
    .select({ id: championEvents.id, kind: championEvents.kind, reason: championEvents.reason, fromStakeholderId: championEvents.fromStakeholderId, toStakeholderId: championEvents.toStakeholderId, pending: championEvents.pending, refersTo: championEvents.refersTo, createdAt: championEvents.createdAt })
    .from(championEvents)
    .where(eq(championEvents.accountId, accountId))
    .all()
}

/**
 * The person's latest answer in an earlier wave (for cooling by score and by silence).
 * Named waves only, both sides: a confidential answer never feeds a per-person feature
 * (SPEC "Confidential mode"), so in a confidential wave there is no previous score at all.
 */
export function previousScore(tx: Tx, { stakeholderId, waveId }: { stakeholderId: number; waveId: number }): number | null {
  const row = tx
    .select({ score: responses.score })
    .from(responses)
    .innerJoin(waves, eq(waves.id, responses.waveId))
    .where(
      and(
        eq(responses.stakeholderId, stakeholderId),
        sql`${responses.waveId} != ${waveId}`,
        inArray(waves.anonymity, PERSONAL_FEATURE_MODES),
        inArray(sql`(select anonymity from waves where id = ${waveId})`, PERSONAL_FEATURE_MODES),
        lt(waves.sendAt, sql`(select send_at from waves where id = ${waveId})`),
      ),
    )
    .orderBy(desc(waves.sendAt))
    .limit(1)
    .get()
  return row?.score ?? null
}

/**
 * Cooling by silence, for named waves that have closed: the champion was asked, did not
 * answer, and answered an earlier named wave. Idempotent (one event per champion and wave).
 */
// As a list, not `!= 'answered'`: the (wave, state) index then reads only the unanswered,
// where the inequality read every invitation of the wave (~45 ms a minute for 3 waves of
// 125,000, on the server's main thread).
const UNANSWERED = INVITATION_STATES.filter((s) => s !== 'answered')

/** Returns the accounts where a silent champion was found (new events only). */
export function detectSilentChampions({ now }: { now: Date }): number[] {
  // Named waves only: whether a person answered a confidential wave is never used.
  const closedWaves = db
    .select({ id: waves.id, sendAt: waves.sendAt })
    .from(waves)
    .where(and(sql`coalesce(${waves.closedAt}, ${waves.closesAt}) <= ${now.getTime()}`, inArray(waves.anonymity, PERSONAL_FEATURE_MODES)))
    .orderBy(desc(waves.sendAt))
    .limit(3)
    .all()
  const found: number[] = []
  db.transaction((tx) => {
    for (const wave of closedWaves) {
      const silent = tx
        .select({ stakeholderId: invitations.stakeholderId, accountId: invitations.accountId })
        .from(invitations)
        .innerJoin(stakeholders, and(eq(stakeholders.id, invitations.stakeholderId), isCurrentChampion))
        .where(and(eq(invitations.waveId, wave.id), inArray(invitations.state, UNANSWERED)))
        .all()
      for (const s of silent) {
        // Only someone who answered an earlier wave can go silent.
        if (previousScore(tx, { stakeholderId: s.stakeholderId, waveId: wave.id }) === null) continue
        const inserted = append(tx, { accountId: s.accountId, kind: 'cooling', fromStakeholderId: s.stakeholderId, reason: 'cooled', source: 'survey_pattern', pending: true, waveId: wave.id, note: 'Answered before, silent in this wave.' })
        if (inserted) found.push(s.accountId)
      }
    }
  })
  return found
}

// ——— The owner's decision on a pending event ———

export class NotPendingError extends Error {}

export function resolveEvent({ accountId, eventId, decision, userId }: { accountId: number; eventId: number; decision: 'confirmed' | 'dismissed'; userId: number }) {
  db.transaction((tx) => {
    const all = listRaw(tx, accountId)
    const event = pendingEvents(all).find((e) => e.id === eventId)
    if (!event) throw new NotPendingError(String(eventId))
    const full = tx.select().from(championEvents).where(eq(championEvents.id, eventId)).get()!
    append(tx, { accountId, kind: decision, refersTo: eventId, fromStakeholderId: full.fromStakeholderId, source: 'manual', createdById: userId })
    const person = full.fromStakeholderId
    if (!person) return
    if (decision === 'dismissed') {
      // The person did not leave after all: back to active (a bounce stays a bounce).
      if (full.kind === 'left') tx.update(stakeholders).set({ status: 'active', updatedAt: new Date() }).where(and(eq(stakeholders.id, person), eq(stakeholders.status, 'left'))).run()
      return
    }
    if (full.kind === 'left' || full.kind === 'possibly_left') {
      tx.update(stakeholders).set({ status: 'left', isChampion: false, updatedAt: new Date() }).where(eq(stakeholders.id, person)).run()
    } else if (full.kind === 'at_risk') {
      tx.update(stakeholders).set({ isChampion: false, updatedAt: new Date() }).where(eq(stakeholders.id, person)).run()
    } else if (full.kind === 'successor_suggested' && full.suggestedEmail) {
      const champion = tx.select({ level: stakeholders.level, locale: stakeholders.locale }).from(stakeholders).where(eq(stakeholders.id, person)).get()
      const existing = tx.select({ id: stakeholders.id }).from(stakeholders).where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.email, full.suggestedEmail))).get()
      const successorId =
        existing?.id ??
        tx
          .insert(stakeholders)
          .values({ accountId, name: full.suggestedName ?? full.suggestedEmail, email: full.suggestedEmail, level: (champion?.level ?? 'manager') as Level, role: 'both', locale: champion?.locale ?? 'en', title: 'Suggested by the champion' })
          .returning({ id: stakeholders.id })
          .get().id
      designateIn(tx, { accountId, stakeholderId: successorId, userId, reason: 'replaced', note: 'Named as successor by the previous champion.', source: 'respondent' })
    }
  })
}

const championStatement = db
  .select({ id: stakeholders.id, name: stakeholders.name, level: stakeholders.level })
  .from(stakeholders)
  .where(and(eq(stakeholders.accountId, sql.placeholder('accountId')), isCurrentChampion))
  .prepare()

/** The account's current champion, if any. */
export function championOfAccount({ accountId }: { accountId: number }) {
  return championStatement.get({ accountId })
}

/** Accounts of these ids that have champion events or a current champion (for /champions). */
export function championsOfAccounts({ accountIds }: { accountIds: number[] }) {
  if (accountIds.length === 0) return []
  return db
    .select({ accountId: stakeholders.accountId, id: stakeholders.id, name: stakeholders.name, level: stakeholders.level })
    .from(stakeholders)
    .where(and(inArray(stakeholders.accountId, accountIds), isCurrentChampion))
    .all()
}

/** Latest answer per person of one account in a named wave (for ranking successors: confidential answers never feed it). */
export function latestAnswers({ accountId }: { accountId: number }) {
  return latestAnswersStatement.all({ accountId }).map((a) => ({ stakeholderId: a.stakeholderId, score: a.score, at: new Date(a.at), sendAt: new Date(a.sendAt) }))
}
// NOTE: the account page reads this on every view: plain SQL prepared once, since drizzle
// builds the query per call and its row mapping costs about as much as the query.
const latestAnswersStatement = sqlite.prepare<{ accountId: number }, { stakeholderId: number; score: number; at: number; sendAt: number }>(
  // SQLite takes a bare column from the row that gave max(): each person's answer in the latest wave they answered.
  `select r.stakeholder_id as stakeholderId, r.score, r.updated_at as at, max(w.send_at) as sendAt
   from responses r join waves w on w.id = r.wave_id and w.anonymity in (${PERSONAL_FEATURE_MODES.map((m) => `'${m}'`).join(', ')})
   where r.account_id = @accountId group by r.stakeholder_id`,
)


/** The champion flag was taken off on the person form, or the champion was marked as left. */
export function recordRemoval(tx: Tx, { accountId, stakeholderId, reason, userId, note }: { accountId: number; stakeholderId: number; reason: ChampionReason | null; userId: number | null; note: string }) {
  append(tx, { accountId, kind: 'removed', fromStakeholderId: stakeholderId, reason, source: 'manual', note, createdById: userId })
}
