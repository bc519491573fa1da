/* Resolving a public link (/s/:token, /u/:token) to its invitation, the same way
   for every kind of bad token so that neither answer nor timing tells them apart,
   and rate-limiting the public routes. */
import { randomUUID } from 'node:crypto'
import {
  findInvitationById,
  findInvitationByTokenHash,
  findInvitationByUnsubscribeHash,
  linkClosedReason,
  type RespondentInvitation,
} from '#app/models/answers.server'
import { getSetting } from '#app/models/settings.server'
import { hashToken, macMatchesHash, parseLinkToken, type LinkPurpose } from '#app/utils/link-tokens.server'
import { createRateLimiter } from '#app/utils/rate-limit.server'

export type SurveyLink =
  | { kind: 'unknown' }
  | { kind: 'closed' | 'unsubscribed'; invitation: RespondentInvitation }
  | { kind: 'open'; invitation: RespondentInvitation }

/**
 * The invitation a link opens. A `<id>.<MAC>` token is found by id and its MAC checked
 * against the stored hash in constant time; any other token is looked up as a format-1
 * (bare MAC) link by its hash. Either way a bad token costs one SHA-256 and one indexed
 * lookup, and every kind of bad token gets the same `undefined`.
 * NOTE: an id alone opens nothing: ids are sequential and not secret, the 256-bit MAC is.
 */
function findLinkedInvitation(purpose: LinkPurpose, token: string): RespondentInvitation | undefined {
  const named = parseLinkToken(token)
  if (!named) {
    const hash = hashToken(token)
    const found = purpose === 'survey' ? findInvitationByTokenHash({ tokenHash: hash }) : findInvitationByUnsubscribeHash({ unsubscribeHash: hash })
    return found && withoutHashes(found)
  }
  const found = findInvitationById({ id: named.invitationId })
  if (!found || !macMatchesHash(named.mac, purpose === 'survey' ? found.tokenHash : found.unsubscribeHash)) return undefined
  return withoutHashes(found)
}

// The hashes stay on the server: the invitation goes on into loaders and their data.
function withoutHashes<T extends { tokenHash: string; unsubscribeHash: string }>({ tokenHash: _t, unsubscribeHash: _u, ...invitation }: T) {
  return invitation
}

export function resolveSurveyLink(token: string, now: Date): SurveyLink {
  const invitation = findLinkedInvitation('survey', token)
  if (!invitation) return { kind: 'unknown' }
  const closed = linkClosedReason(invitation, now)
  return closed ? { kind: closed, invitation } : { kind: 'open', invitation }
}

export function resolveUnsubscribeLink(token: string) {
  return findLinkedInvitation('unsubscribe', token)
}

/** Posts per link: generous for a person, tight for a script hammering one invitation. */
export const perLinkLimiter = createRateLimiter({ limit: 20, windowMs: 10 * 60_000 })
/** Unknown tokens per client: guessing links gets nowhere fast. */
export const missLimiter = createRateLimiter({ limit: 30, windowMs: 10 * 60_000 })

export function senderName(): string {
  return getSetting('senderName')
}

/** A fresh id for each page view's form: a double click or a retried POST repeats it. */
export function newSubmissionId(): string {
  return randomUUID()
}
