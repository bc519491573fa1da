/* P3 in its own process, on the run's copy of the portfolio (after P1's answers):
   1. recomputeQueue() over every account, twice: the first opens the portfolio's queue
      items (its alerts included), the second finds them in place (the daily recompute);
      then once more as the server runs it (recomputeQueueInWorker: read on the
      background thread, applied here), with this event loop's delay meanwhile;
   2. BENCH_P3_UPDATES single answers stored through storeSurveyPost() (the respondent's workflow: the answer, then its account's mark) on the open wave,
      each followed by a timed refreshQueue(), which reassesses that one account.
   Prints one JSON line. Env: DATABASE_PATH, SESSION_SECRET, BENCH_P3_UPDATES. */
import type { RespondentInvitation } from '#app/models/answers.server'
import { storeSurveyPost } from '#app/services/survey-post.server'
import { sqlite, startCheckpointer } from '#app/utils/db.server'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { accountPicture, recomputeQueue, recomputeQueueInWorker, refreshQueue, refreshQueueInWorker } from '#app/services/queue.server'
import type { Level, RelationshipRole } from '#app/domain/vocabulary'

const updates = Number(process.env.BENCH_P3_UPDATES)
if (!(updates > 0)) throw new Error('BENCH_P3_UPDATES must be set')

const count = (sql: string, ...params: unknown[]) => (sqlite.prepare(sql).get(...params) as { n: number }).n
const tally = (actions: { action: string }[]) => actions.reduce<Record<string, number>>((t, r) => ({ ...t, [r.action]: (t[r.action] ?? 0) + 1 }), {})
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return { n: samples.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN, mean: samples.reduce((a, b) => a + b, 0) / samples.length }
}
const timed = <T>(fn: () => T): [T, number] => {
  const started = performance.now()
  const result = fn()
  return [result, performance.now() - started]
}

// As in the server (entry.server.tsx): WAL checkpoints run on the worker, not in these commits.
const stopCheckpointer = startCheckpointer()

const now = new Date()
const accounts = count('select count(*) as n from accounts where archived_at is null')
const dirtyBefore = count('select count(*) as n from queue_dirty')
const lettersBefore = count("select count(*) as n from outbox where kind = 'letter'")

const [first, firstMs] = timed(() => recomputeQueue({ now }))
const lettersQueued = count("select count(*) as n from outbox where kind = 'letter'") - lettersBefore
const [second, secondMs] = timed(() => recomputeQueue({ now }))
// The same daily recompute as the server runs it: read on the background thread, applied
// here a slice at a time. What the server's requests would feel is this loop's delay.
// The thread is started first (a refresh with nothing marked), as the server's is by then.
await refreshQueueInWorker({ now })
const loop = monitorEventLoopDelay({ resolution: 1 })
loop.enable()
const backgroundStarted = performance.now()
const background = await recomputeQueueInWorker({ now })
const backgroundMs = performance.now() - backgroundStarted
loop.disable()

// Where a recompute's time goes: the picture (reads) against the whole evaluation, on a sample.
const sampleIds = (sqlite.prepare('select id from accounts where archived_at is null order by id limit 500').all() as { id: number }[]).map((r) => r.id)
const [, pictureMs] = timed(() => sampleIds.forEach((id) => accountPicture(id, now)))

// Single answers on the open (live) wave: one unanswered invitation at each of `updates` accounts.
type Invitation = { invitationId: number; waveId: number; accountId: number; stakeholderId: number; level: Level; role: RelationshipRole; isChampion: number }
const candidates = sqlite
  .prepare(
    `select i.id as invitationId, i.wave_id as waveId, i.account_id as accountId, i.stakeholder_id as stakeholderId, i.level, i.role, s.is_champion as isChampion
     from invitations i join waves w on w.id = i.wave_id join stakeholders s on s.id = i.stakeholder_id
     where w.send_at <= ? and coalesce(w.closed_at, w.closes_at) > ? and i.state != 'answered'
       and i.id = (select min(j.id) from invitations j where j.wave_id = i.wave_id and j.account_id = i.account_id and j.state != 'answered')
     order by i.account_id desc limit ?`,
  )
  .all(now.getTime(), now.getTime(), updates) as Invitation[]
if (candidates.length < updates) throw new Error(`only ${candidates.length} unanswered open-wave invitations at distinct accounts for ${updates} updates`)
// A mix like real answers: mostly mild, some high hate, some comments the signals read.
const COMMENTS = ['', '', '', 'Tickets still bounce between teams, and nobody owns them.', 'Too expensive for what we get. We have to cut costs next year.', 'If this goes on we will not renew.']
const refreshMs: number[] = []
const recordMs: number[] = []
const actions: { action: string }[] = []
const byAction: Record<string, number[]> = {}
candidates.forEach((inv, i) => {
  const at = new Date(now.getTime() + i)
  const [, r] = timed(() =>
    storeSurveyPost({
      token: 'bench',
      invitation: { ...inv, isChampion: inv.isChampion === 1 } as RespondentInvitation,
      post: { intent: 'answer', submissionId: `bench-p3-${inv.invitationId}`, score: (i * 7) % 11, comment: COMMENTS[i % COMMENTS.length], category: null },
      now: at,
    }),
  )
  recordMs.push(r)
  const [results, ms] = timed(() => refreshQueue({ now: at }))
  if (results.length !== 1) throw new Error(`refreshQueue reassessed ${results.length} accounts after one answer`)
  refreshMs.push(ms)
  actions.push(results[0])
  ;(byAction[results[0].action] ??= []).push(ms)
})

const items = Object.fromEntries((sqlite.prepare("select effort, count(*) as n from queue_items where status = 'open' group by effort").all() as { effort: string; n: number }[]).map((r) => [r.effort, r.n]))
console.log(
  JSON.stringify({
    accounts,
    dirtyBefore,
    full: { firstSeconds: firstMs / 1000, firstActions: tally(first), secondSeconds: secondMs / 1000, secondActions: tally(second), lettersQueued },
    background: { seconds: backgroundMs / 1000, actions: tally(background), loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6 },
    sample: { accounts: sampleIds.length, pictureMsPerAccount: pictureMs / sampleIds.length, evaluateMsPerAccount: secondMs / Math.max(1, second.length) },
    incremental: { refresh: summary(refreshMs), recordAnswer: summary(recordMs), actions: tally(actions), byAction: Object.fromEntries(Object.entries(byAction).map(([a, ms]) => [a, summary(ms)])) },
    openItems: items,
  }),
)
await stopCheckpointer()
sqlite.close()
