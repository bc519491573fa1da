import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDevMessage } from '#app/models/outbox.server'
import { requireRole } from '#app/services/auth.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.message.subject ?? 'Message'} · Dev mailbox` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ['admin'])
  const message = getDevMessage({ id: Number(params.messageId) })
  if (!message) throw new Response('No such message.', { status: 404 })
  // The email's links, listed so they open in this window (our pages refuse to be framed).
  const links = [...message.html.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map(([, href, inner]) => ({
    href: href.replace(/&amp;/g, '&'),
    label: inner.replace(/<[^>]+>/g, '').replace(/&[a-z]+;/g, ' ').trim() || href,
  }))
  return { message, links }
}

export default function DevMessage() {
  const { message, links } = useLoaderData<typeof loader>()
  return (
    <main className="container">
      <p>
        <Link to="/dev/mailbox">← Dev mailbox</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="facts card">
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd>{message.to}</dd>
        {Object.entries(message.headers).map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd>
              <code>{v}</code>
            </dd>
          </div>
        ))}
      </dl>
      <h2>Links in this email</h2>
      <ul className="mail-links" aria-label="Links in this email">
        {links.map((l, i) => (
          <li key={i}>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
      </ul>
      <h2>As the recipient sees it</h2>
      <iframe title="Email as HTML" sandbox="" srcDoc={message.html} style={{ width: '100%', height: 640, border: '1px solid #ddd', background: '#fff' }} />
      <h2>Plain-text part</h2>
      <pre className="card" style={{ whiteSpace: 'pre-wrap' }}>
        {message.text}
      </pre>
    </main>
  )
}
