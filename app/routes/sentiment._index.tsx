/* The portfolio's sentiment: where the hate sits, by level and by account. */
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ClientChart, LEVEL_COLORS } from '#app/components/client-chart'
import { SelectField, optionsOf } from '#app/components/field'
import { FigureText, formatRate, heatColor, LevelSeries } from '#app/components/sentiment-bits'
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUSES, LEVEL_LABELS, LEVELS } from '#app/domain/vocabulary'
import { parseSentimentQuery } from '#app/forms/sentiment'
import { listActiveStaff } from '#app/models/users.server'
import { requireUser, toViewer } from '#app/services/auth.server'
import { portfolioSentiment } from '#app/services/sentiment.server'
import { loaderTimingHeaders, serverTiming } from '#app/utils/server-timing.server'

export const meta: MetaFunction = () => [{ title: 'Sentiment · Hatescale' }]

export const headers = loaderTimingHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  const started = performance.now()
  const viewer = toViewer(await requireUser(request))
  const query = parseSentimentQuery(new URL(request.url))
  const owners = listActiveStaff().filter((u) => u.role !== 'account_team')
  return data({ ...portfolioSentiment({ viewer, query, now: new Date() }), query, owners }, { headers: serverTiming('loader', started) })
}

function SortLink({ column, children }: { column: string; children: React.ReactNode }) {
  const [params] = useSearchParams()
  const active = (params.get('sort') ?? 'gap') === column
  const dir = active && (params.get('dir') ?? 'desc') === 'desc' ? 'asc' : 'desc'
  const next = new URLSearchParams(params)
  next.set('sort', column)
  next.set('dir', dir)
  next.delete('page')
  return (
    <Link to={`?${next}`} preventScrollReset>
      {children}
      {active ? (dir === 'asc' ? ' ▼' : ' ▲') : ''}
    </Link>
  )
}

export default function Sentiment() {
  const data = useLoaderData<typeof loader>()
  const { query, levels, series, heat, heatTotal, heatPage, heatPages, gaps, silent, topNeverAnswers, privacy, waves, selected, owners } = data
  const [params] = useSearchParams()
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  const loading = useNavigation().state === 'loading'
  return (
    <main className="container">
      <div className="page-head">
        <h1>Sentiment</h1>
        <a className="button secondary" href={`/sentiment/export.csv?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))}`} download>
          Export responses (CSV)
        </a>
      </div>
      <Form method="get" className="filters" aria-label="Filter sentiment">
        <SelectField name="wave" label="Wave" options={waves.map((w) => ({ value: String(w.id), label: w.name }))} placeholder="Latest wave" defaultValue={query.wave} />
        <SelectField name="window" label="Or a time window" options={[{ value: '90', label: 'Last 90 days' }, { value: '180', label: 'Last 180 days' }, { value: '365', label: 'Last year' }]} placeholder="—" defaultValue={query.window} />
        <SelectField name="owner" label="Owner" options={owners.map((o) => ({ value: String(o.id), label: o.name }))} placeholder="Anyone" defaultValue={query.owner} />
        <SelectField name="strategic" label="Strategic" options={[{ value: 'yes', label: 'Strategic' }, { value: 'no', label: 'Not strategic' }]} placeholder="Any" defaultValue={query.strategic} />
        <SelectField name="status" label="Status" options={optionsOf(ACCOUNT_STATUSES, ACCOUNT_STATUS_LABELS)} placeholder="Any" defaultValue={query.status} />
        <SelectField name="role" label="Role" options={[{ value: 'user', label: 'Users' }, { value: 'buyer', label: 'Buyers' }]} placeholder="Everyone" defaultValue={query.role} />
        <button type="submit">Apply</button>
        <Link to="/sentiment" className="button secondary">
          Clear
        </Link>
      </Form>
      <p className="muted" aria-live="polite">
        {loading ? 'Loading…' : selected.length ? `Showing ${selected.map((w) => w.name).join(', ')}.` : 'No survey wave has gone out yet.'}{' '}
        {privacy.confidential ? `Confidential: a group's figures need answers from at least ${privacy.k} people.` : 'Named answers.'}
      </p>

      {selected.length === 0 ? (
        <p className="card">
          Nothing to show yet. <Link to="/waves/new">Send a survey wave</Link> and the answers appear here.
        </p>
      ) : (
        <>
          <h2>By level</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Level</th>
                  <th className="num">Hate Index</th>
                  <th className="num">vs previous</th>
                  <th className="num">Mean score</th>
                  <th className="num">Answers</th>
                  <th className="num">Response rate</th>
                  <th>Fans / passives / haters</th>
                </tr>
              </thead>
              <tbody>
                {levels.map((l) => (
                  <tr key={l.level} data-level={l.level}>
                    <td>{LEVEL_LABELS[l.level]}</td>
                    <td className="num">
                      <FigureText figure={l.figure} />
                    </td>
                    <td className="num">{l.trend ? `${l.trend.delta > 0 ? '+' : ''}${Math.round(l.trend.delta)} (${l.trend.direction})` : '—'}</td>
                    <td className="num">{l.figure.shown ? l.figure.mean.toFixed(1) : '—'}</td>
                    <td className="num">{l.figure.n}</td>
                    <td className="num">{formatRate(l.rate)}</td>
                    <td>{l.distribution ? `${l.distribution.slice(0, 2).reduce((a, b) => a + b, 0)} / ${l.distribution.slice(2, 4).reduce((a, b) => a + b, 0)} / ${l.distribution.slice(4).reduce((a, b) => a + b, 0)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <div className="grid-2">
            <section aria-labelledby="dist-title">
              <h2 id="dist-title">Score distribution by level</h2>
              <ClientChart
                kind="bar"
                label="Number of answers per score, by level"
                labels={Array.from({ length: 11 }, (_, i) => String(i))}
                datasets={levels.filter((l) => l.distribution).map((l) => ({ label: LEVEL_LABELS[l.level], data: l.distribution!, color: LEVEL_COLORS[l.level] }))}
              />
            </section>
            <section aria-labelledby="trend-title">
              <h2 id="trend-title">Hate Index by level across waves</h2>
              <LevelSeries series={series} />
            </section>
          </div>

          {gaps.length || silent.length || topNeverAnswers.length ? (
            <section aria-labelledby="attention-title">
              <h2 id="attention-title">Needs attention</h2>
              {gaps.map((g) => (
                <p key={g.accountId} className="callout">
                  <Link to={`/accounts/${g.accountId}`}>{g.name}</Link>: {g.sentence} (gap {g.gap.gap.toFixed(1)}).
                </p>
              ))}
              {silent.map((s) => (
                <p key={`${s.accountId}-${s.level}`} className="callout">
                  <Link to={`/accounts/${s.accountId}`}>{s.name}</Link>: {LEVEL_LABELS[s.level].toLowerCase()} answered last wave and are silent now.
                </p>
              ))}
              {topNeverAnswers.length ? (
                <p className="callout">
                  Top management never answers at{' '}
                  {topNeverAnswers.map((a, i) => (
                    <span key={a.accountId}>
                      {i ? ', ' : ''}
                      <Link to={`/accounts/${a.accountId}`}>{a.name}</Link>
                    </span>
                  ))}
                  . Consider sending them a short service report instead.
                </p>
              ) : null}
            </section>
          ) : null}

          <h2>Accounts × levels</h2>
          {heat.length === 0 ? (
            <p className="card">No accounts match these filters.</p>
          ) : (
            <div className="table-wrap heat">
              <table>
                <caption className="sr-only">Hate Index per account and level; response rate in brackets</caption>
                <thead>
                  <tr>
                    <th>
                      <SortLink column="name">Account</SortLink>
                    </th>
                    <th className="num">
                      <SortLink column="arr">ARR</SortLink>
                    </th>
                    {LEVELS.map((l) => (
                      <th key={l} className="num">
                        <SortLink column={l}>{LEVEL_LABELS[l]}</SortLink>
                      </th>
                    ))}
                    <th className="num">
                      <SortLink column="gap">Level gap</SortLink>
                    </th>
                    <th className="num">
                      <SortLink column="rate">Response rate</SortLink>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {heat.map((r) => (
                    <tr key={r.accountId}>
                      <td>
                        <Link to={`/accounts/${r.accountId}`}>{r.name}</Link>
                      </td>
                      <td className="num">{Math.round(r.arr / 1000)}K</td>
                      {LEVELS.map((l) => (
                        <td key={l} className="cell" style={{ background: heatColor(r.cells[l].figure) }}>
                          <Link to={`/accounts/${r.accountId}#sentiment`}>
                            <FigureText figure={r.cells[l].figure} short />
                          </Link>{' '}
                          <span className="muted">({formatRate(r.cells[l].rate)})</span>
                        </td>
                      ))}
                      <td className="num">{r.gap ? r.gap.gap.toFixed(1) : '—'}</td>
                      <td className="num">{formatRate(r.rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {heatPages > 1 ? (
            <nav className="pager" aria-label="Pages">
              {heatPage > 1 ? <Link to={pageLink(heatPage - 1)}>← Previous</Link> : null}
              <span>
                Page {heatPage} of {heatPages} ({heatTotal} accounts)
              </span>
              {heatPage < heatPages ? <Link to={pageLink(heatPage + 1)}>Next →</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </main>
  )
}
