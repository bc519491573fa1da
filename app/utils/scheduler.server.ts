/* The process's one scheduler: named jobs, each on an interval or at a daily time.
   It owns every periodic timer, so what runs when is written in one place (the jobs
   themselves are registered by app/services/scheduled-work.server.ts). A job's error is
   logged and the job runs again as scheduled; a job never overlaps itself; the timers
   are unref'd (the HTTP server keeps the process alive, not a periodic job). Tests and
   scripts drive it without timers: `manual` plus an injected clock, then runDue/runNow. */

export type Job = {
  name: string
  /** Milliseconds from the end of one run to the start of the next. */
  every?: number
  /** Or once a day at this UTC time, "HH:MM". */
  dailyAt?: string
  /** First run as soon as the job is added (otherwise after one interval, or at the next daily time). */
  atStart?: boolean
  /** After a failed run, try again this much later (default: the schedule). */
  retryAfterMs?: number
  /** The work. A number returned is the delay before the next run instead of the schedule (e.g. 0: go again at once). */
  run: (now: Date) => Promise<number | void> | number | void
}

export type SchedulerOptions = {
  /** The clock jobs are due by (and are given). */
  now?: () => Date
  /** No timers at all: the jobs run only when runDue/runNow is called (tests, one-shot scripts). */
  manual?: boolean
  onError?: (name: string, error: unknown) => void
}

export type Scheduler = ReturnType<typeof createScheduler>

type State = {
  job: Job
  nextAt: number
  running: Promise<void> | null
  /** A runSoon during a run: the next run no later than this. */
  soonAt: number | null
  /** Neither run nor brought forward yet: its schedule counts from start(). */
  fresh: boolean
  timer?: NodeJS.Timeout
}

const DAY = 86_400_000
/** setTimeout's ceiling (about 24.8 days); a later job is simply re-armed when it fires early. */
const MAX_TIMEOUT = 2 ** 31 - 1

/** The next time of day "HH:MM" (UTC) strictly after `from`. */
export function nextDailyTime(dailyAt: string, from: Date): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(dailyAt)
  if (!match) throw new Error(`scheduler: dailyAt must be "HH:MM", got "${dailyAt}"`)
  const today = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), Number(match[1]), Number(match[2]))
  return today > from.getTime() ? today : today + DAY
}

function scheduledAfter(job: Job, at: Date): number {
  if (job.dailyAt !== undefined) return nextDailyTime(job.dailyAt, at)
  return at.getTime() + job.every!
}

export function createScheduler({ now = () => new Date(), manual = false, onError = (name, error) => console.error(`scheduler: ${name} failed; it runs again as scheduled`, error) }: SchedulerOptions = {}) {
  const states = new Map<string, State>()
  let started = false

  const arm = (state: State) => {
    clearTimeout(state.timer)
    state.timer = undefined
    if (!started || manual || state.running || states.get(state.job.name) !== state) return
    const delay = Math.min(Math.max(state.nextAt - now().getTime(), 0), MAX_TIMEOUT)
    state.timer = setTimeout(() => {
      state.timer = undefined
      if (state.nextAt > now().getTime()) arm(state)
      else void execute(state)
    }, delay)
    state.timer.unref()
  }

  const execute = (state: State): Promise<void> => {
    if (state.running) return state.running
    clearTimeout(state.timer)
    state.fresh = false
    const at = now()
    const attempt = async (): Promise<number | void> => {
      try {
        return await state.job.run(at)
      } catch (error) {
        onError(state.job.name, error)
        return state.job.retryAfterMs
      }
    }
    // Settled in a later turn, so `running` is set before it is cleared, even for a job that throws at once.
    state.running = attempt().then((delay) => {
      const end = now()
      state.nextAt = typeof delay === 'number' ? end.getTime() + Math.max(delay, 0) : scheduledAfter(state.job, end)
      if (state.soonAt !== null) state.nextAt = Math.min(state.nextAt, Math.max(state.soonAt, end.getTime()))
      state.soonAt = null
      state.running = null
      arm(state)
    })
    return state.running
  }

  const stateOf = (name: string) => {
    const state = states.get(name)
    if (!state) throw new Error(`scheduler: no job "${name}"`)
    return state
  }

  return {
    now,
    get started() {
      return started
    },
    add(job: Job) {
      if (states.has(job.name)) throw new Error(`scheduler: job "${job.name}" is already scheduled`)
      if ((job.every === undefined) === (job.dailyAt === undefined)) throw new Error(`scheduler: job "${job.name}" needs either every or dailyAt`)
      const at = now()
      const state: State = { job, nextAt: job.atStart ? at.getTime() : scheduledAfter(job, at), running: null, soonAt: null, fresh: true }
      states.set(job.name, state)
      arm(state)
    },
    has: (name: string) => states.has(name),
    /** Each job with the time it is next due. */
    jobs: () => [...states.values()].map((s) => ({ name: s.job.name, nextAt: new Date(s.nextAt), running: s.running !== null })),
    /** Arms the timers (none when manual); a job added earlier counts its schedule from now. */
    start() {
      if (started) return
      started = true
      const at = now()
      for (const state of states.values()) {
        if (state.fresh) state.nextAt = state.job.atStart ? at.getTime() : scheduledAfter(state.job, at)
        arm(state)
      }
    },
    /** Runs the job now (a run already under way is not doubled: its promise is returned). */
    runNow: (name: string) => execute(stateOf(name)),
    /** Runs every job due by the clock, together; resolves with their names once all have finished. */
    async runDue(): Promise<string[]> {
      const at = now().getTime()
      const due = [...states.values()].filter((s) => !s.running && s.nextAt <= at)
      await Promise.all(due.map(execute))
      return due.map((s) => s.job.name)
    },
    /**
     * Brings a job forward to run within `delayMs` (never later than it would anyway);
     * requests meanwhile share that one run. Unknown jobs are ignored: the caller may run
     * where that job is not scheduled. Returns whether the job exists.
     */
    runSoon(name: string, delayMs = 0): boolean {
      const state = states.get(name)
      if (!state) return false
      const at = now().getTime() + delayMs
      if (state.running) state.soonAt = Math.min(state.soonAt ?? at, at)
      else if (at < state.nextAt) {
        state.fresh = false
        state.nextAt = at
        arm(state)
      }
      return true
    },
    /** Stops every timer and forgets the jobs; resolves once the runs under way have finished. */
    async stop() {
      started = false
      const running = [...states.values()].flatMap((s) => (s.running ? [s.running] : []))
      for (const state of states.values()) clearTimeout(state.timer)
      states.clear()
      await Promise.all(running)
    },
  }
}

declare global {
  var __hatescaleScheduler: Scheduler | undefined
}

/** The process's scheduler (one per process; survives dev reloads). The production server stops it on shutdown. */
export const scheduler: Scheduler = (globalThis.__hatescaleScheduler ??= createScheduler())
