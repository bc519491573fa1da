/* The server's periodic work, as jobs on the process's scheduler (app/utils/scheduler.server.ts),
   started at boot whatever DISPATCHER says. DISPATCHER=off only leaves out the outbox
   job: no email is sent, while the queue, reminders (queued, not sent) and champion
   silence keep running. The figures are the dispatcher loop's, from before it was
   split: the queue every 2 s (and 200 ms after a write marks an account), the whole
   queue at start and every 24 h, reminders and silence every minute, the outbox every
   2 s (at once while busy, after retry-after when told to wait). A backup is taken once
   a day, and ten minutes after start when the newest is a day old (a server restarted
   daily still takes one, but not on top of its start-up recompute). */
import { enqueueDueReminders } from '#app/models/outbox.server'
import { onMarked } from '#app/models/queue-dirty.server'
import { getEnv } from '#app/utils/env.server'
import { scheduler as processScheduler, type Job, type Scheduler } from '#app/utils/scheduler.server'
import { backupDueIn, takeBackup } from './backups.server'
import { detectSilentChampions } from './champions.server'
import { IDLE_MS, RETRY_AFTER_ERROR_MS, sendPass } from './dispatcher.server'
import { QUEUE_REFRESH_JOB, recomputeQueueInWorker, refreshQueueInWorker, scheduleRefresh } from './queue.server'

export const JOBS = {
  queueRefresh: QUEUE_REFRESH_JOB,
  queueRecompute: 'daily queue recompute',
  reminders: 'reminders',
  championSilence: 'champion silence',
  outbox: 'outbox',
  backup: 'daily backup',
} as const

const MINUTE = 60_000
/** Days to renewal move on their own: the whole queue is reassessed once a day. */
const RECOMPUTE_EVERY_MS = 24 * 3_600_000
const BACKUP_EVERY_MS = 24 * 3_600_000
/** A failed backup (disk full, say) is tried again within the hour, not the next day. */
const BACKUP_RETRY_MS = 3_600_000
/** A start already recomputes the whole queue; the backup (a copy and a full integrity check) waits this long after it. */
export const BACKUP_SETTLE_MS = 10 * 60_000

/** The jobs, on a given scheduler (whose clock they run by). */
export function scheduledJobs({ on, sendEmail, log }: { on: Scheduler; sendEmail: boolean; log: (line: string) => void }): Job[] {
  // An alert or reminder just queued goes out now rather than at the outbox's next idle tick.
  const sendSoon = () => void on.runSoon(JOBS.outbox, 0)
  const settledAt = on.now().getTime() + BACKUP_SETTLE_MS
  const jobs: Job[] = [
    {
      name: JOBS.queueRefresh,
      every: IDLE_MS,
      run: async (now) => {
        if ((await refreshQueueInWorker({ now })).length) sendSoon()
      },
    },
    {
      name: JOBS.queueRecompute,
      every: RECOMPUTE_EVERY_MS,
      atStart: true,
      run: async (now) => {
        if ((await recomputeQueueInWorker({ now })).length) sendSoon()
      },
    },
    {
      name: JOBS.reminders,
      every: MINUTE,
      atStart: true,
      run: (now) => {
        const queued = enqueueDueReminders({ now })
        if (queued) log(`scheduler: queued ${queued} reminders`)
        if (queued) sendSoon()
      },
    },
    {
      // Champions who went silent in a wave that has since closed (idempotent).
      name: JOBS.championSilence,
      every: MINUTE,
      atStart: true,
      run: (now) => {
        const silent = detectSilentChampions({ now })
        if (silent) log(`scheduler: ${silent} champions went silent`)
      },
    },
    {
      name: JOBS.backup,
      every: BACKUP_EVERY_MS,
      atStart: true,
      retryAfterMs: BACKUP_RETRY_MS,
      run: async (now) => {
        // Counted from the newest backup, `npm run backup` included: one a day, not one per start.
        const wait = Math.max(settledAt - now.getTime(), backupDueIn(now))
        if (wait > 0) return wait
        const backup = await takeBackup({ now })
        log(`scheduler: backed up the database to ${backup.file} (${backup.bytes} bytes, integrity check ok) in ${backup.tookMs} ms`)
      },
    },
  ]
  if (sendEmail) jobs.push({ name: JOBS.outbox, every: IDLE_MS, atStart: true, retryAfterMs: RETRY_AFTER_ERROR_MS, run: () => sendPass({ log, now: on.now }) })
  return jobs
}

/**
 * Starts the scheduled work once per process (a second call returns the running
 * scheduler). Writes that mark an account bring the queue refresh forward.
 */
export function startScheduledWork({
  scheduler: on = processScheduler,
  sendEmail = getEnv().DISPATCHER === 'on',
  log = console.log,
}: { scheduler?: Scheduler; sendEmail?: boolean; log?: (line: string) => void } = {}): Scheduler {
  if (on.started) return on
  for (const job of scheduledJobs({ on, sendEmail, log })) on.add(job)
  // A 9 from a top buyer reaches the queue (and the owner's inbox) right after it is stored.
  onMarked(() => scheduleRefresh(on))
  on.start()
  return on
}

/** Stops the jobs and the refresh-after-write; resolves once runs under way have finished. */
export async function stopScheduledWork(on: Scheduler = processScheduler) {
  onMarked(null)
  await on.stop()
}
