/* Resend's delivery webhooks (Svix-signed, verified with `standardwebhooks`):
   unsigned or stale deliveries change nothing; bounces and complaints stop all
   further email to that person; a replayed delivery is applied once. */
import { beforeEach, describe, expect, it } from 'vitest'
import { enqueueDueReminders } from '#app/models/outbox.server'
import { createWave, countRecipients } from '#app/models/waves.server'
import { action as webhookAction, loader as webhookLoader } from '#app/routes/webhooks.resend'
import { sqlite } from '#app/utils/db.server'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { call } from '#test/route'
import {
  cancelPendingMessages,
  count,
  DAY,
  emailEvent,
  mailboxCount,
  makeWave,
  newSvixId,
  policy,
  QUESTIONS,
  row,
  rows,
  signedWebhook,
  snapshot,
  waveCreatorId,
} from '#test/survey-factories'

beforeEach(() => cancelPendingMessages())

const post = (hook: { body: string; headers: Record<string, string> }) => call(webhookAction, '/webhooks/resend', { method: 'POST', body: hook.body, headers: hook.headers })
const outboxIdOf = (invitationId: number) => Number(row("select id from outbox where invitation_id = ? and kind = 'invitation'", invitationId)!.id)
const stakeholder = (id: number) => row('select * from stakeholders where id = ?', id)!
const invitation = (id: number) => row('select * from invitations where id = ?', id)!
const eventsWith = (svixId: string) => count('select count(*) as n from webhook_events where svix_id = ?', svixId)

/** A wave of `n` people, sent with the dev mailbox: each message's provider id is `dev-<outboxId>`. */
async function sentWave(n = 2) {
  const wave = await makeWave({ count: n })
  await dispatchOnce({ provider: devMailboxProvider, now: () => new Date() })
  for (const id of wave.invitationIds) expect(row('select provider_id as p from outbox where invitation_id = ?', id)!.p).toBe(`dev-${outboxIdOf(id)}`)
  return wave
}

describe('signature checks', () => {
  it('a bad signature, a missing signature header, a stale or future timestamp, or a tampered body → 401 and nothing changes', async () => {
    const wave = await sentWave(1)
    const event = emailEvent('email.bounced', `dev-${outboxIdOf(wave.invitationIds[0])}`, { bounce: { message: 'Mailbox does not exist' } })
    const before = snapshot()

    const wrongSecret = signedWebhook(event, { secret: `whsec_${Buffer.from('somebody-elses-secret-24').toString('base64')}` })
    const missing = signedWebhook(event)
    delete missing.headers['svix-signature']
    const missingId = signedWebhook(event)
    delete missingId.headers['svix-id']
    const stale = signedWebhook(event, { at: new Date(Date.now() - 10 * 60_000) })
    const future = signedWebhook(event, { at: new Date(Date.now() + 10 * 60_000) })
    const tampered = signedWebhook(event)
    tampered.body = tampered.body.replace('email.bounced', 'email.complained')
    const otherId = signedWebhook(event)
    otherId.headers['svix-id'] = newSvixId() // a signature is bound to its message id
    const garbage = signedWebhook(event)
    garbage.headers['svix-signature'] = 'v1,bm90IGEgc2lnbmF0dXJl'

    for (const [name, hook] of Object.entries({ wrongSecret, missing, missingId, stale, future, tampered, otherId, garbage })) {
      const res = await post(hook)
      expect(res.status, name).toBe(401)
    }
    expect(snapshot()).toBe(before)
    expect(stakeholder(wave.recipients[0].stakeholderId).status).toBe('active')
  })

  it('GET is not allowed', async () => {
    const res = await call(webhookLoader, '/webhooks/resend')
    expect(res.status).toBe(405)
  })
})

describe('delivery events', () => {
  it('a valid email.bounced marks the person and the invitation bounced, once per svix-id', async () => {
    const wave = await sentWave(2)
    const [person, other] = wave.recipients
    const hook = signedWebhook(emailEvent('email.bounced', `dev-${outboxIdOf(wave.invitationIds[0])}`, { bounce: { message: 'Mailbox does not exist' } }))

    const res = await post(hook)
    expect(res.status).toBe(200)
    expect(res.data).toEqual({ ok: true, applied: true })
    expect(stakeholder(person.stakeholderId).status).toBe('bounced')
    expect(invitation(wave.invitationIds[0])).toMatchObject({ state: 'bounced', failure_reason: 'Mailbox does not exist' })
    expect(stakeholder(other.stakeholderId).status).toBe('active')
    expect(invitation(wave.invitationIds[1]).state).toBe('sent')
    expect(eventsWith(hook.msgId)).toBe(1)

    // Someone puts the person back by hand; the same delivery replayed (new timestamp and
    // signature, same svix-id) must not bounce them again.
    sqlite.prepare("update stakeholders set status = 'active' where id = ?").run(person.stakeholderId)
    const before = snapshot()
    const replay = await post(signedWebhook(JSON.parse(hook.body), { msgId: hook.msgId, at: new Date(Date.now() + 1_000) }))
    expect(replay.status).toBe(200)
    expect(replay.data).toEqual({ ok: true, applied: false })
    expect(eventsWith(hook.msgId)).toBe(1)
    expect(snapshot()).toBe(before)
    expect(stakeholder(person.stakeholderId).status).toBe('active')
  })

  it('email.complained unsubscribes the person and fails the invitation', async () => {
    const wave = await sentWave(1)
    const hook = signedWebhook(emailEvent('email.complained', `dev-${outboxIdOf(wave.invitationIds[0])}`))
    const res = await post(hook)
    expect(res.status).toBe(200)
    expect(stakeholder(wave.recipients[0].stakeholderId).status).toBe('unsubscribed')
    expect(invitation(wave.invitationIds[0])).toMatchObject({ state: 'failed', failure_reason: expect.stringMatching(/spam/) })
    expect(eventsWith(hook.msgId)).toBe(1)
  })

  it('email.delivered and email.opened move the invitation forward, never back', async () => {
    const wave = await sentWave(1)
    const emailId = `dev-${outboxIdOf(wave.invitationIds[0])}`
    await post(signedWebhook(emailEvent('email.delivered', emailId)))
    expect(invitation(wave.invitationIds[0]).state).toBe('delivered')
    await post(signedWebhook(emailEvent('email.opened', emailId)))
    expect(invitation(wave.invitationIds[0]).state).toBe('opened')
    // Out of order: a late "delivered" does not undo "opened".
    await post(signedWebhook(emailEvent('email.delivered', emailId)))
    expect(invitation(wave.invitationIds[0]).state).toBe('opened')
    expect(stakeholder(wave.recipients[0].stakeholderId).status).toBe('active')
  })

  it('an event about an email that is not ours is acknowledged and changes nothing but the event log', async () => {
    await sentWave(1)
    const before = snapshot(['stakeholders', 'invitations', 'outbox'])
    const hook = signedWebhook(emailEvent('email.bounced', 're_unknown_email_id'))
    const res = await post(hook)
    expect(res.status).toBe(200)
    expect(snapshot(['stakeholders', 'invitations', 'outbox'])).toBe(before)
    expect(eventsWith(hook.msgId)).toBe(1)
  })

  it('nobody bounced or unsubscribed by complaint is emailed again: queued messages cancelled, later waves skip them', async () => {
    const t0 = new Date()
    const wave = await makeWave({ count: 3, sendAt: t0 })
    await dispatchOnce({ provider: devMailboxProvider, now: () => t0 })
    const [bounced, complained, fine] = wave.recipients
    // Already queued for all three: a wave going out tomorrow.
    const tomorrow = await makeWave({ accountId: wave.accountId, sendAt: new Date(t0.getTime() + DAY) })
    expect(tomorrow.invitationIds).toHaveLength(3)

    await post(signedWebhook(emailEvent('email.bounced', `dev-${outboxIdOf(wave.invitationIds[0])}`)))
    await post(signedWebhook(emailEvent('email.complained', `dev-${outboxIdOf(wave.invitationIds[1])}`)))

    const queued = (stakeholderId: number) =>
      rows('select o.status from outbox o join invitations i on i.id = o.invitation_id where i.stakeholder_id = ? and i.wave_id = ?', stakeholderId, tomorrow.waveId).map(
        (r) => r.status,
      )
    expect(queued(bounced.stakeholderId)).toEqual(['cancelled'])
    expect(queued(complained.stakeholderId)).toEqual(['cancelled'])
    expect(queued(fine.stakeholderId)).toEqual(['queued'])

    // Tomorrow, and a reminder round after that: only the one still reachable gets mail.
    await dispatchOnce({ provider: devMailboxProvider, now: () => new Date(t0.getTime() + DAY) })
    enqueueDueReminders({ now: new Date(t0.getTime() + 4 * DAY) })
    await dispatchOnce({ provider: devMailboxProvider, now: () => new Date(t0.getTime() + 4 * DAY) })
    expect(mailboxCount(bounced.email)).toBe(1)
    expect(mailboxCount(complained.email)).toBe(1)
    expect(mailboxCount(fine.email)).toBe(4) // two invitations, a reminder for each

    // A wave created later does not invite them at all (createWave only invites 'active' people).
    expect(countRecipients({ selection: { mode: 'picked', accountIds: [wave.accountId] }, levels: ['executor'] }).total).toBe(1)
    const { waveId, invitations } = createWave({
      name: 'Next month',
      createdById: await waveCreatorId(),
      selection: { mode: 'picked', accountIds: [wave.accountId] },
      levels: ['executor'],
      questions: QUESTIONS,
      followUp: { en: 'What should we fix?', ru: 'Что исправить?' },
      askCategory: true,
      anonymity: 'confidential',
      minAnswers: 3,
      reminderPolicy: policy(),
      sendAt: new Date(t0.getTime() + 5 * DAY),
      closesAt: new Date(t0.getTime() + 20 * DAY),
    })
    expect(invitations).toBe(1)
    expect(rows('select stakeholder_id as s from invitations where wave_id = ?', waveId).map((r) => r.s)).toEqual([fine.stakeholderId])
  })
})

describe('body size', () => {
  it('a declared body over the limit is refused with 413 before anything is read', async () => {
    await sentWave(1)
    const before = snapshot()
    const big = signedWebhook({ type: 'email.bounced', data: { email_id: 'x', padding: 'x'.repeat(300 * 1024) } })
    const res = await post({ body: big.body, headers: { ...big.headers, 'content-length': String(Buffer.byteLength(big.body)) } })
    expect(res.status).toBe(413)
    expect(snapshot()).toBe(before)
  })

  it('a body over the limit without a Content-Length (chunked) is refused with 413 too', async () => {
    const wave = await sentWave(1)
    const before = snapshot()
    // Validly signed, so only the size limit stands between it and being applied.
    const big = signedWebhook(emailEvent('email.bounced', `dev-${outboxIdOf(wave.invitationIds[0])}`, { padding: 'x'.repeat(300 * 1024) }))
    const res = await post(big)
    expect(res.status).toBe(413)
    expect(snapshot()).toBe(before)
  })
})
