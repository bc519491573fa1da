import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { WAVE_ROLES } from '#app/domain/access'
import { listWaves } from '#app/models/waves.server'
import { requireRole } from '#app/services/auth.server'

export const meta: MetaFunction = () => [{ title: 'Survey waves · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, WAVE_ROLES)
  return { waves: listWaves({ now: new Date() }) }
}

const day = (d: string | Date) => new Date(d).toISOString().slice(0, 10)

export default function Waves() {
  const { waves } = useLoaderData<typeof loader>()
  return (
    <main className="container">
      <div className="page-head">
        <h1>Survey waves</h1>
        <Link to="/waves/new" className="button">
          New wave
        </Link>
      </div>
      {waves.length === 0 ? (
        <p className="card">
          No waves yet. <Link to="/waves/new">Ask your clients how much they hate you</Link>.
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Wave</th>
                <th>Status</th>
                <th>Sent</th>
                <th>Closes</th>
                <th className="num">Invited</th>
                <th className="num">Answered</th>
                <th className="num">Response rate</th>
              </tr>
            </thead>
            <tbody>
              {waves.map((w) => (
                <tr key={w.id}>
                  <td>
                    <Link to={`/waves/${w.id}`}>{w.name}</Link>
                    <div className="muted">
                      {w.anonymity}
                      {w.createdBy ? ` · by ${w.createdBy}` : ''}
                    </div>
                  </td>
                  <td>
                    <span className={`badge ${w.status === 'open' ? 'active' : w.status === 'closed' ? 'churned' : ''}`}>{w.status}</span>
                  </td>
                  <td>{day(w.sendAt)}</td>
                  <td>{day(w.closedAt ?? w.closesAt)}</td>
                  <td className="num">{w.invited}</td>
                  <td className="num">{w.answered}</td>
                  <td className="num">{w.invited ? `${Math.round((100 * w.answered) / w.invited)}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
