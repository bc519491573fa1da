/* The local dev mailbox: where survey emails go when no RESEND_API_KEY is set,
   so the whole loop can be run and clicked through on one machine. Admins only. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { listDevMailbox } from '#app/models/outbox.server'
import { requireRole } from '#app/services/auth.server'
import { getEnv } from '#app/utils/env.server'

export const meta: MetaFunction = () => [{ title: 'Dev mailbox · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['admin'])
  const to = new URL(request.url).searchParams.get('to')?.trim().slice(0, 200) || undefined
  return { messages: listDevMailbox({ to, limit: 200 }), to: to ?? '', live: Boolean(getEnv().RESEND_API_KEY) }
}

export default function DevMailbox() {
  const { messages, to, live } = useLoaderData<typeof loader>()
  return (
    <main className="container">
      <h1>Dev mailbox</h1>
      <p className="muted">
        {live
          ? 'RESEND_API_KEY is set, so new messages go to Resend; this shows what was kept locally before.'
          : 'No RESEND_API_KEY is set: every survey email is delivered here instead of being sent. Open one and click a score to answer as that person.'}
      </p>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="to">Recipient</label>
          <input id="to" name="to" type="search" defaultValue={to} placeholder="name@client.com" />
        </div>
        <button type="submit">Filter</button>
      </Form>
      {messages.length === 0 ? (
        <p className="card">No messages{to ? ' for this recipient' : ' yet: create a wave and they appear here within seconds'}.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>To</th>
                <th>Subject</th>
                <th>Received</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{m.to}</td>
                  <td>
                    <Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{new Date(m.createdAt).toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
