/* Storing what a respondent posts to /s/:token. The route's action and the production
   server's fast path (app/server.ts) both end here, so one set of rules decides. */
import type { SurveyPost } from '#app/forms/survey'
import { surveySchema } from '#app/forms/survey'
import { recordAnswer, reportLeft, suggestSomeoneElse, type RespondentInvitation } from '#app/models/answers.server'
import { hashToken } from './link-tokens.server'
import { isPlainUrlencoded, parsePlainForm, RepeatedFieldError, singleValues } from './public-request.server'
import { perLinkLimiter, resolveSurveyLink } from './survey-links.server'

/** Stores a valid post and says where the respondent goes next (with a 303, so a refresh never re-posts). */
export function storeSurveyPost({ token, invitation, post, now }: { token: string; invitation: RespondentInvitation; post: SurveyPost; now: Date }): string {
  if (post.intent === 'answer') recordAnswer({ invitation, submissionId: post.submissionId, score: post.score, comment: post.comment, category: post.category, now })
  else if (post.intent === 'left') reportLeft({ invitation, now })
  else suggestSomeoneElse({ invitation, name: post.suggestName, email: post.suggestEmail })
  return `/s/${token}?done=${post.intent}`
}

/**
 * The respondent's POST without the framework, for the common case only: a plain
 * urlencoded form that validates, to an open link, within the link's rate limit, is
 * stored and gets its redirect. Anything else returns null with nothing stored (at
 * most a refused rate-limit hit counted), and the caller hands the request to the
 * route, whose action decides the same way and renders the page that explains.
 */
export function acceptPlainSurveyPost({ token, contentType, body, now }: { token: string; contentType: string; body: string; now: Date }): string | null {
  if (!isPlainUrlencoded(contentType)) return null
  let fields: Record<string, FormDataEntryValue>
  try {
    fields = singleValues(parsePlainForm(body))
  } catch (error) {
    if (error instanceof RepeatedFieldError) return null
    throw error
  }
  const link = resolveSurveyLink(token, now)
  if (link.kind !== 'open') return null
  const parsed = surveySchema(link.invitation.locale).safeParse(fields)
  if (!parsed.success) return null
  if (!perLinkLimiter.hit(hashToken(token))) return null
  return storeSurveyPost({ token, invitation: link.invitation, post: parsed.data, now })
}
