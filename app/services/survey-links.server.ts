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
import { reissueOutstandingLinks, storedLinkKeyId, storeLinkKeyId } from '#app/models/invitation-links.server'
import { getSetting } from '#app/models/settings.server'
import { hashToken, linkKeyId, macMatchesHash, parseLinkToken, type LinkPurpose } from '#app/utils/link-tokens.server'
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

/**
 * Retires the links of every invitation still outstanding (in a wave not closed), or of one
 * wave's: the links already sent — survey and unsubscribe — open nothing from now on, and
 * reminders carry the new ones. For a list of links that leaked, or after a key change.
 */
export function retireLinks({ waveId, now }: { waveId?: number; now: Date }): number {
  return reissueOutstandingLinks({ waveId, now })
}

/**
 * At start: a link key other than the one the links were made with (SESSION_SECRET was
 * rotated) retires every outstanding link, since links already sent would otherwise keep
 * working under the old key while reminders' links could not. The first start only
 * records the key.
 */
export function retireLinksIfKeyChanged({ now }: { now: Date }): number {
  const current = linkKeyId()
  const stored = storedLinkKeyId()
  if (stored === current) return 0
  const retired = stored === null ? 0 : retireLinks({ now })
  storeLinkKeyId(current)
  return retired
}
