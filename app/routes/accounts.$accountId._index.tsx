import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { AccountChampion } from '#app/components/account-champion'
import { AccountSentiment } from '#app/components/account-sentiment'
import { daysUntil, formatArr } from '#app/components/format'
import { StakeholderForm } from '#app/components/stakeholder-form'
import { levelCoverage } from '#app/domain/coverage'
import { ACCOUNT_STATUS_LABELS, LEVEL_LABELS } from '#app/domain/vocabulary'
import { StakeholderSchema } from '#app/forms/accounts'
import { ChampionReasonSchema, IdSchema } from '#app/forms/fields'
import { formFailure, parseForm } from '#app/forms/parse'
import { setAccountArchived } from '#app/services/accounts.server'
import { actorOf } from '#app/services/audit.server'
import { designateChampion, NotEligibleError, NotPendingError, removeChampion, resolveEvent } from '#app/services/champions.server'
import { getStakeholder, listStakeholders } from '#app/models/stakeholders.server'
import { createStakeholder, markStakeholderLeft, StakeholderEmailTakenError, updateStakeholder } from '#app/services/stakeholders.server'
import { itemLinksOfAccount } from '#app/models/queue.server'
import { requireAccount, requireEditableAccount } from '#app/services/account-access.server'
import { readForm } from '#app/utils/public-request.server'
import { accountSentiment } from '#app/services/sentiment.server'
import { accountChampion } from '#app/services/champions.server'
import { loaderTimingHeaders, serverTiming } from '#app/utils/server-timing.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.account.name ?? 'Account'} · Hatescale` }]

export const headers = loaderTimingHeaders

export async function loader({ request, params }: LoaderFunctionArgs) {
  const started = performance.now()
  const { account, canEdit, viewer } = await requireAccount(request, params.accountId)
  const people = listStakeholders({ accountId: account.id })
  const now = new Date()
  const page = {
    account,
    canEdit,
    people,
    coverage: levelCoverage(people),
    champion: accountChampion({ accountId: account.id, now, people }),
    sentiment: accountSentiment({ viewer, accountId: account.id, now, people }),
    queueItems: itemLinksOfAccount({ accountId: account.id }),
  }
  return data(page, { headers: serverTiming('loader', started) })
}

const EMAIL_TAKEN = { email: ['Someone at this account already has this email.'] }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { account, user } = await requireEditableAccount(request, params.accountId)
  const actor = actorOf(user, context)
  const form = await readForm(request)
  const intent = form.get('intent')
  const back = `/accounts/${account.id}`

  if (intent === 'archive' || intent === 'unarchive') {
    setAccountArchived({ id: account.id, archived: intent === 'archive', actor })
    return redirect(back)
  }

  if (intent === 'add-stakeholder' || intent === 'edit-stakeholder') {
    const parsed = parseForm(StakeholderSchema, form)
    if (!parsed.ok) return data({ intent, ...parsed }, { status: 400 })
    try {
      if (intent === 'add-stakeholder') createStakeholder({ accountId: account.id, input: parsed.data, userId: user.id, actor })
      else updateStakeholder({ accountId: account.id, id: existingId(form, account.id), input: parsed.data, userId: user.id, actor })
    } catch (error) {
      if (!(error instanceof StakeholderEmailTakenError)) throw error
      return data({ intent, ...formFailure(EMAIL_TAKEN, parsed.data) }, { status: 400 })
    }
    return redirect(back)
  }

  if (intent === 'designate-champion') {
    try {
      designateChampion({ accountId: account.id, stakeholderId: existingId(form, account.id), userId: user.id, actor })
    } catch (error) {
      if (error instanceof NotEligibleError) throw new Response(error.message, { status: 400 })
      throw error
    }
    return redirect(`${back}#champion`)
  }
  if (intent === 'remove-champion') {
    const reason = ChampionReasonSchema.safeParse(form.get('reason'))
    if (!reason.success) throw new Response('Choose why they are no longer the champion.', { status: 400 })
    removeChampion({ accountId: account.id, reason: reason.data, userId: user.id, actor })
    return redirect(`${back}#champion`)
  }
  if (intent === 'confirm-event' || intent === 'dismiss-event') {
    const eventId = IdSchema.safeParse(form.get('eventId'))
    if (!eventId.success) throw new Response('No such event.', { status: 404 })
    try {
      resolveEvent({ accountId: account.id, eventId: eventId.data, decision: intent === 'confirm-event' ? 'confirmed' : 'dismissed', userId: user.id, actor })
    } catch (error) {
      if (error instanceof NotPendingError) throw new Response('This event is not awaiting a decision (already decided, or not on this account).', { status: 409 })
      if (error instanceof NotEligibleError) throw new Response(`${error.message} The suggested person has left or cannot be reached.`, { status: 409 })
      throw error
    }
    return redirect(`${back}#champion`)
  }
  if (intent === 'mark-left') {
    markStakeholderLeft({ accountId: account.id, id: existingId(form, account.id), userId: user.id, actor })
    return redirect(back)
  }
  throw new Response('Unknown action.', { status: 400 })
}

function existingId(form: FormData, accountId: number): number {
  const id = IdSchema.safeParse(form.get('stakeholderId'))
  if (!id.success || !getStakeholder({ accountId, id: id.data })) throw new Response('No such person at this account.', { status: 404 })
  return id.data
}

export default function AccountPage() {
  const { account, canEdit, people, coverage, champion, sentiment, queueItems } = useLoaderData<typeof loader>()
  const openItem = queueItems.find((i) => i.status === 'open')
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const editing = Number(params.get('edit')) || undefined
  const editingPerson = people.find((p) => p.id === editing)
  return (
    <main className="container">
      <div className="page-head">
        <div>
          <p className="eyebrow">{account.industry || 'Account'}</p>
          <h1>
            {account.name} {account.archivedAt ? <span className="badge">archived</span> : null}
          </h1>
          <p className="muted">{account.domain}</p>
        </div>
        {canEdit ? (
          <div className="row">
            <Link className="button secondary" to={`/accounts/import?account=${account.id}`}>
              Import people
            </Link>
            <Link className="button" to={`/accounts/${account.id}/edit`}>
              Edit account
            </Link>
          </div>
        ) : null}
      </div>

      <section className="card" aria-label="Account facts">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${account.status}`}>{ACCOUNT_STATUS_LABELS[account.status]}</span>
            {account.strategic ? <span className="badge champion">strategic</span> : null}
          </dd>
          <dt>ARR</dt>
          <dd>{formatArr(account.arr)}</dd>
          <dt>Renewal</dt>
          <dd>{account.renewalDate ? `${account.renewalDate} (${daysUntil(account.renewalDate)} days)` : 'not set'}</dd>
          <dt>Owner</dt>
          <dd>{account.ownerName ?? 'No owner'}</dd>
          <dt>Account team</dt>
          <dd>{account.team.length ? account.team.map((t) => t.name).join(', ') : 'No one yet'}</dd>
          <dt>At-risk queue</dt>
          <dd data-testid="queue-link">
            {openItem ? (
              <Link to={`/queue/${openItem.id}`}>
                In the queue: {openItem.risk} risk, health {openItem.health}
              </Link>
            ) : (
              'Not in the queue'
            )}
            {queueItems.some((i) => i.status === 'churned') ? (
              <>
                {' · '}
                <Link to={`/accounts/${account.id}/post-mortem`}>Churn post-mortem</Link>
              </>
            ) : null}
            {queueItems.length > (openItem ? 1 : 0) ? <span className="muted"> · {queueItems.length - (openItem ? 1 : 0)} closed item(s)</span> : null}
          </dd>
        </dl>
      </section>

      <h2 id="coverage-title">Coverage</h2>
      <div className="coverage" aria-labelledby="coverage-title" data-testid="coverage">
        {coverage.map((c) => (
          <div key={c.level} className={`cell${c.gap ? ' gap' : ''}`} data-level={c.level}>
            <div className="muted">{LEVEL_LABELS[c.level]}</div>
            <div className="count">{c.active}</div>
            <div>{c.gap ? <strong>No one reachable here</strong> : `${c.active === 1 ? 'person' : 'people'}${c.total > c.active ? ` (+${c.total - c.active} inactive)` : ''}`}</div>
          </div>
        ))}
      </div>

      <AccountChampion accountId={account.id} canEdit={canEdit} {...champion} />

      <AccountSentiment {...sentiment} />

      <h2>People</h2>
      {people.length === 0 ? (
        <p className="card">No people yet. Add the first below, or import a CSV.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Level</th>
                <th>Role</th>
                <th className="hide-sm">Email</th>
                <th>Status</th>
                {canEdit ? <th>Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.name} {p.isChampion ? <span className="badge champion">champion</span> : null}
                    <div className="muted">{p.title}</div>
                  </td>
                  <td>{LEVEL_LABELS[p.level]}</td>
                  <td>{p.role}</td>
                  <td className="hide-sm">
                    {p.email} <span className="muted">({p.locale})</span>
                  </td>
                  <td>
                    <span className={`badge ${p.status}`}>{p.status}</span>
                  </td>
                  {canEdit ? (
                    <td>
                      <Link to={`?edit=${p.id}#edit-person`}>Edit</Link>
                      {p.status !== 'left' ? (
                        <Form method="post" className="inline">
                          <input type="hidden" name="intent" value="mark-left" />
                          <input type="hidden" name="stakeholderId" value={p.id} />{' '}
                          <button type="submit" className="link-button" aria-label={`Mark ${p.name} as left`}>
                            Mark as left
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canEdit && editingPerson ? (
        <section id="edit-person">
          <h2>Edit {editingPerson.name}</h2>
          <StakeholderForm
            intent="edit-stakeholder"
            stakeholderId={editingPerson.id}
            defaults={editingPerson}
            failure={result?.intent === 'edit-stakeholder' ? result : undefined}
            submitLabel="Save person"
            cancelTo={`/accounts/${account.id}`}
          />
        </section>
      ) : null}

      {canEdit ? (
        <section>
          <h2>Add a person</h2>
          <StakeholderForm
            intent="add-stakeholder"
            defaults={{}}
            failure={result?.intent === 'add-stakeholder' ? result : undefined}
            submitLabel="Add person"
          />
          <h2>Archive</h2>
          <Form method="post">
            <input type="hidden" name="intent" value={account.archivedAt ? 'unarchive' : 'archive'} />
            <button type="submit" className={account.archivedAt ? 'secondary' : 'danger'}>
              {account.archivedAt ? 'Restore account' : 'Archive account'}
            </button>
          </Form>
        </section>
      ) : null}
    </main>
  )
}
