import { beforeAll, describe, expect, it } from 'vitest'
import { EFFORTS } from '#app/domain/vocabulary'
import type { RespondentInvitation } from '#app/models/answers.server'
import { listDevMailbox } from '#app/models/outbox.server'
import { eventsOfItems, itemsOfAccount, listQueueItems } from '#app/models/queue.server'
import { sqlite } from '#app/utils/db.server'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { metricsPage, postMortem, recomputeQueue, refreshQueue } from '#app/services/queue.server'
import { storeSurveyPost } from '#app/services/survey-post.server'
import { seedDemo } from '#db/seed'

const all = <T,>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as T[]
const one = <T,>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).get(...params) as T

const TODAY = new Date('2026-11-23T12:00:00Z')
const DAY = 86_400_000
const admin = () => one<{ id: number }>("select id from users where role = 'admin'")
const viewer = () => ({ id: admin().id, role: 'admin' as const })

describe('the demo portfolio', () => {
  beforeAll(async () => {
    await seedDemo('demo-password-1', TODAY)
  })

  it('is a realistic portfolio with a survey history and an open wave bound for the dev mailbox', async () => {
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

    // One open wave whose invitations wait in the outbox, then land in the dev mailbox
    // (after the queue's alerts and letters, which were raised before the wave went out).
    const queued = one<{ n: number }>("select count(*) as n from outbox where status = 'queued'").n
    const invitations = one<{ n: number }>("select count(*) as n from outbox where status = 'queued' and kind = 'invitation'").n
    expect(invitations).toBeGreaterThan(100)
    // A letter whose client recipient has since left, bounced or unsubscribed is cancelled, not sent.
    const unreachable = one<{ n: number }>(
      "select count(*) as n from outbox o join letters l on l.id = o.letter_id join stakeholders s on s.id = l.stakeholder_id where o.status = 'queued' and s.status != 'active'",
    ).n
    const report = await dispatchOnce({ provider: devMailboxProvider, now: () => new Date('2026-11-23T12:05:00Z') })
    expect(report.sent).toBe(queued - unreachable)
    expect(one<{ n: number }>("select count(*) as n from outbox where status = 'cancelled' and kind = 'letter'").n).toBe(unreachable)
    expect(listDevMailbox({ limit: 1000 })).toHaveLength(queued - unreachable)
    // The newest messages are the open wave's invitations (the browser tests open the first row).
    const newest = all<{ kind: string }>('select o.kind from dev_mailbox d join outbox o on o.id = d.outbox_id order by d.id desc limit ?', invitations)
    expect(new Set(newest.map((m) => m.kind))).toEqual(new Set(['invitation']))
    expect(queued).toBeGreaterThan(invitations)
  })

  it('has an at-risk queue built by the queue itself: every effort level, overdue and on-time steps, the statuses that follow', () => {
    const open = listQueueItems({ viewer: viewer(), filters: {}, now: TODAY })
    for (const effort of EFFORTS) expect(open.filter((i) => i.effort === effort).map((i) => i.accountName), effort).not.toEqual([])

    // Every item was opened by the queue (its first event, its five dated steps), with its signals.
    const items = all<{ id: number; opened_at: number }>('select id, opened_at from queue_items')
    expect(items.length).toBeGreaterThanOrEqual(EFFORTS.length + 2)
    const events = eventsOfItems({ itemIds: items.map((i) => i.id) })
    for (const item of items) {
      const first = events.find((e) => e.itemId === item.id)
      expect(first?.kind).toBe('opened')
      expect(first?.createdAt.getTime()).toBe(item.opened_at)
      expect(one<{ n: number }>('select count(*) as n from queue_steps where item_id = ? and due_at > ?', item.id, item.opened_at).n).toBe(5)
    }
    for (const item of open) expect(item.signals.length).toBeGreaterThan(0)

    // Items opened weeks ago with steps overdue; one opened days ago with every remaining step on time.
    const overdueOld = open.filter((i) => i.overdue > 0 && i.openedAt.getTime() <= TODAY.getTime() - 20 * DAY)
    expect(overdueOld.length).toBeGreaterThan(0)
    const onTime = open.filter((i) => i.overdue === 0 && i.openedAt.getTime() >= TODAY.getTime() - 3 * DAY)
    expect(onTime.length).toBeGreaterThan(0)
    for (const item of onTime) {
      const steps = all<{ done_at: number | null; due_at: number }>('select done_at, due_at from queue_steps where item_id = ?', item.id)
      expect(steps.some((s) => s.done_at !== null)).toBe(true)
      expect(steps.filter((s) => s.done_at === null).every((s) => s.due_at > TODAY.getTime())).toBe(true)
    }
    // Steps done, skipped with a reason, assigned; a plan, notes and a concession waiting above its proposer's limit.
    expect(one<{ n: number }>('select count(*) as n from queue_steps where done_at is not null').n).toBeGreaterThan(5)
    expect(one<{ n: number }>("select count(*) as n from queue_steps where skipped_at is not null and skip_reason != ''").n).toBeGreaterThan(0)
    expect(one<{ n: number }>('select count(*) as n from queue_steps where assignee_id is not null').n).toBeGreaterThan(0)
    expect(one<{ n: number }>('select count(*) as n from recovery_issues').n).toBeGreaterThan(0)
    expect(one<{ n: number }>("select count(*) as n from queue_events where kind = 'note'").n).toBeGreaterThan(0)
    expect(one<{ n: number }>("select count(*) as n from concessions where status = 'pending'").n).toBeGreaterThan(0)

    // The accounts' statuses follow their items.
    const accounts = all<{ id: number; status: string }>('select id, status from accounts')
    for (const a of accounts) {
      const theirs = itemsOfAccount({ accountId: a.id })
      const last = theirs.at(-1)
      const expected = !last ? 'active' : last.status === 'open' ? 'at_risk' : last.status === 'dismissed' ? 'active' : last.status
      expect(a.status, `account ${a.id}`).toBe(expected)
    }
    expect(accounts.filter((a) => a.status === 'active').length).toBeGreaterThan(accounts.length / 3)
  })

  it('has one saved and one churned account, and the post-mortem shows the queue saw the loss coming', () => {
    const saved = listQueueItems({ viewer: viewer(), filters: { status: 'saved' }, now: TODAY })
    const churned = listQueueItems({ viewer: viewer(), filters: { status: 'churned' }, now: TODAY })
    expect(saved).toHaveLength(1)
    expect(churned).toHaveLength(1)
    expect(one<{ status: string }>('select status from accounts where id = ?', saved[0].accountId).status).toBe('saved')
    expect(one<{ status: string }>('select status from accounts where id = ?', churned[0].accountId).status).toBe('churned')
    // Neither has been reopened since.
    expect(itemsOfAccount({ accountId: saved[0].accountId }).filter((i) => i.status === 'open')).toEqual([])
    expect(itemsOfAccount({ accountId: churned[0].accountId }).filter((i) => i.status === 'open')).toEqual([])

    const lost = itemsOfAccount({ accountId: churned[0].accountId })[0]
    expect(lost.outcomeReason).toMatch(/\w{3,}/)
    const weeks = (lost.closedAt!.getTime() - lost.openedAt.getTime()) / DAY
    expect(weeks).toBeGreaterThanOrEqual(14)
    const pm = postMortem({ accountId: churned[0].accountId })
    expect(pm?.surprise.surprise).toBe(false)
    expect(pm?.surprise.daysWarning).toBe(Math.floor(weeks))
    expect(pm?.items[0].events.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'closed']))

    const metrics = metricsPage({ viewer: viewer(), now: TODAY })
    expect(metrics.metrics.successRate).toBe(0.5)
    expect(metrics.metrics.revenueSaved).toBeGreaterThan(0)
    expect(metrics.churned).toEqual([expect.objectContaining({ accountId: churned[0].accountId, surprise: false })])
  })

  it('is already what the server will see: recomputing the queue, open wave included, changes nothing', () => {
    const state = () => JSON.stringify(all('select id, status, risk, health, effort, priority, signals, triage from queue_items order by id'))
    const before = { items: state(), events: one<{ n: number }>('select count(*) as n from queue_events').n, accounts: JSON.stringify(all('select id, status from accounts order by id')) }
    const results = recomputeQueue({ now: new Date(TODAY.getTime() + 3_600_000) })
    expect(results.filter((r) => r.action !== 'none' && r.action !== 'unchanged')).toEqual([])
    expect({ items: state(), events: one<{ n: number }>('select count(*) as n from queue_events').n, accounts: JSON.stringify(all('select id, status from accounts order by id')) }).toEqual(before)
  })

  it('has a top manager with a live invitation at an account outside the queue: a 9 opens a full-effort item and alerts the owner', () => {
    // Northwind Logistics: the account the browser test answers at (see DEMO_QUEUE_STORIES).
    const account = one<{ id: number; owner: string }>("select a.id, u.email as owner from accounts a join users u on u.id = a.owner_id where a.name = 'Northwind Logistics'")
    expect(itemsOfAccount({ accountId: account.id })).toEqual([])
    const invitation = one<{ invitationId: number; waveId: number; stakeholderId: number; level: 'top'; role: 'buyer' | 'both' } | undefined>(
      `select i.id as invitationId, i.wave_id as waveId, i.stakeholder_id as stakeholderId, i.level, i.role
       from invitations i join waves w on w.id = i.wave_id join stakeholders s on s.id = i.stakeholder_id
       where i.account_id = ? and i.level = 'top' and i.role in ('buyer', 'both') and s.status = 'active' and i.state != 'answered'
         and w.send_at <= ? and w.closes_at > ?
       order by s.name limit 1`,
      account.id,
      TODAY.getTime(),
      TODAY.getTime(),
    )
    expect(invitation).toBeDefined()

    const now = new Date(TODAY.getTime() + 10 * 60_000)
    // Through the respondent's workflow, which marks the account for the queue after storing.
    const location = storeSurveyPost({ token: 'demo', invitation: { ...invitation!, accountId: account.id } as RespondentInvitation, post: { intent: 'answer', submissionId: 'demo-top-9', score: 9, comment: '', category: null }, now })
    expect(location).toBe('/s/demo?done=answer')
    expect(one<{ n: number }>("select count(*) as n from responses where invitation_id = ? and score = 9", invitation!.invitationId).n).toBe(1)
    const results = refreshQueue({ now })
    expect(results).toEqual([{ action: 'opened', itemId: expect.any(Number) }])
    const [item] = itemsOfAccount({ accountId: account.id })
    expect({ status: item.status, risk: item.risk, effort: item.effort }).toEqual({ status: 'open', risk: 'high', effort: 'full' })
    expect(one<{ n: number }>("select count(*) as n from letters l join outbox o on o.letter_id = l.id where l.queue_item_id = ? and l.to_email = ? and o.status = 'queued'", item.id, account.owner).n).toBe(1)
  })
})
