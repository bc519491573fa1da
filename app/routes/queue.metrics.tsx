/* Outcomes and learning: save metrics over the viewer's accounts, and every loss with
   its post-mortem and whether the queue saw it coming. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatArr } from '#app/components/format'
import { day } from '#app/components/queue-item'
import { requireUser, toViewer } from '#app/services/auth.server'
import { metricsPage } from '#app/services/queue.server'

export const meta: MetaFunction = () => [{ title: 'Save metrics · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = toViewer(await requireUser(request))
  return metricsPage({ viewer, now: new Date() })
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`)

export default function QueueMetrics() {
  const { metrics: m, churned, foreseen } = useLoaderData<typeof loader>()
  return (
    <main className="container">
      <p className="eyebrow">
        <Link to="/queue">At-risk queue</Link>
      </p>
      <h1>Save metrics</h1>
      <div className="table-wrap">
        <table data-testid="metrics">
          <caption className="sr-only">Save metrics</caption>
          <tbody>
            <tr>
              <th scope="row">Items open / closed</th>
              <td className="num">
                {m.open} / {m.closed}
              </td>
            </tr>
            <tr>
              <th scope="row">Attempt rate (closed items the team fought for)</th>
              <td className="num">{pct(m.attemptRate)}</td>
            </tr>
            <tr>
              <th scope="row">Success rate (saved of saved + churned)</th>
              <td className="num">
                {pct(m.successRate)}
                {m.successNote ? <div className="muted">{m.successNote}</div> : null}
              </td>
            </tr>
            <tr>
              <th scope="row">Median time to save</th>
              <td className="num">{m.medianDaysToSave === null ? '—' : `${Math.round(m.medianDaysToSave)} days`}</td>
            </tr>
            <tr>
              <th scope="row">Revenue saved / lost (ARR)</th>
              <td className="num">
                {formatArr(m.revenueSaved)} / {formatArr(m.revenueLost)}
              </td>
            </tr>
            <tr>
              <th scope="row">Post-save retention (saved accounts not lost since)</th>
              <td className="num">{pct(m.postSaveRetention)}</td>
            </tr>
            <tr>
              <th scope="row">Churn the queue saw coming</th>
              <td className="num">{pct(foreseen)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>Lost accounts</h2>
      {churned.length === 0 ? (
        <p className="card">No account has been lost.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="churned">
            <thead>
              <tr>
                <th>Account</th>
                <th className="num">ARR</th>
                <th>Lost</th>
                <th>Was it a surprise?</th>
                <th>Post-mortem</th>
              </tr>
            </thead>
            <tbody>
              {churned.map((c) => (
                <tr key={c.itemId}>
                  <td>{c.name}</td>
                  <td className="num">{formatArr(c.arr)}</td>
                  <td>{day(c.closedAt)}</td>
                  <td>{c.sentence}</td>
                  <td>
                    <Link to={`/accounts/${c.accountId}/post-mortem`}>Open</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
