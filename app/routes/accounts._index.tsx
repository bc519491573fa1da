import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { SelectField, optionsOf } from '#app/components/field'
import { daysUntil, formatArr } from '#app/components/format'
import { canCreateAccounts } from '#app/domain/access'
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUSES, LEVEL_LABELS, LEVELS } from '#app/domain/vocabulary'
import { AccountListQuerySchema } from '#app/forms/accounts'
import { listAccounts } from '#app/models/accounts.server'
import { listActiveStaff } from '#app/models/users.server'
import { requireUser, toViewer } from '#app/services/auth.server'

export const meta: MetaFunction = () => [{ title: 'Accounts · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = toViewer(await requireUser(request))
  const query = AccountListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const owners = listActiveStaff().filter((u) => u.role !== 'account_team')
  return { ...listAccounts({ viewer, query }), query, owners, canCreate: canCreateAccounts(viewer) }
}

function SortHeader({ column, label, className }: { column: string; label: string; className?: string }) {
  const [params] = useSearchParams()
  const active = (params.get('sort') ?? 'name') === column
  const dir = active && params.get('dir') !== 'desc' ? 'desc' : 'asc'
  const next = new URLSearchParams(params)
  next.set('sort', column)
  next.set('dir', dir)
  next.delete('page')
  return (
    <th className={className} aria-sort={active ? (dir === 'desc' ? 'ascending' : 'descending') : undefined}>
      <Link to={`?${next}`}>
        {label}
        {active ? (dir === 'desc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  )
}

export default function Accounts() {
  const { rows, total, page, pageCount, query, owners, canCreate } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const loading = useNavigation().state === 'loading'
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  const filtered = Boolean(query.q || query.status || query.strategic || query.owner || query.gap || query.archived)
  return (
    <main className="container">
      <div className="page-head">
        <h1>Accounts</h1>
        {canCreate ? (
          <div className="row">
            <Link to="/accounts/import" className="button secondary">
              Import people (CSV)
            </Link>
            <Link to="/accounts/new" className="button">
              New account
            </Link>
          </div>
        ) : null}
      </div>
      <Form method="get" className="filters" role="search" aria-label="Filter accounts">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={query.q} placeholder="Name or domain" />
        </div>
        <SelectField name="status" label="Status" options={optionsOf(ACCOUNT_STATUSES, ACCOUNT_STATUS_LABELS)} placeholder="Any" defaultValue={query.status} />
        <SelectField name="strategic" label="Strategic" options={[{ value: 'yes', label: 'Strategic' }, { value: 'no', label: 'Not strategic' }]} placeholder="Any" defaultValue={query.strategic} />
        <SelectField name="owner" label="Owner" options={owners.map((o) => ({ value: String(o.id), label: o.name }))} placeholder="Anyone" defaultValue={query.owner} />
        <SelectField name="gap" label="No one at level" options={optionsOf(LEVELS, LEVEL_LABELS)} placeholder="—" defaultValue={query.gap} />
        <SelectField name="archived" label="Archived" options={[{ value: 'include', label: 'Include archived' }, { value: 'only', label: 'Only archived' }]} placeholder="Hide archived" defaultValue={query.archived} />
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit">Apply</button>
        {filtered ? (
          <Link to="/accounts" className="button secondary">
            Clear
          </Link>
        ) : null}
      </Form>
      <p className="muted" aria-live="polite">
        {loading ? 'Loading…' : `${total} account${total === 1 ? '' : 's'}`}
      </p>
      {rows.length === 0 ? (
        <div className="card">
          {filtered ? (
            <p>No accounts match these filters.</p>
          ) : canCreate ? (
            <p>
              No accounts yet. <Link to="/accounts/new">Create the first one</Link> or <Link to="/accounts/import">import people from a CSV</Link>.
            </p>
          ) : (
            <p>You are not on any account team yet. Ask your service manager to add you to one.</p>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <SortHeader column="name" label="Account" />
                <SortHeader column="arr" label="ARR" className="num" />
                <SortHeader column="renewal" label="Renewal" />
                <SortHeader column="status" label="Status" />
                <th className="hide-sm">Owner</th>
                <SortHeader column="people" label="People" className="num" />
                <th>Coverage gaps</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/accounts/${a.id}`}>{a.name}</Link>
                    {a.strategic ? <span className="badge champion"> strategic</span> : null}
                    {a.archivedAt ? <span className="badge"> archived</span> : null}
                    <div className="muted">{a.domain}</div>
                  </td>
                  <td className="num">{formatArr(a.arr)}</td>
                  <td>
                    {a.renewalDate ?? '—'}
                    {a.renewalDate ? <div className="muted">{daysUntil(a.renewalDate)} days</div> : null}
                  </td>
                  <td>
                    <span className={`badge ${a.status}`}>{ACCOUNT_STATUS_LABELS[a.status]}</span>
                  </td>
                  <td className="hide-sm">{a.ownerName ?? '—'}</td>
                  <td className="num">{a.people}</td>
                  <td>
                    {a.gaps.length === 0 ? (
                      <span className="badge ok">all levels</span>
                    ) : (
                      a.gaps.map((g) => (
                        <span key={g} className="badge gap">
                          no {g}
                        </span>
                      ))
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav className="pager" aria-label="Pages">
          {page > 1 ? <Link to={pageLink(page - 1)}>← Previous</Link> : null}
          <span>
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link to={pageLink(page + 1)}>Next →</Link> : null}
        </nav>
      ) : null}
    </main>
  )
}
