/* The outbox: queued messages are claimed in batches, sent, and marked — with
   enough recorded (batch key, claim time) that a crash mid-send is recovered by
   re-sending the same batch under the same idempotency key. */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { devMailbox, invitations, letters, outbox, stakeholders, waves } from '#db/schema'
import { CLAIM_LEASE_MS } from '#app/domain/delivery'
import type { InvitationState, Level, Locale } from '#app/domain/vocabulary'
import { reminderDue, waveStatus, type ReminderPolicy } from '#app/domain/waves'
import { db, sqlite } from '#app/utils/db.server'

// A letter to a client's person (not to staff) names them, so their status is checked too.
const letterRecipient = alias(stakeholders, 'letter_recipient')

const claimColumns = {
  outboxId: outbox.id,
  kind: outbox.kind,
  idempotencyKey: outbox.idempotencyKey,
  attempts: outbox.attempts,
  batchKey: outbox.batchKey,
  invitationId: invitations.id,
  letterId: letters.id,
  letterTo: letters.toEmail,
  letterToName: letters.toName,
  letterSubject: letters.subject,
  letterBody: letters.body,
  letterRecipientStatus: letterRecipient.status,
  tokenSalt: invitations.tokenSalt,
  locale: invitations.locale,
  level: invitations.level,
  name: stakeholders.name,
  email: stakeholders.email,
  stakeholderStatus: stakeholders.status,
  invitationState: invitations.state,
  waveId: waves.id,
  questions: waves.questions,
  anonymity: waves.anonymity,
  sendAt: waves.sendAt,
  closesAt: waves.closesAt,
  closedAt: waves.closedAt,
}

type Claim = {
  outboxId: number
  idempotencyKey: string
  attempts: number
  batchKey: string | null
}

/** A letter: written text to one address, no survey link. */
export type ClaimedLetter = Claim & { kind: 'letter'; letterId: number; letterTo: string; letterToName: string; letterSubject: string; letterBody: string }

export type ClaimedMessage = ClaimedSurveyMessage | ClaimedLetter

export type ClaimedSurveyMessage = Claim & {
  kind: 'invitation' | 'reminder'
  invitationId: number
  tokenSalt: string
  locale: Locale
  level: 'executor' | 'manager' | 'head' | 'top'
  name: string
  email: string
  questions: Record<string, Record<string, string>>
  anonymity: 'named' | 'confidential'
  closesAt: Date
}

// Survey messages join their invitation; letters their text (left joins: one or the other).
function joined() {
  return db
    .select(claimColumns)
    .from(outbox)
    .leftJoin(invitations, eq(invitations.id, outbox.invitationId))
    .leftJoin(stakeholders, eq(stakeholders.id, invitations.stakeholderId))
    .leftJoin(waves, eq(waves.id, invitations.waveId))
    .leftJoin(letters, eq(letters.id, outbox.letterId))
    .leftJoin(letterRecipient, eq(letterRecipient.id, letters.stakeholderId))
}

type Joined = ReturnType<ReturnType<typeof joined>['all']>[number]

/** Why a queued message must not go out any more, or null when it still should. */
function cancelReason(row: Joined, now: Date): string | null {
  // Letters go as written, unless their client recipient has since unsubscribed, bounced or left.
  if (row.kind === 'letter') return row.letterRecipientStatus && row.letterRecipientStatus !== 'active' ? `recipient ${row.letterRecipientStatus}` : null
  if (!row.sendAt || !row.closesAt || !row.stakeholderStatus || !row.invitationState) return 'invitation gone'
  if (waveStatus({ sendAt: row.sendAt, closesAt: row.closesAt, closedAt: row.closedAt }, now) === 'closed') return 'wave closed'
  if (row.stakeholderStatus !== 'active') return `recipient ${row.stakeholderStatus}`
  if (row.kind === 'reminder' && row.invitationState === 'answered') return 'already answered'
  return null
}

/**
 * Claims up to `limit` due messages for one batch (status → sending). Messages that
 * must no longer go out (wave closed, recipient unsubscribed/bounced/left, reminder
 * to someone who answered) are cancelled on the way.
 */
export function claimBatch({ now, limit, makeBatchKey }: { now: Date; limit: number; makeBatchKey: (keys: string[]) => string }): ClaimedMessage[] {
  return db.transaction((tx) => {
    const claimed: ClaimedMessage[] = []
    // Read a little more than needed, since some may be cancelled.
    while (claimed.length < limit) {
      const rows = joined()
        .where(and(eq(outbox.status, 'queued'), lte(outbox.notBefore, now)))
        .orderBy(asc(outbox.notBefore), asc(outbox.id))
        .limit(limit - claimed.length)
        .all()
      if (rows.length === 0) break
      for (const row of rows) {
        const reason = cancelReason(row, now)
        // Either way the row leaves 'queued', so the next read does not see it again.
        if (reason) sendStatements.cancel.run({ id: row.outboxId, reason })
        else {
          sendStatements.claim.run({ id: row.outboxId, now: now.getTime() })
          claimed.push(row as ClaimedMessage)
        }
      }
    }
    if (claimed.length === 0) return claimed
    const batchKey = makeBatchKey(claimed.map((m) => m.idempotencyKey))
    tx.update(outbox)
      .set({ batchKey })
      .where(inArray(outbox.id, claimed.map((m) => m.outboxId)))
      .run()
    return claimed.map((m) => ({ ...m, batchKey }))
  })
}

/** Batches whose sender died after claiming them: to be re-sent under the same batch key. */
export function staleBatches({ now }: { now: Date }): ClaimedMessage[][] {
  const rows = joined()
    .where(and(eq(outbox.status, 'sending'), lte(outbox.claimedAt, new Date(now.getTime() - CLAIM_LEASE_MS))))
    .orderBy(asc(outbox.id))
    .all() as ClaimedMessage[]
  const byKey = new Map<string, ClaimedMessage[]>()
  for (const row of rows) byKey.set(row.batchKey ?? '', [...(byKey.get(row.batchKey ?? '') ?? []), row])
  return [...byKey.values()]
}

export function markAccepted({ accepted, now }: { accepted: { outboxId: number; providerId: string }[]; now: Date }) {
  if (accepted.length === 0) return
  db.transaction(() => {
    for (const { outboxId, providerId } of accepted) {
      const row = sendStatements.accepted.get({ id: outboxId, providerId, now: now.getTime() })
      // A reminder counts; an invitation moves from queued to sent (never backwards).
      if (row?.invitationId) sendStatements.invitationSent.run({ id: row.invitationId, now: now.getTime(), reminder: row.kind === 'reminder' ? 1 : 0 })
    }
  })
}

// NOTE: a batch claims and marks up to 100 rows one by one, on the server's main thread
// between requests: plain SQL prepared once, since drizzle built and prepared each update
// anew (~0.2 ms a row, 40 ms a batch, during which no request was served).
const sendStatements = {
  claim: sqlite.prepare<{ id: number; now: number }>("update outbox set status = 'sending', claimed_at = @now where id = @id"),
  cancel: sqlite.prepare<{ id: number; reason: string }>("update outbox set status = 'cancelled', last_error = @reason where id = @id"),
  accepted: sqlite.prepare<{ id: number; providerId: string; now: number }, { kind: (typeof outbox.kind.enumValues)[number]; invitationId: number | null }>(
    "update outbox set status = 'sent', provider_id = @providerId, sent_at = @now, last_error = null where id = @id and status != 'sent' returning kind, invitation_id as invitationId",
  ),
  invitationSent: sqlite.prepare<{ id: number; now: number; reminder: 0 | 1 }>(
    "update invitations set last_sent_at = @now, reminders_sent = reminders_sent + @reminder, state = case when state = 'queued' then 'sent' else state end where id = @id",
  ),
}

/** A permanent failure: recorded on the message and on the invitation, and shown on the wave page. */
export function markFailed({ failures }: { failures: { outboxId: number; message: string }[] }) {
  if (failures.length === 0) return
  db.transaction((tx) => {
    for (const { outboxId, message } of failures) {
      const row = tx
        .update(outbox)
        .set({ status: 'failed', lastError: message })
        .where(eq(outbox.id, outboxId))
        .returning({ invitationId: outbox.invitationId, kind: outbox.kind })
        .get()
      if (row?.kind === 'invitation' && row.invitationId) {
        tx.update(invitations).set({ state: 'failed', failureReason: message }).where(eq(invitations.id, row.invitationId)).run()
      }
    }
  })
}

/** Back to the queue after a rate limit or a transient error. */
export function requeue({ outboxIds, notBefore, message, countAttempt }: { outboxIds: number[]; notBefore: Date; message: string; countAttempt: boolean }) {
  if (outboxIds.length === 0) return
  db.update(outbox)
    .set({
      status: 'queued',
      notBefore,
      lastError: message,
      batchKey: null,
      claimedAt: null,
      attempts: countAttempt ? sql`${outbox.attempts} + 1` : outbox.attempts,
    })
    .where(inArray(outbox.id, outboxIds))
    .run()
}

/** Queues reminders that are due under each wave's per-level policy (idempotent per reminder number). */
export function enqueueDueReminders({ now }: { now: Date }): number {
  let queued = 0
  db.transaction(() => {
    for (const wave of reminderStatements.openWaves.all({ now: now.getTime() })) {
      const policy = JSON.parse(wave.policy) as ReminderPolicy
      const timed = { sendAt: new Date(wave.sendAt), closesAt: new Date(wave.closesAt), closedAt: null }
      const waveOpen = waveStatus(timed, now) === 'open'
      // Nobody is due before the wave's shortest wait: those sent since are not read at all.
      const sentBefore = now.getTime() - Math.min(...Object.values(policy).map((p) => p.afterDays)) * 86_400_000
      for (const c of reminderStatements.candidates.all({ waveId: wave.id, sentBefore })) {
        const invitation = { state: c.state, remindersSent: c.remindersSent, lastSentAt: c.lastSentAt === null ? null : new Date(c.lastSentAt) }
        if (!reminderDue({ invitation, policy: policy[c.level], waveOpen, reachable: c.stakeholderStatus === 'active', now })) continue
        queued += reminderStatements.insert.run({ invitationId: c.invitationId, key: `reminder/${c.invitationId}/${c.remindersSent + 1}`, now: now.getTime() }).changes
      }
    }
  })
  return queued
}

// NOTE: the dispatcher looks for due reminders every minute on the server's main thread.
// Reading every unanswered invitation of the open waves through drizzle (the wave's
// policy parsed from JSON on each row) held it for ~0.7 s with a 10k wave out; now the
// policy is read once per wave and only invitations sent before its shortest wait are
// read. reminderDue still decides each one.
const reminderStatements = {
  openWaves: sqlite.prepare<{ now: number }, { id: number; policy: string; sendAt: number; closesAt: number }>(
    'select id, reminder_policy as policy, send_at as sendAt, closes_at as closesAt from waves where closed_at is null and closes_at > @now and send_at <= @now',
  ),
  candidates: sqlite.prepare<
    { waveId: number; sentBefore: number },
    { invitationId: number; level: Level; state: InvitationState; remindersSent: number; lastSentAt: number | null; stakeholderStatus: string }
  >(
    `select i.id as invitationId, i.level, i.state, i.reminders_sent as remindersSent, i.last_sent_at as lastSentAt, s.status as stakeholderStatus
     from invitations i join stakeholders s on s.id = i.stakeholder_id
     where i.wave_id = @waveId and i.state in ('sent', 'delivered', 'opened') and i.last_sent_at <= @sentBefore and s.status = 'active'`,
  ),
  insert: sqlite.prepare<{ invitationId: number; key: string; now: number }>(
    "insert into outbox (kind, invitation_id, idempotency_key, not_before) values ('reminder', @invitationId, @key, @now) on conflict do nothing",
  ),
}

export function deliverToDevMailbox({ messages }: { messages: { outboxId: number; from: string; to: string; subject: string; html: string; text: string; headers: Record<string, string> }[] }) {
  db.transaction((tx) => {
    for (const m of messages) tx.insert(devMailbox).values(m).onConflictDoNothing().run()
  })
}

export function listDevMailbox({ limit = 100, to }: { limit?: number; to?: string }) {
  return db
    .select({ id: devMailbox.id, to: devMailbox.to, subject: devMailbox.subject, createdAt: devMailbox.createdAt })
    .from(devMailbox)
    .where(to ? sql`${devMailbox.to} like ${`%${to}%`}` : undefined)
    .orderBy(sql`${devMailbox.id} desc`)
    .limit(limit)
    .all()
}

export function getDevMessage({ id }: { id: number }) {
  return db.select().from(devMailbox).where(eq(devMailbox.id, id)).get()
}

export function outboxCounts() {
  return db.select({ status: outbox.status, n: sql<number>`count(*)` }).from(outbox).groupBy(outbox.status).all()
}

