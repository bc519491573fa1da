/* The champion on an account page: who it is, its status, the log as a timeline,
   events awaiting the owner's decision, and ranked successor candidates. */
import { Form, Link } from '@remix-run/react'
import { describeEvent, type DescribedEvent } from '#app/domain/champions'
import type { ConfirmedChampionStatus } from '#app/domain/champions'
import type { ChampionStatus, Level } from '#app/domain/vocabulary'
import { LEVEL_LABELS } from '#app/domain/vocabulary'

type Event = DescribedEvent & {
  id: number
  createdAt: string | Date
  open: boolean
  resolution: 'confirmed' | 'dismissed' | null
}

/** 'unconfirmed' labels an account with events awaiting confirmation (beside its confirmed status). */
export const CHAMPION_STATUS_LABELS: Record<ChampionStatus, string> = {
  unconfirmed: 'Event to confirm',
  left: 'Champion left',
  cooling: 'Champion cooling',
  none: 'No champion',
  active: 'Champion in place',
}

const day = (d: string | Date) => new Date(d).toISOString().slice(0, 10)

export function AccountChampion({
  accountId,
  canEdit,
  champion,
  status,
  awaitingConfirmation,
  timeline,
  candidates,
  proposePulse,
}: {
  accountId: number
  canEdit: boolean
  champion: { id: number; name: string; level: Level; role: string } | null
  /** From confirmed history: a departure stays one whatever is pending. */
  status: ConfirmedChampionStatus
  awaitingConfirmation: boolean
  timeline: Event[]
  candidates: { id: number; name: string; level: Level; points: number; reasons: string[] }[]
  proposePulse: boolean
}) {
  const open = timeline.filter((e) => e.open)
  return (
    <section id="champion" aria-labelledby="champion-title">
      <h2 id="champion-title">Champion</h2>
      <div className="card stack">
        <p>
          {awaitingConfirmation ? (
            <>
              <span className="badge champion-unconfirmed" data-testid="champion-status">
                {CHAMPION_STATUS_LABELS.unconfirmed}
              </span>{' '}
              <span className={`badge champion-${status}`} data-testid="champion-confirmed-status">
                {CHAMPION_STATUS_LABELS[status]}
              </span>
            </>
          ) : (
            <span className={`badge champion-${status}`} data-testid="champion-status">
              {CHAMPION_STATUS_LABELS[status]}
            </span>
          )}{' '}
          {champion ? (
            <>
              <strong>{champion.name}</strong> ({LEVEL_LABELS[champion.level]}, {champion.role})
            </>
          ) : (
            'Nobody is our champion here right now.'
          )}
        </p>
        {open.length ? (
          <div className="stack" aria-label="Events awaiting confirmation">
            {open.map((e) => (
              <div key={e.id} className="callout" data-testid="pending-event">
                <p>
                  {describeEvent(e)} <span className="muted">— {day(e.createdAt)}</span>
                </p>
                {canEdit ? (
                  <Form method="post" className="row">
                    <input type="hidden" name="eventId" value={e.id} />
                    <button type="submit" name="intent" value="confirm-event">
                      Confirm
                    </button>
                    <button type="submit" name="intent" value="dismiss-event" className="secondary">
                      Dismiss
                    </button>
                  </Form>
                ) : null}
              </div>
            ))}
          </div>
        ) : null}
        {proposePulse && canEdit ? (
          <p>
            <Link className="button secondary" to={`/waves/new?pulse=${accountId}`}>
              Propose a pulse wave to the successor and the heads and top
            </Link>
          </p>
        ) : null}
        {canEdit && champion ? (
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="remove-champion" />
            <label htmlFor="remove-reason">No longer our champion because</label>
            <select id="remove-reason" name="reason" defaultValue="changed_role">
              <option value="changed_role">they changed role</option>
              <option value="left_company">they left the company</option>
              <option value="cooled">they cooled on us</option>
            </select>
            <button type="submit" className="secondary">
              Remove champion
            </button>
          </Form>
        ) : null}
      </div>

      {!champion || status === 'left' || status === 'cooling' ? (
        <>
          <h3>Successor candidates</h3>
          {candidates.length === 0 ? (
            <p className="muted">Nobody else reachable here yet: add people at this account.</p>
          ) : (
            <ol className="candidates">
              {candidates.map((c) => (
                <li key={c.id} className="card">
                  <strong>{c.name}</strong> — {LEVEL_LABELS[c.level]} · {c.points} points
                  <div className="muted">{c.reasons.join(' · ')}</div>
                  {canEdit ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="designate-champion" />
                      <input type="hidden" name="stakeholderId" value={c.id} />
                      <button type="submit" className="secondary">
                        Make {c.name} our champion
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}

      <h3>Champion history</h3>
      {timeline.length === 0 ? (
        <p className="muted">No changes recorded yet.</p>
      ) : (
        <ol className="timeline" data-testid="champion-timeline">
          {timeline.map((e) => (
            <li key={e.id} data-kind={e.kind}>
              <span className="muted">{day(e.createdAt)}</span> {describeEvent(e)}
              {e.open ? <span className="badge at_risk">awaiting confirmation</span> : e.resolution ? <span className="badge">{e.resolution}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
