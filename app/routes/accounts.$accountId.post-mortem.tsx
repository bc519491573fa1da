/* Churn post-mortem, prefilled: the account's profile, sentiment by level over time,
   champion history, queue history, and "was it a surprise?" — whether and how long
   before the loss the queue flagged it (the product's own quality measure). */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AccountChampion } from '#app/components/account-champion'
import { AccountSentiment } from '#app/components/account-sentiment'
import { formatArr } from '#app/components/format'
import { day, EFFORT_LABELS } from '#app/components/queue-item'
import { ACCOUNT_STATUS_LABELS } from '#app/domain/vocabulary'
import { requireAccount } from '#app/services/account-access.server'
import { accountChampion } from '#app/services/champions.server'
import { postMortem } from '#app/services/queue.server'
import { accountSentiment } from '#app/services/sentiment.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Post-mortem: ${data?.account.name ?? 'account'} · Hatescale` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { account, viewer } = await requireAccount(request, params.accountId)
  const now = new Date()
  const queue = postMortem({ accountId: account.id })
  if (!queue) throw new Response('This account has not been lost: there is no post-mortem to write.', { status: 404 })
  return {
    account,
    queue,
    champion: accountChampion({ accountId: account.id, now }),
    sentiment: accountSentiment({ viewer, accountId: account.id, now }),
  }
}

export default function PostMortem() {
  const { account, queue, champion, sentiment } = useLoaderData<typeof loader>()
  return (
    <main className="container">
      <p className="eyebrow">
        <Link to="/queue/metrics">Save metrics</Link> · churn post-mortem
      </p>
      <h1>{account.name}</h1>
      <section aria-labelledby="surprise" className={`card ${queue.surprise.surprise ? 'callout' : ''}`} data-testid="surprise">
        <h2 id="surprise">Was it a surprise?</h2>
        <p>
          <strong>{queue.surprise.sentence}</strong> Lost on {day(queue.lostAt)}.
        </p>
      </section>
      <section aria-labelledby="profile">
        <h2 id="profile">Profile</h2>
        <dl className="facts card">
          <dt>ARR</dt>
          <dd>{formatArr(account.arr)}</dd>
          <dt>Strategic</dt>
          <dd>{account.strategic ? 'yes' : 'no'}</dd>
          <dt>Industry</dt>
          <dd>{account.industry ?? '—'}</dd>
          <dt>Renewal date</dt>
          <dd>{account.renewalDate ?? '—'}</dd>
          <dt>Owner</dt>
          <dd>{account.ownerName ?? '—'}</dd>
          <dt>Team</dt>
          <dd>{account.team.map((t) => t.name).join(', ') || '—'}</dd>
          <dt>Status</dt>
          <dd>{ACCOUNT_STATUS_LABELS[account.status]}</dd>
        </dl>
      </section>
      <section aria-labelledby="queue-history">
        <h2 id="queue-history">Queue history</h2>
        {queue.items.map((i) => (
          <div key={i.id} className="card stack" data-testid="queue-history-item">
            <p>
              <Link to={`/queue/${i.id}`}>Item opened {day(i.openedAt)}</Link> · {i.risk} risk · effort {EFFORT_LABELS[i.effort]} · {i.status}
              {i.closedAt ? ` on ${day(i.closedAt)}` : ''}
              {i.outcomeReason ? ` — ${i.outcomeReason}` : ''}
            </p>
            <ol className="timeline">
              {i.events.map((e) => (
                <li key={e.id}>
                  <span className="muted">{day(e.createdAt)}</span> {e.kind.replace('_', ' ')}
                  {e.health !== null ? ` · health ${e.health}` : ''}
                  {e.text ? <pre className="event-text">{e.text}</pre> : null}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>
      <AccountChampion accountId={account.id} canEdit={false} {...champion} proposePulse={false} />
      <AccountSentiment {...sentiment} />
    </main>
  )
}
