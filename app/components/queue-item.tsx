/* The sections of an at-risk item's page. Every form posts to the item's route with an
   `intent`, works without JavaScript, and shows its field errors next to the field. */
import { Form, Link, useLoaderData } from '@remix-run/react'
import { CheckboxField, FormError, SelectField, TextField, optionsOf } from '#app/components/field'
import { formatArr } from '#app/components/format'
import { PROBABILITY_RANGE } from '#app/domain/triage'
import { SIGNAL_LABELS } from '#app/domain/queue'
import { CONCESSION_TYPES, LEVEL_LABELS, QUEUE_OUTCOMES } from '#app/domain/vocabulary'
import type { FieldErrors } from '#app/forms/parse'
import type { assignableUsers } from '#app/models/queue.server'
import type { itemPage } from '#app/services/queue.server'

/** What the item route's loader returns: the workflow's page, who is looking, and whom steps can go to.
    NOTE: declared here, not taken from the route's `loader`, so that this module imports no route (no cycle). */
export type QueueItemPage = NonNullable<ReturnType<typeof itemPage>> & { viewerLimit: number; viewerId: number; staff: ReturnType<typeof assignableUsers> }
type Page = ReturnType<typeof useLoaderData<() => Promise<QueueItemPage>>>
type Failure = { intent: string; fieldErrors: FieldErrors; formError?: string; values: Record<string, unknown> } | undefined

export const day = (d: string | Date | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : '—')
const when = (d: string | Date) => new Date(d).toISOString().slice(0, 16).replace('T', ' ')
const errorsFor = (failure: Failure, intent: string) => (failure?.intent === intent ? failure.fieldErrors : undefined)
const valueOf = (failure: Failure, intent: string, name: string) => (failure?.intent === intent ? (failure.values[name] as string | undefined) : undefined)

const ROLE_WORDS = { user: 'uses the service', buyer: 'buyer', both: 'user and buyer' } as const

export const RISK_LABELS = { high: 'High risk', medium: 'Medium risk', low: 'Low risk' } as const
export const EFFORT_LABELS = { full: 'Full save', standard: 'Standard', light: 'Light', none: 'None: graceful exit' } as const

export function WhySection({ page }: { page: Page }) {
  const { item, account, ownerName } = page
  const t = item.triage
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to="/queue">At-risk queue</Link> · opened {day(item.openedAt)}
          </p>
          <h1>
            <Link to={`/accounts/${account.id}`}>{account.name}</Link>{' '}
            <span className={`badge risk-${item.risk}`}>{RISK_LABELS[item.risk]}</span> {item.status !== 'open' ? <span className={`badge ${item.status}`}>{item.status}</span> : null}
          </h1>
          <p className="muted">
            {formatArr(account.arr)} ARR{account.strategic ? ' · strategic' : ''} · renewal {account.renewalDate ?? 'not on file'} · owner {ownerName ?? 'nobody'}
          </p>
        </div>
        <div className="health" aria-label={`Health ${item.health} of 100`}>
          <span className="health-score">{item.health}</span>
          <span className="muted">/100 health</span>
        </div>
      </div>
      <section aria-labelledby="why" className="grid-2">
        <div className="card">
          <h2 id="why">Why it is here</h2>
          <table data-testid="signals">
            <thead>
              <tr>
                <th>Signal</th>
                <th>Evidence</th>
                <th className="num">Health</th>
              </tr>
            </thead>
            <tbody>
              {item.signals.map((s, i) => (
                <tr key={i} data-kind={s.kind}>
                  <td>{SIGNAL_LABELS[s.kind]}</td>
                  <td>{s.evidence}</td>
                  <td className="num">−{s.points}</td>
                </tr>
              ))}
              <tr>
                <td colSpan={2}>
                  <strong>Health</strong> (100 minus every signal's points)
                </td>
                <td className="num">
                  <strong>{item.health}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        <div className="card" data-testid="triage">
          <h2>Where to invest</h2>
          <dl className="facts">
            <dt>Effort</dt>
            <dd>
              <strong>{EFFORT_LABELS[t.effort.value]}</strong> — {t.effort.reasons.join('; ')}
            </dd>
            <dt>Save probability</dt>
            <dd>
              {t.probability.value} ({PROBABILITY_RANGE[t.probability.value]}) — {t.probability.reasons.join('; ')}
            </dd>
            <dt>Value</dt>
            <dd>
              {t.value.value} — {t.value.reasons.join('; ')}
              {t.value.executive ? '; executive involvement suggested' : ''}
            </dd>
            <dt>Runway</dt>
            <dd>{t.runway.reasons.join('; ')}</dd>
            <dt>Priority</dt>
            <dd>{t.priority.reasons.join('; ')}</dd>
          </dl>
        </div>
      </section>
    </>
  )
}

export function StepsSection({ steps, staff, open, failure }: { steps: Page['steps']; staff: Page['staff']; open: boolean; failure: Failure }) {
  return (
    <section aria-labelledby="steps">
      <h2 id="steps">Steps, due from opening</h2>
      <FormError message={failure?.intent.startsWith('step') ? (failure.fieldErrors.reason?.[0] ?? failure.formError) : undefined} />
      <ol className="steps">
        {steps.map((s) => (
          <li key={s.id} className={`card step${s.overdue ? ' overdue' : ''}${s.doneAt ? ' done' : ''}`} data-step={s.key} data-overdue={s.overdue || undefined}>
            <p>
              <strong>{s.title}</strong>
            </p>
            <p className="muted">
              Due {when(s.dueAt)} UTC · {s.assignee ?? s.ownerLabel}
              {s.overdue ? <span className="badge overdue-badge">overdue</span> : null}
              {s.doneAt ? <span className="badge ok">done {day(s.doneAt)}</span> : null}
              {s.skippedAt ? <span className="badge">skipped: {s.skipReason}</span> : null}
            </p>
            {open && !s.doneAt && !s.skippedAt ? (
              <div className="row">
                <Form method="post" className="inline">
                  <input type="hidden" name="stepId" value={s.id} />
                  <button type="submit" name="intent" value="step-done">
                    Mark done
                  </button>
                </Form>
                <Form method="post" className="row">
                  <input type="hidden" name="stepId" value={s.id} />
                  <label className="sr-only" htmlFor={`skip-${s.id}`}>
                    Why skip this step
                  </label>
                  <input id={`skip-${s.id}`} name="reason" placeholder="Why skip it?" />
                  <button type="submit" name="intent" value="step-skip" className="secondary">
                    Skip
                  </button>
                </Form>
                <Form method="post" className="row">
                  <input type="hidden" name="stepId" value={s.id} />
                  <label className="sr-only" htmlFor={`assign-${s.id}`}>
                    Assign to
                  </label>
                  <select id={`assign-${s.id}`} name="assigneeId" defaultValue={s.assigneeId ?? ''}>
                    <option value="">Unassigned</option>
                    {staff.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit" name="intent" value="step-assign" className="secondary">
                    Assign
                  </button>
                </Form>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

export function DraftsSection({ drafts, people, letters, open, failure }: { drafts: Page['drafts']; people: Page['people']; letters: Page['letters']; open: boolean; failure: Failure }) {
  const errors = errorsFor(failure, 'send-message')
  return (
    <section aria-labelledby="drafts">
      <h2 id="drafts">Draft messages</h2>
      {open ? (
        drafts.map((d) => {
          const chosen = failure?.intent === 'send-message' && failure.values.kind === d.kind
          return (
            <details key={d.kind} className="card" open={d.kind === 'open' || chosen} data-draft={d.kind}>
              <summary>
                <strong>{d.title}</strong>
              </summary>
              <Form method="post" className="stack">
                <input type="hidden" name="kind" value={d.kind} />
                <TextField name="subject" label="Subject" id={`subject-${d.kind}`} defaultValue={(chosen && valueOf(failure, 'send-message', 'subject')) || d.subject} errors={chosen ? errors : undefined} />
                <div className="field">
                  <label htmlFor={`body-${d.kind}`}>Message</label>
                  <textarea id={`body-${d.kind}`} name="body" rows={14} defaultValue={(chosen && valueOf(failure, 'send-message', 'body')) || d.body} />
                  {chosen && errors?.body ? <small className="field-error">{errors.body[0]}</small> : null}
                </div>
                <fieldset>
                  <legend>Send to</legend>
                  <div className="pick-list">
                    {people.map((p) => (
                      <CheckboxField
                        key={p.id}
                        name="stakeholderIds"
                        label={`${p.name} (${LEVEL_LABELS[p.level]}, ${ROLE_WORDS[p.role]}${p.isChampion ? ', champion' : ''})`}
                        defaultChecked={d.kind === 'service_report' ? p.level === 'top' : p.isChampion}
                        value={String(p.id)}
                        id={`to-${d.kind}-${p.id}`}
                      />
                    ))}
                  </div>
                  {chosen && errors?.stakeholderIds ? <small className="field-error">{errors.stakeholderIds[0]}</small> : null}
                </fieldset>
                <button type="submit" name="intent" value="send-message">
                  Send through the outbox
                </button>
              </Form>
            </details>
          )
        })
      ) : (
        <p className="muted">The item is closed.</p>
      )}
      {letters.length ? (
        <>
          <h3>Sent from this item</h3>
          <ul className="plain" data-testid="letters">
            {letters.map((l) => (
              <li key={l.id}>
                {day(l.createdAt)} · “{l.subject}” to {l.toName} &lt;{l.toEmail}&gt; · {l.status}
                {l.by ? ` · by ${l.by}` : ' · alert'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

export function PlanSection({ plan, open, failure }: { plan: Page['plan']; open: boolean; failure: Failure }) {
  const errors = errorsFor(failure, 'plan-issue')
  const v = (name: string) => valueOf(failure, 'plan-issue', name)
  return (
    <section aria-labelledby="plan">
      <h2 id="plan">Recovery plan</h2>
      {plan.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Issue</th>
                <th>Root cause</th>
                <th>Fix</th>
                <th>Owner</th>
                <th>Deadline</th>
                <th>Success metric</th>
              </tr>
            </thead>
            <tbody>
              {plan.map((p) => (
                <tr key={p.id}>
                  <td>{p.issue}</td>
                  <td>{p.rootCause}</td>
                  <td>{p.fix}</td>
                  <td>{p.owner}</td>
                  <td>{p.deadline}</td>
                  <td>{p.metric}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No issues in the plan yet: every issue gets a root cause, a fix, an owner, a deadline and a success metric agreed with the client.</p>
      )}
      {open ? (
        <Form method="post" className="card form-grid" aria-label="Add an issue to the plan">
          <TextField name="issue" label="Issue" errors={errors} defaultValue={v('issue')} />
          <TextField name="rootCause" label="Root cause" errors={errors} defaultValue={v('rootCause')} />
          <TextField name="fix" label="Fix" errors={errors} defaultValue={v('fix')} />
          <TextField name="owner" label="Owner" errors={errors} defaultValue={v('owner')} />
          <TextField name="deadline" label="Deadline" type="date" errors={errors} defaultValue={v('deadline')} />
          <TextField name="metric" label="Success metric" errors={errors} defaultValue={v('metric')} />
          <div>
            <button type="submit" name="intent" value="plan-issue">
              Add to the plan
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}

export function ConcessionsSection({ page, open, failure }: { page: Page; open: boolean; failure: Failure }) {
  const errors = errorsFor(failure, 'propose-concession')
  const v = (name: string) => valueOf(failure, 'propose-concession', name)
  const g = page.guidance
  return (
    <section aria-labelledby="concessions">
      <h2 id="concessions">Concessions</h2>
      <p>
        Guidance for {page.item.risk} risk: {g.discount[0]}–{g.discount[1]}% discount, or {g.also.join(', ')}. Your approval limit: {Number.isFinite(page.viewerLimit) ? `${page.viewerLimit}%` : 'unlimited'}.
      </p>
      {page.priceWarning ? (
        <p className="callout" role="note" data-testid="price-warning">
          {page.priceWarning}
        </p>
      ) : null}
      {page.concessions.length ? (
        <ul className="plain stack" data-testid="concessions">
          {page.concessions.map((c) => (
            <li key={c.id} className="card" data-status={c.status}>
              <p>
                <strong>
                  {c.type.replace('_', ' ')} {c.percent}%
                </strong>{' '}
                · {c.term} · expires: {c.expiry} · <span className="badge">{c.status}</span>
              </p>
              <p className="muted">
                Proposed by {c.proposedBy ?? '—'} for {formatArr(c.arr)} ARR at {c.risk} risk. Why: {c.rationale}. Expected: {c.expectedResult}.
              </p>
              {c.chain.map((d, i) => (
                <p key={i} className="muted">
                  {d.decision} by {d.by ?? '—'} (limit {d.limit === null ? 'unlimited' : `${d.limit}%`}) on {day(d.createdAt)}
                  {d.note ? ` — ${d.note}` : ''}
                </p>
              ))}
              {open && c.status === 'pending' ? (
                <Form method="post" className="row">
                  <input type="hidden" name="concessionId" value={c.id} />
                  <TextField name="note" label="Note" id={`note-${c.id}`} />
                  {c.percent <= page.viewerLimit ? (
                    <button type="submit" name="intent" value="approve-concession">
                      Approve
                    </button>
                  ) : (
                    <span className="muted">Needs someone with a limit of at least {c.percent}%.</span>
                  )}
                  <button type="submit" name="intent" value="reject-concession" className="secondary">
                    Reject
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <Form method="post" className="card form-grid" aria-label="Propose a concession">
          <SelectField name="type" label="Type" options={optionsOf(CONCESSION_TYPES)} errors={errors} defaultValue={v('type') ?? 'discount'} />
          <TextField name="percent" label="Size (% of ARR)" type="number" min={0} max={100} errors={errors} defaultValue={v('percent') ?? '0'} />
          <TextField name="term" label="Term" errors={errors} defaultValue={v('term')} hint="e.g. 12 months" />
          <TextField name="rationale" label="Why" errors={errors} defaultValue={v('rationale')} />
          <TextField name="expectedResult" label="Expected result" errors={errors} defaultValue={v('expectedResult')} />
          <TextField name="expiry" label="Expiry" errors={errors} defaultValue={v('expiry')} hint="e.g. year 1 only" />
          <div>
            <button type="submit" name="intent" value="propose-concession">
              Propose
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}

export function OutcomeSection({ item, followUps, accountId, failure }: { item: Page['item']; followUps: Page['followUps']; accountId: number; failure: Failure }) {
  const errors = errorsFor(failure, 'close')
  if (item.status !== 'open') {
    return (
      <section aria-labelledby="outcome">
        <h2 id="outcome">Outcome</h2>
        <p>
          <span className={`badge ${item.status}`}>{item.status}</span> on {day(item.closedAt)}
          {item.outcomeReason ? ` — ${item.outcomeReason}` : ''}
        </p>
        {followUps.length ? (
          <ul className="plain" data-testid="follow-ups">
            {followUps.map((f) => (
              <li key={f.title}>
                {day(f.at)} · {f.title}
              </li>
            ))}
          </ul>
        ) : null}
        {item.status === 'churned' ? <Link to={`/accounts/${accountId}/post-mortem`}>Churn post-mortem</Link> : null}
      </section>
    )
  }
  return (
    <section aria-labelledby="outcome">
      <h2 id="outcome">Close with an outcome</h2>
      <Form method="post" className="card row">
        <SelectField name="outcome" label="Outcome" options={optionsOf(QUEUE_OUTCOMES)} errors={errors} placeholder="Choose…" defaultValue={valueOf(failure, 'close', 'outcome')} />
        <TextField name="reason" label="Reason (required when dismissing)" errors={errors} defaultValue={valueOf(failure, 'close', 'reason')} />
        <button type="submit" name="intent" value="close">
          Close item
        </button>
      </Form>
    </section>
  )
}

export function HistorySection({ events, failure }: { events: Page['events']; failure: Failure }) {
  const errors = errorsFor(failure, 'note')
  return (
    <section aria-labelledby="history">
      <h2 id="history">History and activity</h2>
      <Form method="post" className="card stack">
        <div className="field">
          <label htmlFor="f-text">Add a note</label>
          <textarea id="f-text" name="text" rows={3} defaultValue={valueOf(failure, 'note', 'text')} aria-invalid={errors?.text ? true : undefined} />
          {errors?.text ? <small className="field-error">{errors.text[0]}</small> : null}
        </div>
        <button type="submit" name="intent" value="note">
          Add note
        </button>
      </Form>
      <ol className="timeline" data-testid="history">
        {events.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <span className="muted">{when(e.createdAt)}</span> <strong>{e.kind.replace('_', ' ')}</strong>
            {e.health !== null ? ` · health ${e.health}` : ''}
            {e.by ? ` · ${e.by}` : ''}
            {e.text ? <pre className="event-text">{e.text}</pre> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
