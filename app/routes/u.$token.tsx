/* One-click unsubscribe. GET asks (scanners follow links); POST unsubscribes — from
   the page's button or from a mail client's List-Unsubscribe-Post (RFC 8058). */
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PublicPage } from '#app/components/public-page'
import { t } from '#app/i18n/messages'
import { unsubscribe } from '#app/services/survey-post.server'
import type { RespondentHandle } from '#app/root'
import { MAX_PUBLIC_BODY_BYTES } from '#app/forms/survey'
import { clientAddress } from '#app/utils/client-address.server'
import { BodyTooLargeError, localeFromRequest, readSmallBody } from '#app/utils/public-request.server'
import { missLimiter, resolveUnsubscribeLink, senderName } from '#app/services/survey-links.server'

export const handle: RespondentHandle = { respondent: true }
export const meta: MetaFunction = () => [{ title: 'Hatescale' }, { name: 'robots', content: 'noindex' }]

function refusal(request: Request, context: AppLoadContext) {
  const limited = !missLimiter.hit(clientAddress(context))
  return data({ state: limited ? ('limited' as const) : ('unknown' as const), locale: localeFromRequest(request) }, { status: limited ? 429 : 404 })
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invitation = resolveUnsubscribeLink(params.token ?? '')
  if (!invitation) return refusal(request, context)
  const done = new URL(request.url).searchParams.has('done') || invitation.stakeholderStatus === 'unsubscribed'
  return { state: done ? ('done' as const) : ('ask' as const), locale: invitation.locale, senderName: senderName() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? ''
  const invitation = resolveUnsubscribeLink(token)
  if (!invitation) return refusal(request, context)
  try {
    // One-click unsubscribe bodies are tiny (RFC 8058); anything large is not one.
    await readSmallBody(request, MAX_PUBLIC_BODY_BYTES)
  } catch (error) {
    if (error instanceof BodyTooLargeError) return data({ state: 'unknown' as const, locale: invitation.locale }, { status: 413 })
    throw error
  }
  unsubscribe({ invitation, now: new Date() })
  return redirect(`/u/${token}?done`, 303)
}

export default function Unsubscribe() {
  const page = useLoaderData<typeof loader>()
  const m = t(page.locale)
  if (!('senderName' in page)) {
    return (
      <PublicPage title={m.pages.unknownTitle}>
        <p>{page.state === 'limited' ? m.pages.tooManyRequests : m.pages.unknownBody}</p>
      </PublicPage>
    )
  }
  if (page.state === 'done') {
    return (
      <PublicPage title={m.pages.unsubscribeDoneTitle}>
        <p role="status">{m.pages.unsubscribeDoneBody}</p>
      </PublicPage>
    )
  }
  return (
    <PublicPage title={m.pages.unsubscribeTitle}>
      <p>{m.pages.unsubscribeBody(page.senderName)}</p>
      <form method="post">
        <button type="submit">{m.pages.unsubscribeConfirm}</button>
      </form>
    </PublicPage>
  )
}
