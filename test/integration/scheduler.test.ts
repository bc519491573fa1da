/* The scheduler that owns every periodic job, and the server's scheduled work on it.
   DISPATCHER=off means only "send no email": the queue, reminders and champion
   silence still run. No test waits on the wall clock: a manual scheduler is driven
   with an injected clock (runDue / runNow), and timers only under vi's fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { closeWave } from '#app/services/waves.server'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { JOBS, startScheduledWork, stopScheduledWork } from '#app/services/scheduled-work.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import { REFRESH_DELAY_MS } from '#app/services/queue.server'
import { createScheduler, nextDailyTime, type Scheduler } from '#app/utils/scheduler.server'
import { answer, makeChampionAccount } from '#test/champion-factories'
import { makeUser } from '#test/factories'
import { openItemsOf, queueAccount } from '#test/queue-factories'
import { cancelPendingMessages, count, DAY, makeWave, rows, surveyToken } from '#test/survey-factories'

/** A clock that moves only when told. */
function manualClock(start = new Date()) {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms
    },
  }
}

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('the scheduler', () => {
  it('runs an interval job when due by its clock, and next one interval after the run', async () => {
    const clock = manualClock()
    const s = createScheduler({ now: clock.now, manual: true })
    const runs: number[] = []
    s.add({ name: 'tick', every: 1_000, run: (now) => void runs.push(now.getTime()) })
    s.add({ name: 'boot', every: 60_000, atStart: true, run: () => undefined })

    expect(await s.runDue()).toEqual(['boot'])
    clock.advance(999)
    expect(await s.runDue()).toEqual([])
    clock.advance(1)
    expect(await s.runDue()).toEqual(['tick'])
    expect(runs).toEqual([clock.now().getTime()])
    clock.advance(999)
    expect(await s.runDue()).toEqual([])
    clock.advance(1)
    expect(await s.runDue()).toEqual(['tick'])
  })

  it('runs a daily job at its time of day (UTC), then the next day', async () => {
    const clock = manualClock(new Date('2030-03-10T02:59:00Z'))
    const s = createScheduler({ now: clock.now, manual: true })
    let runs = 0
    s.add({ name: 'nightly', dailyAt: '03:00', run: () => void runs++ })
    expect(s.jobs()[0].nextAt.toISOString()).toBe('2030-03-10T03:00:00.000Z')
    expect(await s.runDue()).toEqual([])
    clock.advance(60_000)
    expect(await s.runDue()).toEqual(['nightly'])
    expect(s.jobs()[0].nextAt.toISOString()).toBe('2030-03-11T03:00:00.000Z')
    expect(runs).toBe(1)
    expect(nextDailyTime('23:30', new Date('2030-12-31T23:45:00Z'))).toBe(Date.parse('2031-01-01T23:30:00Z'))
    expect(() => s.add({ name: 'bad', dailyAt: '3am', run: () => undefined })).toThrow(/HH:MM/)
  })

  it('a failing job is reported and not fatal: the other jobs run, and it runs again after its retry delay', async () => {
    const clock = manualClock()
    const errors: [string, unknown][] = []
    const s = createScheduler({ now: clock.now, manual: true, onError: (name, error) => errors.push([name, error]) })
    let fine = 0
    let attempts = 0
    s.add({ name: 'flaky', every: 60_000, atStart: true, retryAfterMs: 10_000, run: () => {
      attempts++
      throw new Error('database is locked')
    } })
    s.add({ name: 'fine', every: 60_000, atStart: true, run: () => void fine++ })

    expect((await s.runDue()).sort()).toEqual(['fine', 'flaky'])
    expect(fine).toBe(1)
    expect(errors).toEqual([['flaky', new Error('database is locked')]])
    clock.advance(10_000)
    expect(await s.runDue()).toEqual(['flaky'])
    expect(attempts).toBe(2)
  })

  it('never overlaps a job with itself: runNow and runDue during a run share it', async () => {
    const clock = manualClock()
    const s = createScheduler({ now: clock.now, manual: true })
    const gate = deferred()
    let starts = 0
    s.add({ name: 'slow', every: 1_000, atStart: true, run: async () => {
      starts++
      await gate.promise
    } })
    const first = s.runNow('slow')
    const second = s.runNow('slow')
    clock.advance(5_000)
    expect(await Promise.race([s.runDue(), new Promise((r) => setImmediate(() => r('pending')))])).toEqual([])
    expect(s.jobs()[0].running).toBe(true)
    gate.resolve()
    await Promise.all([first, second])
    expect(starts).toBe(1)
  })

  it('runSoon brings a job forward once for many requests, and a job may set its own next delay', async () => {
    const clock = manualClock()
    const s = createScheduler({ now: clock.now, manual: true })
    let refreshes = 0
    let busy = 2
    s.add({ name: 'refresh', every: 60_000, run: () => void refreshes++ })
    s.add({ name: 'send', every: 2_000, atStart: true, run: () => (busy-- > 0 ? 0 : undefined) })
    for (let i = 0; i < 5; i++) expect(s.runSoon('refresh', 200)).toBe(true)
    expect(s.runSoon('not scheduled here', 200)).toBe(false)
    expect(await s.runDue()).toEqual(['send'])
    clock.advance(200)
    expect(await s.runDue()).toEqual(['refresh', 'send']) // send: still busy, again at once
    expect(refreshes).toBe(1)
    expect(await s.runDue()).toEqual(['send']) // idle now: back to its interval
    expect(await s.runDue()).toEqual([])
    clock.advance(2_000)
    expect(await s.runDue()).toEqual(['send'])
  })

  it('with timers: started jobs fire on schedule with unref’d timers, and stop ends them', async () => {
    vi.useFakeTimers()
    try {
      const s = createScheduler()
      let runs = 0
      s.add({ name: 'tick', every: 1_000, run: () => void runs++ })
      await vi.advanceTimersByTimeAsync(5_000)
      expect(runs).toBe(0) // not started: no timer
      s.start()
      await vi.advanceTimersByTimeAsync(1_000)
      expect(runs).toBe(1)
      await vi.advanceTimersByTimeAsync(2_000)
      expect(runs).toBe(3)
      await s.stop()
      expect(s.jobs()).toEqual([])
      await vi.advanceTimersByTimeAsync(10_000)
      expect(runs).toBe(3)
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('the server’s scheduled work', () => {
  let work: Scheduler | undefined
  beforeEach(() => {
    perLinkLimiter.reset()
    missLimiter.reset()
    cancelPendingMessages()
  })
  afterEach(async () => {
    if (work) await stopScheduledWork(work)
    work = undefined
  })

  const mails = () => count('select count(*) as n from dev_mailbox')
  const mailTo = (email: string) => count('select count(*) as n from dev_mailbox where "to" = ?', email)
  const remindersOf = (waveId: number) => rows("select o.status from outbox o join invitations i on i.id = o.invitation_id where i.wave_id = ? and o.kind = 'reminder'", waveId).map((r) => r.status)
  const coolingOf = (accountId: number) => count("select count(*) as n from champion_events where account_id = ? and kind = 'cooling'", accountId)

  /**
   * Three days after a wave was sent (by `npm run dispatch`, say): its two silent people
   * are due a reminder; a champion who answered before stayed silent in a wave now closed;
   * an account's top buyer is about to answer 9.
   */
  async function world() {
    const t0 = new Date(Date.now() - 3 * DAY)
    const wave = await makeWave({ count: 2, sendAt: t0 })
    const champions = makeChampionAccount({ people: [{ key: 'champ', level: 'head', role: 'both', champion: true }, { key: 'peer', level: 'manager' }] })
    // Silence is judged in named waves only.
    const w1 = await makeWave({ accountId: champions.id, anonymity: 'named', sendAt: new Date(t0.getTime() - 20 * DAY), closesAt: new Date(Date.now() + DAY) })
    const champInW1 = w1.invitationIds[w1.recipients.findIndex((r) => r.stakeholderId === champions.people.champ.id)]
    expect((await answer(surveyToken(champInW1), 2)).status).toBe(303)
    const w2 = await makeWave({ accountId: champions.id, anonymity: 'named', sendAt: new Date(t0.getTime() - 2 * DAY) })
    closeWave({ id: w2.waveId, now: t0, actor: SYSTEM_ACTOR })
    const owner = await makeUser('service_manager')
    const account = await queueAccount({ ownerId: owner.id, sendAt: t0 })
    await dispatchOnce({ provider: devMailboxProvider, now: () => t0 })
    expect(remindersOf(wave.waveId)).toEqual([])
    expect(coolingOf(champions.id)).toBe(0)
    return { wave, champions, owner, account, clock: manualClock(new Date(t0.getTime() + 3 * DAY)) }
  }

  /** Boot, then the top buyer's 9: the write's mark brings the queue refresh forward. */
  async function bootAndAnswer({ clock, account }: Awaited<ReturnType<typeof world>>, sendEmail?: boolean) {
    work = startScheduledWork({ scheduler: createScheduler({ now: clock.now, manual: true }), sendEmail })
    await work.runDue()
    expect((await answer(account.tokenOf(account.people.boss.id), 9)).status).toBe(303)
    expect(openItemsOf(account.id)).toEqual([])
    clock.advance(REFRESH_DELAY_MS)
    expect(await work.runDue()).toContain(JOBS.queueRefresh)
    return work
  }

  it('with DISPATCHER=off, the queue, reminders and champion silence still run, and nothing is sent', async () => {
    const w = await world()
    const before = mails()
    const work = await bootAndAnswer(w) // DISPATCHER from the environment: off in tests
    expect(work.jobs().map((j) => j.name).sort()).toEqual([JOBS.backup, JOBS.championSilence, JOBS.queueRecompute, JOBS.queueRefresh, JOBS.reminders].sort())

    expect(openItemsOf(w.account.id)).toHaveLength(1) // the marked account was reassessed
    expect(remindersOf(w.wave.waveId)).toEqual(['queued', 'queued']) // queued, not sent
    expect(coolingOf(w.champions.id)).toBe(1) // the silent champion was noticed
    expect(mails()).toBe(before)
    expect(mailTo(w.owner.email)).toBe(0)
    expect(count("select count(*) as n from outbox where status = 'queued'")).toBeGreaterThanOrEqual(3)
  })

  it('with DISPATCHER=on, the same work runs and the outbox is sent', async () => {
    const w = await world()
    const work = await bootAndAnswer(w, true)
    expect(work.has(JOBS.outbox)).toBe(true)
    await work.runNow(JOBS.outbox)

    expect(openItemsOf(w.account.id)).toHaveLength(1)
    expect(remindersOf(w.wave.waveId)).toEqual(['sent', 'sent'])
    expect(coolingOf(w.champions.id)).toBe(1)
    expect(mailTo(w.owner.email)).toBe(1) // the owner's alert about the new item
    for (const r of w.wave.recipients) expect(mailTo(r.email)).toBe(2) // invitation, then reminder
  })
})
