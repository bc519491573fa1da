/* Resolving a public link (/s/:token, /u/:token) to its invitation, the same way
   for every kind of bad token so that neither answer nor timing tells them apart,
   and rate-limiting the public routes. */
import { randomUUID } from 'node:crypto'
import {
  findInvitationByTokenHash,
  findInvitationByUnsubscribeHash,
  linkClosedReason,
  type RespondentInvitation,
} from '#app/models/answers.server'
import { getSetting } from '#app/models/settings.server'
import { hashToken } from './link-tokens.server'
import { createRateLimiter } from './rate-limit.server'

export type SurveyLink =
  | { kind: 'unknown' }
  | { kind: 'closed' | 'unsubscribed'; invitation: RespondentInvitation }
  | { kind: 'open'; invitation: RespondentInvitation }

// NOTE: a forged, truncated or foreign token takes exactly the path of any other
// token: one SHA-256 and one indexed lookup that misses. No shape check comes first.
export function resolveSurveyLink(token: string, now: Date): SurveyLink {
  const invitation = findInvitationByTokenHash({ tokenHash: hashToken(token) })
  if (!invitation) return { kind: 'unknown' }
  const closed = linkClosedReason(invitation, now)
  return closed ? { kind: closed, invitation } : { kind: 'open', invitation }
}

export function resolveUnsubscribeLink(token: string) {
  return findInvitationByUnsubscribeHash({ unsubscribeHash: hashToken(token) })
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
