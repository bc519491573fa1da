/* Every account by champion status (from confirmed history); accounts with events
   awaiting confirmation first, marked as such beside their status. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { CHAMPION_STATUS_LABELS } from '#app/components/account-champion'
import { SelectField } from '#app/components/field'
import { CHAMPION_STATUSES, LEVEL_LABELS } from '#app/domain/vocabulary'
import { ChampionQuerySchema } from '#app/forms/champions'
import { listActiveStaff } from '#app/models/users.server'
import { requireUser, toViewer } from '#app/services/auth.server'
import { portfolioChampions } from '#app/services/champions.server'

export const meta: MetaFunction = () => [{ title: 'Champions · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = toViewer(await requireUser(request))
  const query = ChampionQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const owners = listActiveStaff().filter((u) => u.role !== 'account_team')
  return { ...portfolioChampions({ viewer, ownerId: query.owner, status: query.status }), query, owners }
}

const day = (d: string | Date) => new Date(d).toISOString().slice(0, 10)

export default function Champions() {
  const { rows, counts, query, owners } = useLoaderData<typeof loader>()
  return (
    <main className="container">
      <h1>Champions</h1>
      <p className="muted">
        {CHAMPION_STATUSES.map((s) => `${counts[s]} ${CHAMPION_STATUS_LABELS[s].toLowerCase()}`).join(' · ')}
      </p>
      <Form method="get" className="filters" aria-label="Filter champions">
        <SelectField name="owner" label="Owner" options={owners.map((o) => ({ value: String(o.id), label: o.name }))} placeholder="Anyone" defaultValue={query.owner} />
        <SelectField name="status" label="Status" options={CHAMPION_STATUSES.map((s) => ({ value: s, label: CHAMPION_STATUS_LABELS[s] }))} placeholder="Any" defaultValue={query.status} />
        <button type="submit">Apply</button>
        <Link to="/champions" className="button secondary">
          Clear
        </Link>
      </Form>
      {rows.length === 0 ? (
        <p className="card">No accounts match these filters.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="champions-table">
            <thead>
              <tr>
                <th>Account</th>
                <th>Status</th>
                <th>Champion</th>
                <th>Awaiting confirmation</th>
                <th>Last change</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.accountId} data-status={r.awaitingConfirmation ? 'unconfirmed' : r.status} data-confirmed-status={r.status}>
                  <td>
                    <Link to={`/accounts/${r.accountId}#champion`}>{r.name}</Link>
                  </td>
                  <td>
                    {/* Waiting events first; the confirmed status beside them unless the champion is simply in place. */}
                    {r.awaitingConfirmation ? <span className="badge champion-unconfirmed">{CHAMPION_STATUS_LABELS.unconfirmed}</span> : null}
                    {r.awaitingConfirmation && r.status !== 'active' ? ' ' : null}
                    {!r.awaitingConfirmation || r.status !== 'active' ? <span className={`badge champion-${r.status}`}>{CHAMPION_STATUS_LABELS[r.status]}</span> : null}
                  </td>
                  <td>{r.champion ? `${r.champion.name} (${LEVEL_LABELS[r.champion.level]})` : '—'}</td>
                  <td>{r.pending.length ? r.pending.map((p) => p.kind.replace('_', ' ')).join(', ') : '—'}</td>
                  <td>{r.lastEventAt ? day(r.lastEventAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
