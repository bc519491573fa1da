/* The audit trail for admins: every staff write, newest first, with who, from where,
   what and the values before and after; filtered by user, account and date (plain GET
   parameters, so a view can be bookmarked), and downloadable as CSV with the same filters. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { SelectField, TextField } from '#app/components/field'
import { auditLines, type AuditLine } from '#app/domain/audit'
import { auditSearch, parseAuditQuery } from '#app/forms/audit'
import { auditPage } from '#app/services/audit.server'
import { requireRole } from '#app/services/auth.server'

export const meta: MetaFunction = () => [{ title: 'Audit trail · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['admin'])
  const query = parseAuditQuery(new URL(request.url))
  return { ...auditPage({ query }), query }
}

const ENTITY_PAGES: Record<string, (id: number) => string> = {
  account: (id) => `/accounts/${id}`,
  queue_item: (id) => `/queue/${id}`,
  wave: (id) => `/waves/${id}`,
}

const time = (at: string | Date) => new Date(at).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

function Change({ lines }: { lines: AuditLine[] }) {
  if (lines.length === 0) return <span className="muted">—</span>
  return (
    <ul className="audit-change">
      {lines.map((l) => (
        <li key={l.field}>
          <span className="audit-field">{l.field}</span>:{' '}
          {l.before !== null && l.after !== null ? (
            <>
              <del>
                <span className="sr-only">from </span>
                {l.before}
              </del>{' '}
              → <ins>
                <span className="sr-only">to </span>
                {l.after}
              </ins>
            </>
          ) : l.after !== null ? (
            <ins>{l.after}</ins>
          ) : (
            <del>
              <span className="sr-only">was </span>
              {l.before}
            </del>
          )}
        </li>
      ))}
    </ul>
  )
}

export default function AuditTrail() {
  const { events, olderThan, staff, accounts, query } = useLoaderData<typeof loader>()
  const filters = { ...query, before: undefined }
  const filtered = Boolean(query.user || query.account || query.from || query.to)
  const { search } = useLocation()
  return (
    <main className="container">
      <div className="page-head">
        <h1>Audit trail</h1>
        <a className="button secondary" href={`/admin/audit.csv${auditSearch(filters)}`} download>
          Download CSV
        </a>
      </div>
      <p className="muted">Every change staff make, with the values before and after. Nothing here can be edited or deleted.</p>
      {/* key: a new query resets the fields to it (they are uncontrolled). */}
      <Form method="get" className="filters" aria-label="Filter the audit trail" key={search}>
        <SelectField name="user" label="Who" options={staff.map((s) => ({ value: String(s.id), label: `${s.name} (${s.email})` }))} placeholder="Anyone" defaultValue={query.user} />
        <SelectField name="account" label="Account" options={accounts.map((a) => ({ value: String(a.id), label: a.name }))} placeholder="Any account" defaultValue={query.account} />
        <TextField name="from" label="From (UTC)" type="date" defaultValue={query.from} />
        <TextField name="to" label="To (UTC)" type="date" defaultValue={query.to} />
        <button type="submit">Apply</button>
        <Link to="/admin/audit" className="button secondary">
          Clear
        </Link>
      </Form>
      {events.length === 0 ? (
        <p className="card" role="status">
          {filtered || query.before ? 'No changes match these filters.' : 'No changes recorded yet. Every change staff make appears here.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="audit-table">
            <caption className="sr-only">Changes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">Address</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
                <th scope="col">Before → after</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const page = e.entityId !== null ? ENTITY_PAGES[e.entityType]?.(e.entityId) : undefined
                return (
                  <tr key={e.id} data-action={e.action}>
                    <td>
                      <time dateTime={new Date(e.at).toISOString()}>{time(e.at)}</time>
                    </td>
                    <td>
                      {e.actorName}
                      {e.actorEmail ? <div className="muted">{e.actorEmail}</div> : null}
                    </td>
                    <td>{e.clientAddress}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {page ? <Link to={page}>{`${e.entityType.replace('_', ' ')} #${e.entityId}`}</Link> : `${e.entityType.replace('_', ' ')}${e.entityId !== null ? ` #${e.entityId}` : ''}`}
                      {e.accountName ? <div className="muted">{e.accountName}</div> : null}
                    </td>
                    <td>
                      <Change lines={auditLines({ before: e.before, after: e.after })} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {query.before || olderThan ? (
        <nav className="pager" aria-label="Pages">
          {query.before ? <Link to={`/admin/audit${auditSearch(filters)}`}>Newest</Link> : null}
          {olderThan ? <Link to={`/admin/audit${auditSearch({ ...filters, before: olderThan })}`}>Older</Link> : null}
        </nav>
      ) : null}
    </main>
  )
}
