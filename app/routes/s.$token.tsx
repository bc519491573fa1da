/* The respondent page. GET only shows (mail scanners open every link); POST records.
   Served without scripts: plain forms, works with JavaScript off. */
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { PublicPage } from '#app/components/public-page'
import { SurveyForm } from '#app/components/survey-form'
import { formatDate, t, waveFollowUp, waveQuestion } from '#app/i18n/messages'
import { MAX_PUBLIC_BODY_BYTES, surveySchema } from '#app/forms/survey'
import type { RespondentInvitation } from '#app/models/answers.server'
import type { RespondentHandle } from '#app/root'
import type { Locale } from '#app/domain/vocabulary'
import { clientAddress } from '#app/utils/client-address.server'
import { hashToken } from '#app/utils/link-tokens.server'
import { BodyTooLargeError, localeFromRequest, readSmallForm, RepeatedFieldError, singleValues } from '#app/utils/public-request.server'
import { missLimiter, newSubmissionId, perLinkLimiter, resolveSurveyLink, senderName } from '#app/services/survey-links.server'
import { storeSurveyPost } from '#app/services/survey-post.server'
import surveyStyles from '#app/styles/survey.css'

export const handle: RespondentHandle = { respondent: true }
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: surveyStyles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? t(data.locale).survey.pageTitle : 'Hatescale' },
  { name: 'robots', content: 'noindex' },
]

const DONE = ['answer', 'left', 'someone-else'] as const
type Done = (typeof DONE)[number]

type Refusal = { state: 'unknown' | 'limited' | 'closed' | 'unsubscribed'; locale: Locale }
type Resolved = { ok: true; invitation: RespondentInvitation } | { ok: false; status: number; body: Refusal }

function resolvePage(request: Request, context: AppLoadContext, token: string): Resolved {
  const link = resolveSurveyLink(token, new Date())
  if (link.kind === 'unknown') {
    const limited = !missLimiter.hit(clientAddress(context))
    return { ok: false, status: limited ? 429 : 404, body: { state: limited ? 'limited' : 'unknown', locale: localeFromRequest(request) } }
  }
  if (link.kind !== 'open') return { ok: false, status: 410, body: { state: link.kind, locale: link.invitation.locale } }
  return { ok: true, invitation: link.invitation }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const page = resolvePage(request, context, params.token ?? '')
  if (!page.ok) return data(page.body, { status: page.status })
  const inv = page.invitation
  const url = new URL(request.url)
  // Only a plain 0..10 preselects a score; anything else (empty, 0x8, 1e1) selects nothing.
  const raw = url.searchParams.get('score') ?? ''
  const clicked = /^\d{1,2}$/.test(raw) && Number(raw) <= 10 ? Number(raw) : null
  const done = DONE.find((d) => d === url.searchParams.get('done')) ?? null
  return {
    state: 'open' as const,
    locale: inv.locale,
    done: done as Done | null,
    senderName: senderName(),
    question: waveQuestion(inv.questions, inv.level, inv.locale),
    followUp: waveFollowUp(inv.followUp, inv.locale),
    askCategory: inv.askCategory,
    anonymity: inv.anonymity,
    closesAt: inv.closesAt.toISOString(),
    current: inv.score === null ? null : { score: inv.score, comment: inv.comment ?? '', category: inv.category ?? '' },
    selectedScore: clicked ?? inv.score ?? null,
    // A fresh id per page view: a double click or a retried POST repeats it, so it counts once.
    submissionId: newSubmissionId(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? ''
  if (!perLinkLimiter.hit(hashToken(token))) return data({ state: 'limited' as const, locale: localeFromRequest(request) }, { status: 429 })
  // The body first: refusing an oversized or unreadable one tells nothing about the token.
  let form: FormData
  try {
    form = await readSmallForm(request, MAX_PUBLIC_BODY_BYTES)
  } catch (error) {
    const status = error instanceof BodyTooLargeError ? 413 : 400
    return data({ state: 'bad-request' as const, locale: localeFromRequest(request) }, { status })
  }
  const page = resolvePage(request, context, token)
  if (!page.ok) return data(page.body, { status: page.status })
  const inv = page.invitation
  let fields: Record<string, FormDataEntryValue>
  try {
    fields = singleValues(form)
  } catch (error) {
    const field = error instanceof RepeatedFieldError ? error.message : 'form'
    return data({ state: 'invalid' as const, locale: inv.locale, errors: { [field]: [t(inv.locale).errors.repeated] }, values: {} as Record<string, string> }, { status: 400 })
  }
  const parsed = surveySchema(inv.locale).safeParse(fields)
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))
    const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v).slice(0, 4000)]))
    return data({ state: 'invalid' as const, locale: inv.locale, errors, values }, { status: 400 })
  }
  return redirect(storeSurveyPost({ token, invitation: inv, post: parsed.data, now: new Date() }), 303)
}

export default function SurveyPage() {
  const page = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const m = t(page.locale)
  if (posted && (posted.state === 'limited' || posted.state === 'bad-request')) {
    return <PublicPage title={m.pages.unknownTitle}>{posted.state === 'limited' ? <p>{m.pages.tooManyRequests}</p> : <p>{m.pages.unknownBody}</p>}</PublicPage>
  }
  if (page.state !== 'open') {
    const [title, body] = {
      unknown: [m.pages.unknownTitle, m.pages.unknownBody],
      limited: [m.pages.unknownTitle, m.pages.tooManyRequests],
      closed: [m.pages.closedTitle, m.pages.closedBody],
      unsubscribed: [m.pages.unsubscribedTitle, m.pages.unsubscribedBody],
    }[page.state]
    return (
      <PublicPage title={title}>
        <p>{body}</p>
      </PublicPage>
    )
  }

  const invalid = posted?.state === 'invalid' ? posted : undefined
  if (page.done === 'left') return <PublicPage title={m.survey.thanksTitle}><p>{m.survey.leftDone}</p></PublicPage>
  return (
    <main className="container">
      {page.done === 'answer' && page.current ? (
        <div className="notice survey-thanks" role="status">
          <strong>{m.survey.thanksTitle}</strong>
          {m.sentenceGap}
          {[m.survey.thanksBody, m.survey.currentAnswer(page.current.score), m.survey.changeUntil(formatDate(page.locale, page.closesAt))].join(m.sentenceGap)}
        </div>
      ) : null}
      {page.done === 'someone-else' ? (
        <div className="notice" role="status">
          {m.survey.someoneElseDone}
        </div>
      ) : null}
      <SurveyForm
        locale={page.locale}
        question={page.question}
        followUp={page.followUp}
        askCategory={page.askCategory}
        anonymity={page.anonymity}
        senderName={page.senderName}
        closesAt={page.closesAt}
        selectedScore={invalid?.values.score !== undefined && /^\d+$/.test(invalid.values.score) ? Number(invalid.values.score) : page.selectedScore}
        values={invalid?.values ?? (page.current ? { comment: page.current.comment, category: page.current.category } : undefined)}
        errors={invalid?.errors}
        submissionId={invalid?.values.submissionId ?? page.submissionId}
        answered={page.current !== null}
      />
    </main>
  )
}
