/* One wave: sending progress while the dispatcher works (the page refreshes itself),
   then delivery and answers per level and per account, failures with reasons. */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { WAVE_ROLES } from '#app/domain/access'
import { waveStatus } from '#app/domain/waves'
import { LEVEL_LABELS, type Level } from '#app/domain/vocabulary'
import { getWave, waveDelivery, waveFailures, waveProgress } from '#app/models/waves.server'
import { closeWave } from '#app/services/waves.server'
import { actorOf } from '#app/services/audit.server'
import { requireRole } from '#app/services/auth.server'
import { readForm } from '#app/utils/public-request.server'

const REFRESH_SECONDS = 2

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.wave.name ?? 'Wave'} · Hatescale` },
  // Without JavaScript the page still follows the sending progress.
  ...(data && data.progress.queued > 0 ? [{ httpEquiv: 'refresh', content: String(REFRESH_SECONDS * 2) } as const] : []),
]

async function requireWave(request: Request, rawId: string | undefined) {
  const user = await requireRole(request, WAVE_ROLES)
  const wave = getWave({ id: Number(rawId) })
  if (!wave) throw new Response('No such wave.', { status: 404 })
  return { wave, user }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { wave } = await requireWave(request, params.waveId)
  return {
    wave: { id: wave.id, name: wave.name, anonymity: wave.anonymity, minAnswers: wave.minAnswers, levels: wave.levels, sendAt: wave.sendAt, closesAt: wave.closesAt, closedAt: wave.closedAt },
    status: waveStatus(wave, new Date()),
    progress: waveProgress({ waveId: wave.id }),
    delivery: waveDelivery({ waveId: wave.id }),
    failures: waveFailures({ waveId: wave.id }),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { wave, user } = await requireWave(request, params.waveId)
  const form = await readForm(request)
  if (form.get('intent') !== 'close') throw new Response('Unknown action.', { status: 400 })
  closeWave({ id: wave.id, now: new Date(), actor: actorOf(user, context) })
  return redirect(`/waves/${wave.id}`)
}

const pct = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : '—')
const when = (d: string | Date) => new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

function DeliveryTable({ caption, rows, label }: { caption: string; rows: { key: string | number; name: string; invited: number; sent: number; answered: number; bounced: number; failed: number; queued: number }[]; label: (r: { key: string | number; name: string }) => React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th>{caption}</th>
            <th className="num">Invited</th>
            <th className="num">Queued</th>
            <th className="num">Sent</th>
            <th className="num">Bounced / failed</th>
            <th className="num">Answered</th>
            <th className="num">Response rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{label(r)}</td>
              <td className="num">{r.invited}</td>
              <td className="num">{r.queued}</td>
              <td className="num">{r.sent}</td>
              <td className="num">{r.bounced + r.failed}</td>
              <td className="num">{r.answered}</td>
              <td className="num">{pct(r.answered, r.invited)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function WavePage() {
  const { wave, status, progress, delivery, failures } = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  const sending = progress.queued > 0
  useEffect(() => {
    if (!sending) return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), REFRESH_SECONDS * 1000)
    return () => clearInterval(timer)
  }, [sending, revalidator])
  const total = progress.queued + progress.sent + progress.failed + progress.cancelled
  const answered = delivery.perLevel.reduce((s, r) => s + r.answered, 0)
  const invited = delivery.perLevel.reduce((s, r) => s + r.invited, 0)
  return (
    <main className="container">
      <p>
        <Link to="/waves">← Waves</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{wave.name}</h1>
          <p className="muted">
            <span className={`badge ${status === 'open' ? 'active' : status === 'closed' ? 'churned' : ''}`}>{status}</span> · {wave.anonymity}
            {wave.anonymity === 'confidential' ? ` (k = ${wave.minAnswers})` : ''} · sends {when(wave.sendAt)} · closes {when(wave.closedAt ?? wave.closesAt)}
          </p>
        </div>
        {status !== 'closed' ? (
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <button type="submit" className="danger">
              Close wave now
            </button>
          </Form>
        ) : null}
      </div>

      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title" style={{ marginTop: 0 }}>
          Sending
        </h2>
        <progress max={total || 1} value={progress.sent + progress.failed + progress.cancelled} aria-label="Invitations processed" style={{ width: '100%' }} />
        <p role="status" data-testid="progress">
          {progress.queued} queued · {progress.sent} sent · {progress.failed} failed
          {progress.cancelled ? ` · ${progress.cancelled} cancelled` : ''}
          {progress.reminders.sent || progress.reminders.queued ? ` · reminders: ${progress.reminders.sent} sent, ${progress.reminders.queued} queued` : ''}
          {sending ? ' — updating…' : ''}
        </p>
        <p>
          <strong>{answered}</strong> of {invited} answered ({pct(answered, invited)}).
        </p>
      </section>

      <h2>By level</h2>
      <DeliveryTable caption="Level" rows={delivery.perLevel.map((r) => ({ ...r, key: String(r.key) }))} label={(r) => LEVEL_LABELS[r.key as Level]} />
      <h2>By account</h2>
      <DeliveryTable caption="Account" rows={delivery.perAccount} label={(r) => <Link to={`/accounts/${r.key}`}>{r.name}</Link>} />

      {failures.length ? (
        <>
          <h2>Delivery problems</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Person</th>
                  <th>Account</th>
                  <th>State</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {failures.map((f) => (
                  <tr key={f.invitationId}>
                    <td>
                      {f.name} <span className="muted">{f.email}</span>
                    </td>
                    <td>{f.account}</td>
                    <td>
                      <span className={`badge ${f.state}`}>{f.state}</span>
                    </td>
                    <td>{f.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </main>
  )
}
