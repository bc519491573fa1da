/* P4 in its own process, on a fresh copy of the portfolio:
   1. createWave() for whole accounts adding up to BENCH_P4_ENQUEUE invitations (timed);
   2. dispatchOnce() in a loop, through the Resend SDK pointed at the stand-in
      (RESEND_BASE_URL), until the wave's outbox is empty or the time limit.
   Quick runs dispatch only the first BENCH_P4_DISPATCH messages (the rest are
   cancelled before dispatch: rendering 10k emails takes ~40 s of CPU alone).
   Prints one JSON line. Env: DATABASE_PATH, SESSION_SECRET, RESEND_API_KEY,
   RESEND_BASE_URL, BENCH_P4_ENQUEUE, BENCH_P4_DISPATCH, BENCH_P4_MAX_SECONDS. */
import { LEVELS, LOCALES } from '#app/domain/vocabulary'
import { DEFAULT_REMINDER, type ReminderPolicy, type WaveQuestions } from '#app/domain/waves'
import { messages } from '#app/i18n/messages'
import { createWave } from '#app/models/waves.server'
import { sqlite, startCheckpointer } from '#app/utils/db.server'
import { dispatchOnce } from '#app/services/dispatcher.server'

const DAY = 86_400_000
const enqueue = Number(process.env.BENCH_P4_ENQUEUE)
const dispatchCount = Number(process.env.BENCH_P4_DISPATCH)
const maxSeconds = Number(process.env.BENCH_P4_MAX_SECONDS)
if (!(enqueue > 0 && dispatchCount > 0 && maxSeconds > 0)) throw new Error('BENCH_P4_* must be set')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Whole accounts, in id order, until their active people add up to the wave size.
const perAccount = sqlite.prepare("select account_id as id, count(*) as n from stakeholders where status = 'active' group by account_id order by account_id").all() as { id: number; n: number }[]
const accountIds: number[] = []
let people = 0
for (const a of perAccount) {
  if (people >= enqueue) break
  accountIds.push(a.id)
  people += a.n
}

// As in the server (entry.server.tsx): WAL checkpoints run on the worker, not in the wave's commit.
const stopCheckpointer = startCheckpointer()

const now = new Date()
const started = performance.now()
const { waveId, invitations } = createWave({
  name: 'Bench wave (P4)',
  createdById: 1,
  selection: { mode: 'picked', accountIds },
  levels: [...LEVELS],
  questions: Object.fromEntries(LEVELS.map((level) => [level, Object.fromEntries(LOCALES.map((l) => [l, messages[l].defaultQuestion[level]]))])) as WaveQuestions,
  followUp: Object.fromEntries(LOCALES.map((l) => [l, messages[l].defaultFollowUp])) as Record<(typeof LOCALES)[number], string>,
  askCategory: true,
  anonymity: 'confidential',
  minAnswers: 3,
  reminderPolicy: Object.fromEntries(LEVELS.map((l) => [l, { ...DEFAULT_REMINDER }])) as ReminderPolicy,
  sendAt: now,
  closesAt: new Date(now.getTime() + 14 * DAY),
})
const enqueueSeconds = (performance.now() - started) / 1000

const waveOutbox = 'select o.id from outbox o join invitations i on i.id = o.invitation_id where i.wave_id = ? order by o.id'
const held = Math.max(0, invitations - dispatchCount)
if (held > 0) {
  sqlite
    .prepare(`update outbox set status = 'cancelled', last_error = 'bench: held back (quick run)' where id in (${waveOutbox} limit -1 offset ?)`)
    .run(waveId, dispatchCount)
}
const expectedKeys = (sqlite.prepare(`select idempotency_key as k from outbox where id in (${waveOutbox}) and status = 'queued' order by id`).all(waveId) as { k: string }[]).map((r) => r.k)
// Only this wave's messages are waiting: the portfolio's own are all sent.
const waiting = sqlite.prepare("select count(*) as n from outbox where status in ('queued', 'sending')")

const totals = { passes: 0, batches: 0, sent: 0, failed: 0, retried: 0, pausedPasses: 0 }
const dispatchStarted = performance.now()
let timedOut = false
for (;;) {
  if (performance.now() - dispatchStarted > maxSeconds * 1000 || totals.passes > 200_000) {
    timedOut = true
    break
  }
  const report = await dispatchOnce({ maxBatches: 20 })
  totals.passes++
  totals.batches += report.batches
  totals.sent += report.sent
  totals.failed += report.failed
  totals.retried += report.retried
  if (report.batches > 0 && !report.rateLimited) continue
  if ((waiting.get() as { n: number }).n === 0) break
  // Paused by a 429 (dispatchOnce returns at once until the pause is over), or waiting for a retry's backoff.
  if (report.rateLimited) totals.pausedPasses++
  await sleep(report.rateLimited ? 20 : 50)
}
const dispatchSeconds = (performance.now() - dispatchStarted) / 1000

const statuses = Object.fromEntries(
  (sqlite.prepare(`select status, count(*) as n from outbox where id in (${waveOutbox}) group by status`).all(waveId) as { status: string; n: number }[]).map((r) => [r.status, r.n]),
)
const states = Object.fromEntries(
  (sqlite.prepare('select state, count(*) as n from invitations where wave_id = ? group by state').all(waveId) as { state: string; n: number }[]).map((r) => [r.state, r.n]),
)
await stopCheckpointer()
sqlite.close()
console.log(JSON.stringify({ waveId, accounts: accountIds.length, invitations, enqueueSeconds, held, expectedKeys, dispatchSeconds, timedOut, totals, statuses, states }))
