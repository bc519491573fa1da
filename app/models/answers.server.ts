/* The respondent's side: finding an invitation by its link, recording answers
   (one per invitation, every version kept), and the "left", "someone else" and
   unsubscribe options. Each write is one transaction and safe to repeat. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { invitations, outbox, responseRevisions, responses, stakeholders, stakeholderSuggestions, waves } from '#db/schema'
import { coolingByScore } from '#app/domain/champions'
import { waveStatus } from '#app/domain/waves'
import type { ResponseCategory } from '#app/domain/vocabulary'
import { db, type Tx } from '#app/utils/db.server'
import { detectCoolingByScore, detectLeft, detectSuccessorSuggestion, previousScore } from './champions.server'

const respondentColumns = {
  invitationId: invitations.id,
  waveId: invitations.waveId,
  accountId: invitations.accountId,
  stakeholderId: invitations.stakeholderId,
  level: invitations.level,
  role: invitations.role,
  locale: invitations.locale,
  state: invitations.state,
  stakeholderStatus: stakeholders.status,
  isChampion: stakeholders.isChampion,
  questions: waves.questions,
  followUp: waves.followUp,
  askCategory: waves.askCategory,
  anonymity: waves.anonymity,
  sendAt: waves.sendAt,
  closesAt: waves.closesAt,
  closedAt: waves.closedAt,
  score: responses.score,
  comment: responses.comment,
  category: responses.category,
}

// NOTE: the respondent's path runs on every survey page view and answer, so its
// statements are prepared once (drizzle builds and prepares a query per call otherwise,
// ~0.1 ms each — most of an answer's cost).
const respondentQuery = () =>
  db
    .select({ ...respondentColumns, tokenHash: invitations.tokenHash, unsubscribeHash: invitations.unsubscribeHash })
    .from(invitations)
    .innerJoin(waves, eq(waves.id, invitations.waveId))
    .innerJoin(stakeholders, eq(stakeholders.id, invitations.stakeholderId))
    .leftJoin(responses, eq(responses.invitationId, invitations.id))
const byId = respondentQuery().where(eq(invitations.id, sql.placeholder('id'))).prepare()
// Format-1 (bare MAC) links only, see link-tokens.server.ts: the hash indexes are partial.
// The literal `= 1` matches the partial indexes' own WHERE, which a bound parameter would not.
const byHash = (column: typeof invitations.tokenHash | typeof invitations.unsubscribeHash) =>
  respondentQuery()
    .where(and(eq(column, sql.placeholder('hash')), sql`${invitations.linkFormat} = 1`))
    .prepare()
const byTokenHash = byHash(invitations.tokenHash)
const byUnsubscribeHash = byHash(invitations.unsubscribeHash)

/** An invitation as its link finds it, with the hashes its link is checked against. */
export type LinkedInvitation = NonNullable<ReturnType<typeof byId.get>>
export type RespondentInvitation = Omit<LinkedInvitation, 'tokenHash' | 'unsubscribeHash'>

export function findInvitationById({ id }: { id: number }): LinkedInvitation | undefined {
  return byId.get({ id })
}

/** A format-1 (bare MAC) survey link's invitation. */
export function findInvitationByTokenHash({ tokenHash }: { tokenHash: string }): LinkedInvitation | undefined {
  return byTokenHash.get({ hash: tokenHash })
}

/** A format-1 (bare MAC) unsubscribe link's invitation. */
export function findInvitationByUnsubscribeHash({ unsubscribeHash }: { unsubscribeHash: string }): LinkedInvitation | undefined {
  return byUnsubscribeHash.get({ hash: unsubscribeHash })
}

const p = (name: string) => sql.placeholder(name)
const answerStatements = {
  existing: db.select({ id: responses.id }).from(responses).where(eq(responses.invitationId, p('invitationId'))).prepare(),
  insertResponse: db
    .insert(responses)
    .values({
      invitationId: p('invitationId'),
      waveId: p('waveId'),
      accountId: p('accountId'),
      stakeholderId: p('stakeholderId'),
      level: p('level'),
      role: p('role'),
      score: p('score'),
      comment: p('comment'),
      category: p('category'),
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .returning({ id: responses.id })
    .prepare(),
  insertRevision: db
    .insert(responseRevisions)
    .values({ responseId: p('responseId'), submissionId: p('submissionId'), score: p('score'), comment: p('comment'), category: p('category'), createdAt: p('now') })
    .onConflictDoNothing()
    .prepare(),
  answered: db.update(invitations).set({ state: 'answered' }).where(eq(invitations.id, p('invitationId'))).prepare(),
  revise: db
    .update(responses)
    .set({ score: sql`${p('score')}`, comment: sql`${p('comment')}`, category: sql`${p('category')}`, revisions: sql`${responses.revisions} + 1`, updatedAt: sql`${p('nowMs')}` })
    .where(eq(responses.id, p('responseId')))
    .prepare(),
}

/** Closed for answers: the wave closed, or the person unsubscribed or bounced. */
export function linkClosedReason(inv: RespondentInvitation, now: Date): 'closed' | 'unsubscribed' | null {
  if (waveStatus(inv, now) === 'closed') return 'closed'
  if (inv.stakeholderStatus === 'unsubscribed') return 'unsubscribed'
  return null
}

export type AnswerResult = 'created' | 'revised' | 'duplicate'

/**
 * Records an answer. The first creates the response; later ones revise it (latest
 * counts, every version kept). A repeat of the same submission (double click,
 * retried request) changes nothing.
 */
export function recordAnswer({
  invitation,
  submissionId,
  score,
  comment,
  category,
  now,
}: {
  invitation: Pick<RespondentInvitation, 'invitationId' | 'waveId' | 'accountId' | 'stakeholderId' | 'level' | 'role'> & { isChampion?: boolean }
  submissionId: string
  score: number
  comment: string
  category: ResponseCategory | null
  now: Date
}): AnswerResult {
  const values = { ...invitation, score, comment, category, submissionId, now, nowMs: now.getTime() }
  return db.transaction((tx) => {
    const existing = answerStatements.existing.get(values)
    if (!existing) {
      const { id } = answerStatements.insertResponse.get(values)!
      answerStatements.insertRevision.run({ ...values, responseId: id })
      answerStatements.answered.run(values)
      noticeCooling(tx, invitation, score)
      return 'created'
    }
    if (answerStatements.insertRevision.run({ ...values, responseId: existing.id }).changes === 0) return 'duplicate'
    answerStatements.revise.run({ ...values, responseId: existing.id })
    noticeCooling(tx, invitation, score)
    return 'revised'
  })
}

/** A champion whose answer is 3+ points worse than their previous one is cooling (once per wave). */
function noticeCooling(tx: Tx, invitation: Pick<RespondentInvitation, 'stakeholderId' | 'waveId'> & { isChampion?: boolean }, score: number) {
  // Only champions cool; skip the history lookup for everyone else (this is the hot path).
  if (invitation.isChampion === false) return
  const previous = previousScore(tx, { stakeholderId: invitation.stakeholderId, waveId: invitation.waveId })
  if (previous !== null && coolingByScore(previous, score)) detectCoolingByScore(tx, { stakeholderId: invitation.stakeholderId, waveId: invitation.waveId, score, previous })
}

export function listRevisions({ invitationId }: { invitationId: number }) {
  return db
    .select({ score: responseRevisions.score, comment: responseRevisions.comment, category: responseRevisions.category, createdAt: responseRevisions.createdAt })
    .from(responseRevisions)
    .innerJoin(responses, eq(responses.id, responseRevisions.responseId))
    .where(eq(responses.invitationId, invitationId))
    .orderBy(responseRevisions.id)
    .all()
}

/** Stop every message still waiting for this person. */
function cancelQueued(tx: Tx, stakeholderId: number, reason: string) {
  const theirs = tx.select({ id: invitations.id }).from(invitations).where(eq(invitations.stakeholderId, stakeholderId))
  tx.update(outbox)
    .set({ status: 'cancelled', lastError: reason })
    .where(and(inArray(outbox.invitationId, theirs), eq(outbox.status, 'queued')))
    .run()
}

/** "I have left this company": the person is marked as left (to be confirmed by the account's owner). */
export function reportLeft({ invitation, now }: { invitation: Pick<RespondentInvitation, 'invitationId' | 'stakeholderId' | 'accountId' | 'waveId'>; now: Date }) {
  db.transaction((tx) => {
    // Once per link: a repeat (double click, or after the owner dismissed it) changes nothing,
    // so the owner's decision stands.
    const reported = tx.update(invitations).set({ reportedLeftAt: now }).where(and(eq(invitations.id, invitation.invitationId), isNull(invitations.reportedLeftAt))).run()
    if (reported.changes === 0) return
    // Pending until the owner confirms (written before the status changes, so it knows who the champion was).
    detectLeft(tx, { accountId: invitation.accountId, stakeholderId: invitation.stakeholderId, waveId: invitation.waveId })
    tx.update(stakeholders)
      .set({ status: 'left', updatedAt: now })
      .where(and(eq(stakeholders.id, invitation.stakeholderId), eq(stakeholders.status, 'active')))
      .run()
    cancelQueued(tx, invitation.stakeholderId, 'recipient left')
  })
}

/** "Someone else should answer this": kept as a suggestion for the account (once per email). */
export function suggestSomeoneElse({ invitation, name, email }: { invitation: Pick<RespondentInvitation, 'invitationId' | 'accountId' | 'stakeholderId' | 'waveId'>; name: string; email: string }) {
  db.transaction((tx) => {
    const fresh = tx.insert(stakeholderSuggestions).values({ accountId: invitation.accountId, invitationId: invitation.invitationId, name, email }).onConflictDoNothing().run()
    // From the champion, a named person is a successor suggestion for the owner.
    if (fresh.changes) detectSuccessorSuggestion(tx, { stakeholderId: invitation.stakeholderId, waveId: invitation.waveId, name, email })
  })
}

export function listSuggestions({ accountId }: { accountId: number }) {
  return db.select().from(stakeholderSuggestions).where(eq(stakeholderSuggestions.accountId, accountId)).orderBy(stakeholderSuggestions.id).all()
}

/** One-click unsubscribe: nobody unsubscribed is emailed again, by any wave. */
export function unsubscribe({ invitation, now }: { invitation: Pick<RespondentInvitation, 'stakeholderId'>; now: Date }) {
  db.transaction((tx) => {
    tx.update(stakeholders)
      .set({ status: 'unsubscribed', updatedAt: now })
      .where(and(eq(stakeholders.id, invitation.stakeholderId), inArray(stakeholders.status, ['active', 'left'])))
      .run()
    cancelQueued(tx, invitation.stakeholderId, 'recipient unsubscribed')
  })
}
