/* The at-risk queue: every slipping account, sorted by risk × value × runway, with
   what is overdue. Filters are plain GET parameters, so a view can be bookmarked. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { CheckboxField, SelectField, optionsOf } from '#app/components/field'
import { formatArr } from '#app/components/format'
import { day, EFFORT_LABELS, RISK_LABELS } from '#app/components/queue-item'
import { SIGNAL_LABELS } from '#app/domain/queue'
import { EFFORTS, QUEUE_STATUSES, RISK_LEVELS } from '#app/domain/vocabulary'
import { QueueQuerySchema, type QueueSort } from '#app/forms/queue'
import { listActiveStaff } from '#app/models/users.server'
import { requireUser, toViewer } from '#app/services/auth.server'
import { queuePage } from '#app/services/queue.server'

const SORT_OPTIONS = [
  { value: 'priority', label: 'Risk × value × runway' },
  { value: 'health', label: 'Health, worst first' },
  { value: 'renewal', label: 'Renewal, soonest first' },
  { value: 'opened', label: 'Opened, oldest first' },
] satisfies { value: QueueSort; label: string }[]

export const meta: MetaFunction = () => [{ title: 'At-risk queue · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = toViewer(await requireUser(request))
  const query = QueueQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const owners = listActiveStaff().filter((u) => u.role !== 'account_team')
  const items = queuePage({ viewer, filters: { ownerId: query.owner, effort: query.effort, risk: query.risk, status: query.status, overdue: query.overdue, sort: query.sort }, now: new Date() })
  return { items, query, owners }
}

export default function Queue() {
  const { items, query, owners } = useLoaderData<typeof loader>()
  const overdue = items.filter((i) => i.overdue > 0).length
  return (
    <main className="container">
      <div className="page-head">
        <h1>At-risk queue</h1>
        <Link to="/queue/metrics">Save metrics and post-mortems</Link>
      </div>
      <p className="muted">
        {items.length} {query.status && query.status !== 'open' ? query.status : 'open'} item{items.length === 1 ? '' : 's'}
        {overdue ? ` · ${overdue} with overdue steps` : ''} · sorted by {SORT_OPTIONS.find((o) => o.value === query.sort)?.label.toLowerCase()}
      </p>
      <Form method="get" className="filters" aria-label="Filter the queue">
        <SelectField name="owner" label="Owner" options={owners.map((o) => ({ value: String(o.id), label: o.name }))} placeholder="Anyone" defaultValue={query.owner} />
        <SelectField name="effort" label="Effort" options={EFFORTS.map((e) => ({ value: e, label: EFFORT_LABELS[e] }))} placeholder="Any" defaultValue={query.effort} />
        <SelectField name="risk" label="Risk" options={RISK_LEVELS.map((r) => ({ value: r, label: RISK_LABELS[r] }))} placeholder="Any" defaultValue={query.risk} />
        <SelectField name="status" label="Status" options={optionsOf(QUEUE_STATUSES)} defaultValue={query.status ?? 'open'} />
        <SelectField name="sort" label="Sort by" options={SORT_OPTIONS} defaultValue={query.sort} />
        <CheckboxField name="overdue" label="Overdue steps only" defaultChecked={query.overdue} />
        <button type="submit">Apply</button>
        <Link to="/queue" className="button secondary">
          Clear
        </Link>
      </Form>
      {items.length === 0 ? (
        <p className="card">{query.owner || query.effort || query.risk || query.overdue || query.status ? 'No items match these filters.' : 'No account is at risk right now. New answers, champion changes and renewal dates are watched; anything slipping appears here.'}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="queue-table">
            <thead>
              <tr>
                <th>Account</th>
                <th>Risk</th>
                <th className="num">Health</th>
                <th>Effort</th>
                <th>Why</th>
                <th className="num">ARR</th>
                <th>Renewal</th>
                <th>Next due</th>
                <th className="hide-sm">Owner</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} data-risk={i.risk} data-effort={i.effort}>
                  <td>
                    <Link to={`/queue/${i.id}`}>{i.accountName}</Link>
                    {i.strategic ? <span className="badge">strategic</span> : null}
                  </td>
                  <td>
                    <span className={`badge risk-${i.risk}`}>{RISK_LABELS[i.risk]}</span>
                  </td>
                  <td className="num">{i.health}</td>
                  <td>{EFFORT_LABELS[i.effort]}</td>
                  <td>{[...new Set(i.signals.map((s) => SIGNAL_LABELS[s.kind]))].join(', ')}</td>
                  <td className="num">{formatArr(i.arr)}</td>
                  <td>{i.renewalDate ?? '—'}</td>
                  <td>
                    {i.nextDue ? day(new Date(i.nextDue)) : '—'}
                    {i.overdue ? <span className="badge overdue-badge">{i.overdue} overdue</span> : null}
                  </td>
                  <td className="hide-sm">{i.ownerName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}
