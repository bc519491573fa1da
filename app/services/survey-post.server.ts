/* Storing what a respondent posts to /s/:token. The route's action and the production
   server's fast path (app/server.ts) both end here, so one set of rules decides. */
import type { SurveyPost } from '#app/forms/survey'
import { surveySchema } from '#app/forms/survey'
import { recordAnswer, reportLeft, suggestSomeoneElse, type RespondentInvitation } from '#app/models/answers.server'
import { sqlite } from '#app/utils/db.server'
import { hashToken } from '#app/utils/link-tokens.server'
import { isPlainUrlencoded, parsePlainForm, RepeatedFieldError, singleValues } from '#app/utils/public-request.server'
import { afterCommit } from './after-commit.server'
import { perLinkLimiter, resolveSurveyLink } from './survey-links.server'

/** One-click unsubscribe: the person is emailed by no wave again (their status; no picture moves). */
export { unsubscribe } from '#app/models/answers.server'

/** Stores a valid post and says where the respondent goes next (with a 303, so a refresh never re-posts). */
export function storeSurveyPost({ token, invitation, post, now }: { token: string; invitation: RespondentInvitation; post: SurveyPost; now: Date }): string {
  let changed = true
  if (post.intent === 'answer') changed = recordAnswer({ invitation, submissionId: post.submissionId, score: post.score, comment: post.comment, category: post.category, now }) !== 'duplicate'
  else if (post.intent === 'left') reportLeft({ invitation, now })
  else suggestSomeoneElse({ invitation, name: post.suggestName, email: post.suggestEmail })
  // An answer, a departure or a successor suggestion may move the account in the queue.
  if (changed) afterCommit({ reassess: [invitation.accountId], now })
  return `/s/${token}?done=${post.intent}`
}

/**
 * The respondent's POST without the framework, for the common case only: a plain
 * urlencoded form that validates, to an open link, within the link's rate limit, is
 * stored and gets its redirect. Anything else returns null with nothing stored (at
 * most a refused rate-limit hit counted), and the caller hands the request to the
 * route, whose action decides the same way and renders the page that explains.
 */
type PlainPost = { token: string; contentType: string; body: string; now: Date }

export function acceptPlainSurveyPost({ token, contentType, body, now }: PlainPost): string | null {
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

type Waiting = { post: PlainPost; resolve: (location: string | null) => void; reject: (error: unknown) => void }
let waiting: Waiting[] = []

/**
 * acceptPlainSurveyPost for the server, with group commit: the answers that arrive in
 * one turn of the event loop are stored in one transaction, each in a savepoint of its
 * own (one that fails is rolled back alone and gets its error), and every respondent
 * is answered only after that transaction commits — nothing is acknowledged that is
 * not stored. Under load many answers share one commit: a commit writes every page an
 * answer touched to the WAL, and answers arriving together touch the same last pages
 * of the tables and indexes (recordAnswer: ~870 µs each alone, ~340–400 µs in tens,
 * on the portfolio). When answers come one at a time, each is its own batch.
 */
export function acceptPlainSurveyPostTogether(post: PlainPost): Promise<string | null> {
  return new Promise((resolve, reject) => {
    waiting.push({ post, resolve, reject })
    if (waiting.length === 1) setImmediate(storeWaiting)
  })
}

function storeWaiting() {
  const batch = waiting
  waiting = []
  let outcomes: ({ location: string | null } | { error: unknown })[]
  try {
    outcomes = sqlite.transaction(() =>
      batch.map(({ post }) => {
        try {
          return { location: sqlite.transaction(() => acceptPlainSurveyPost(post))() }
        } catch (error) {
          return { error }
        }
      }),
    )()
  } catch (error) {
    // The commit itself failed: nothing of the batch is stored, and every one of them hears so.
    for (const w of batch) w.reject(error)
    return
  }
  batch.forEach((w, i) => {
    const outcome = outcomes[i]
    if ('error' in outcome) w.reject(outcome.error)
    else w.resolve(outcome.location)
  })
}
