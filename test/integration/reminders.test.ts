/* Reminders: only to people who have not answered and can still be reached, per the
   wave's per-level policy, never more than its maximum, and never once the wave is
   closed. A fake clock steps through days; the dev mailbox counts what was sent. */
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { enqueueDueReminders } from '#app/models/outbox.server'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { markStakeholderLeft } from '#app/services/stakeholders.server'
import { closeWave } from '#app/services/waves.server'
import { action as surveyAction } from '#app/routes/s.$token'
import { action as unsubscribeAction } from '#app/routes/u.$token'
import { action as webhookAction } from '#app/routes/webhooks.resend'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import { call } from '#test/route'
import { cancelPendingMessages, DAY, emailEvent, mailboxCount, makeWave, policy, row, rows, signedWebhook, surveyToken, unsubscribeToken } from '#test/survey-factories'

beforeEach(() => {
  perLinkLimiter.reset()
  missLimiter.reset()
  cancelPendingMessages()
})

/** One day in the life of the dispatcher at a given time: queue due reminders, send what is due. */
async function tick(at: Date) {
  const queued = enqueueDueReminders({ now: at })
  await dispatchOnce({ provider: devMailboxProvider, now: () => at })
  return queued
}

const remindersOf = (invitationId: number) => rows("select * from outbox where invitation_id = ? and kind = 'reminder' order by id", invitationId)
const reminderMail = (email: string) => rows('select subject from dev_mailbox where "to" = ? order by id', email).map((r) => r.subject)

describe('reminders', () => {
  it('follow the default policy (one, after 3 days) and skip those who answered, bounced or unsubscribed', async () => {
    const t0 = new Date()
    const at = (days: number) => new Date(t0.getTime() + days * DAY)
    const wave = await makeWave({ count: 5, sendAt: t0 })
    const [answered, bounced, unsubscribed, silentA, silentB] = wave.recipients
    const [invAnswered, invBounced, invUnsubscribed, invA, invB] = wave.invitationIds
    await tick(t0)
    for (const r of wave.recipients) expect(mailboxCount(r.email)).toBe(1)

    const answer = surveyToken(invAnswered)
    const posted = await call(surveyAction, `/s/${answer}`, { params: { token: answer }, form: { intent: 'answer', submissionId: randomUUID(), score: '2' } })
    expect(posted.status).toBe(303)
    const outboxId = row('select id from outbox where invitation_id = ?', invBounced)!.id
    const hook = signedWebhook(emailEvent('email.bounced', `dev-${outboxId}`, { bounce: { message: 'Mailbox does not exist' } }))
    expect((await call(webhookAction, '/webhooks/resend', { method: 'POST', body: hook.body, headers: hook.headers })).status).toBe(200)
    const unsub = unsubscribeToken(invUnsubscribed)
    expect((await call(unsubscribeAction, `/u/${unsub}`, { params: { token: unsub }, method: 'POST' })).status).toBe(303)

    // Two days on: too early for anyone.
    expect(await tick(at(2))).toBe(0)
    expect(wave.invitationIds.flatMap(remindersOf)).toHaveLength(0)

    // Just before three days: still nothing; at three days: one each for the two who are silent.
    await tick(new Date(at(3).getTime() - 1))
    expect(wave.invitationIds.flatMap(remindersOf)).toHaveLength(0)
    await tick(at(3))
    expect(remindersOf(invA)).toHaveLength(1)
    expect(remindersOf(invB)).toHaveLength(1)
    for (const inv of [invAnswered, invBounced, invUnsubscribed]) expect(remindersOf(inv), `invitation ${inv}`).toHaveLength(0)
    expect(row('select reminders_sent as n from invitations where id = ?', invA)!.n).toBe(1)

    // Queueing again at the same moment adds nothing.
    expect(enqueueDueReminders({ now: at(3) })).toBe(0)

    // Never more than the maximum (one), however long the wave stays open.
    for (const day of [4, 6, 7, 9, 12, 13]) await tick(at(day))

    expect(mailboxCount(answered.email)).toBe(1)
    expect(mailboxCount(bounced.email)).toBe(1)
    expect(mailboxCount(unsubscribed.email)).toBe(1)
    expect(mailboxCount(silentA.email)).toBe(2)
    expect(mailboxCount(silentB.email)).toBe(2)
    expect(reminderMail(silentA.email)[1]).not.toBe(reminderMail(silentA.email)[0]) // the reminder is not the invitation again
    expect(remindersOf(invA).map((r) => r.status)).toEqual(['sent'])
  })

  it('follow each level its own policy', async () => {
    const t0 = new Date()
    const at = (days: number) => new Date(t0.getTime() + days * DAY)
    const wave = await makeWave({
      levels: ['executor', 'manager', 'top'],
      sendAt: t0,
      closesAt: at(30),
      reminderPolicy: policy({ manager: { afterDays: 5, max: 2 }, top: { afterDays: 3, max: 0 } }),
    })
    const [executor, manager, top] = wave.recipients
    await tick(t0)

    const counts = () => [executor, manager, top].map((r) => mailboxCount(r.email))
    await tick(at(3))
    expect(counts()).toEqual([2, 1, 1]) // executors: default, one after 3 days; top: none at all
    await tick(at(4))
    expect(counts()).toEqual([2, 1, 1])
    await tick(at(5))
    expect(counts()).toEqual([2, 2, 1]) // managers: after 5 days
    await tick(at(9))
    expect(counts()).toEqual([2, 2, 1]) // 5 days after the last email, not after the first
    await tick(at(10))
    expect(counts()).toEqual([2, 3, 1])
    for (const day of [15, 20, 25, 29]) await tick(at(day))
    expect(counts()).toEqual([2, 3, 1]) // managers: max 2
    expect(row('select reminders_sent as n from invitations where id = ?', wave.invitationIds[1])!.n).toBe(2)
  })

  it('none once the wave is closed early, and queued ones are not sent after closing', async () => {
    const t0 = new Date()
    const at = (days: number) => new Date(t0.getTime() + days * DAY)
    const early = await makeWave({ count: 2, sendAt: t0 })
    const queuedThenClosed = await makeWave({ count: 2, sendAt: t0 })
    await tick(t0)

    closeWave({ id: early.waveId, now: at(1), actor: SYSTEM_ACTOR })
    // Queue the other wave's reminders, then close it before they are sent.
    expect(enqueueDueReminders({ now: at(3) })).toBe(2)
    for (const inv of early.invitationIds) expect(remindersOf(inv)).toHaveLength(0)
    closeWave({ id: queuedThenClosed.waveId, now: at(3), actor: SYSTEM_ACTOR })
    await dispatchOnce({ provider: devMailboxProvider, now: () => at(3) })

    for (const r of [...early.recipients, ...queuedThenClosed.recipients]) expect(mailboxCount(r.email), r.email).toBe(1)
    for (const inv of queuedThenClosed.invitationIds) expect(remindersOf(inv).map((o) => o.status)).toEqual(['cancelled'])
    for (const day of [4, 7, 10]) await tick(at(day))
    for (const r of [...early.recipients, ...queuedThenClosed.recipients]) expect(mailboxCount(r.email), r.email).toBe(1)
  })

  it('none past the close time', async () => {
    const t0 = new Date()
    const at = (days: number) => new Date(t0.getTime() + days * DAY)
    const wave = await makeWave({ count: 2, sendAt: t0, closesAt: at(2.5) })
    await tick(t0)
    for (const day of [3, 4, 10]) expect(await tick(at(day))).toBe(0)
    for (const inv of wave.invitationIds) expect(remindersOf(inv)).toHaveLength(0)
    for (const r of wave.recipients) expect(mailboxCount(r.email)).toBe(1)
  })

  it('a reminder queued for someone who then answers is not sent', async () => {
    const t0 = new Date()
    const at = (days: number) => new Date(t0.getTime() + days * DAY)
    const wave = await makeWave({ count: 1, sendAt: t0 })
    await tick(t0)
    expect(enqueueDueReminders({ now: at(3) })).toBe(1)
    const token = surveyToken(wave.invitationIds[0])
    await call(surveyAction, `/s/${token}`, { params: { token }, form: { intent: 'answer', submissionId: randomUUID(), score: '4' } })
    await dispatchOnce({ provider: devMailboxProvider, now: () => at(3) })
    expect(mailboxCount(wave.recipients[0].email)).toBe(1)
    expect(remindersOf(wave.invitationIds[0]).map((o) => o.status)).toEqual(['cancelled'])
  })
})

describe('sending only to people who can still be reached', () => {
  it('someone marked left by staff after their messages were queued is not emailed: the sender checks at send time', async () => {
    const t0 = new Date()
    const at = (days: number) => new Date(t0.getTime() + days * DAY)
    const wave = await makeWave({ count: 2, sendAt: t0 })
    await tick(t0)
    expect(enqueueDueReminders({ now: at(3) })).toBe(2)
    const next = await makeWave({ accountId: wave.accountId, sendAt: at(4) })
    const [gone, stays] = wave.recipients
    // Staff mark the person as left on the account page (no queue clean-up on that path).
    markStakeholderLeft({ accountId: wave.accountId, id: gone.stakeholderId, actor: SYSTEM_ACTOR })

    await dispatchOnce({ provider: devMailboxProvider, now: () => at(4) })
    expect(mailboxCount(gone.email)).toBe(1)
    expect(mailboxCount(stays.email)).toBe(3)
    const theirs = rows(
      'select o.kind, o.status, o.last_error from outbox o join invitations i on i.id = o.invitation_id where i.stakeholder_id = ? order by o.id',
      gone.stakeholderId,
    )
    expect(theirs).toEqual([
      { kind: 'invitation', status: 'sent', last_error: null },
      { kind: 'reminder', status: 'cancelled', last_error: 'recipient left' },
      { kind: 'invitation', status: 'cancelled', last_error: 'recipient left' },
    ])
    expect(next.invitationIds).toHaveLength(2)
  })
})
