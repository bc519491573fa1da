import { describe, expect, it } from 'vitest'
import { listDevMailbox } from '#app/models/outbox.server'
import { sqlite } from '#app/services/db.server'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { seedDemo } from '#db/seed'

const all = <T,>(sql: string) => sqlite.prepare(sql).all() as T[]
const one = <T,>(sql: string) => sqlite.prepare(sql).get() as T

describe('the demo portfolio', () => {
  it('is a realistic portfolio with a survey history and an open wave bound for the dev mailbox', async () => {
    await seedDemo('demo-password-1', new Date('2026-11-23T12:00:00Z'))

    const accounts = one<{ n: number }>('select count(*) as n from accounts').n
    expect(accounts).toBeGreaterThanOrEqual(20)
    expect(accounts).toBeLessThanOrEqual(30)
    expect(all<{ industry: string }>('select distinct industry from accounts').length).toBeGreaterThan(10)
    const levelsRoles = all<{ level: string; role: string }>('select distinct level, role from stakeholders')
    for (const level of ['executor', 'manager', 'head', 'top']) expect(levelsRoles.some((r) => r.level === level)).toBe(true)
    expect(levelsRoles.some((r) => r.role === 'buyer')).toBe(true)
    expect(levelsRoles.some((r) => r.role === 'user')).toBe(true)
    const champions = one<{ n: number }>('select count(distinct account_id) as n from stakeholders where is_champion = 1').n
    expect(champions / accounts).toBeGreaterThan(0.6)
    expect(one<{ n: number }>('select count(*) as n from users').n).toBeGreaterThanOrEqual(5)

    // Three past waves with answers; levels differ from each other.
    const past = all<{ id: number }>("select id from waves where closes_at < unixepoch('2026-11-23') * 1000")
    expect(past).toHaveLength(3)
    const byLevel = all<{ level: string; avg: number }>('select level, avg(score) as avg from responses group by level')
    const spread = Math.max(...byLevel.map((r) => r.avg)) - Math.min(...byLevel.map((r) => r.avg))
    expect(spread).toBeGreaterThan(1)
    // Some accounts slide: the latest wave is worse than the first.
    const sliding = all<{ account_id: number }>(`
      select a.account_id from
        (select account_id, avg(score) s from responses where wave_id = ${past[0].id} group by account_id) a
        join (select account_id, avg(score) s from responses where wave_id = ${past[2].id} group by account_id) c on c.account_id = a.account_id
      where c.s - a.s >= 2`)
    expect(sliding.length).toBeGreaterThan(0)
    const comments = all<{ comment: string }>("select comment from responses where comment != ''").map((r) => r.comment)
    expect(comments.some((c) => /[а-я]/i.test(c))).toBe(true)
    expect(comments.some((c) => /^[\x20-\x7e]+$/.test(c))).toBe(true)
    expect(comments.some((c) => /Globex|конкурент/i.test(c))).toBe(true)
    expect(comments.some((c) => /cut costs|сократить расходы/i.test(c))).toBe(true)

    // One open wave whose invitations wait in the outbox, then land in the dev mailbox.
    const queued = one<{ n: number }>("select count(*) as n from outbox where status = 'queued'").n
    expect(queued).toBeGreaterThan(100)
    const report = await dispatchOnce({ provider: devMailboxProvider, now: () => new Date('2026-11-23T12:05:00Z') })
    expect(report.sent).toBe(queued)
    expect(listDevMailbox({ limit: 1000 })).toHaveLength(queued)
  })
})
