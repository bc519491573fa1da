/* The dispatcher against Resend's real SDK, with Resend's batch endpoint faked by
   MSW (nothing leaves the machine) and a fake clock stepped instead of sleeping. */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CLAIM_LEASE_MS, MAX_ATTEMPTS } from '#app/domain/delivery'
import { claimBatch, markAccepted, type ClaimedMessage } from '#app/models/outbox.server'
import { waveFailures, waveProgress } from '#app/models/waves.server'
import { loader as waveLoader } from '#app/routes/waves.$waveId'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { batchKeyFor, renderBatch, renderInBackground, resendProvider } from '#app/services/email.server'
import { hashToken } from '#app/utils/link-tokens.server'
import { signedIn } from '#test/factories'
import { createFakeResend, RATE_LIMITED, RESEND_BATCH_URL, SERVER_ERROR, VALIDATION_ERROR } from '#test/mocks/resend'
import { call } from '#test/route'
import { cancelPendingMessages, makeWave, row, rows, surveyToken, unsubscribeToken } from '#test/survey-factories'
import { sqlite } from '#app/utils/db.server'

const resend = createFakeResend()
const server = setupServer(resend.handler)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => cancelPendingMessages())
afterEach(() => {
  resend.reset()
  server.resetHandlers()
})

/** A controllable clock for the dispatcher: starts at the real now, moves only when told. */
function fakeClock() {
  const start = new Date()
  let current = start
  return {
    start,
    now: () => current,
    at(ms: number) {
      current = new Date(start.getTime() + ms)
      return current
    },
  }
}

const provider = () => resendProvider('re_test_key')
const outboxOf = (waveId: number) =>
  rows('select o.* from outbox o join invitations i on i.id = o.invitation_id where i.wave_id = ? order by o.id', waveId) as {
    id: number
    status: string
    attempts: number
    not_before: number
    last_error: string | null
    provider_id: string | null
    batch_key: string | null
    idempotency_key: string
    sent_at: number | null
    invitation_id: number
  }[]
const invitationsOf = (waveId: number) =>
  rows('select * from invitations where wave_id = ? order by id', waveId) as { id: number; state: string; failure_reason: string | null; last_sent_at: number | null }[]

describe('sending a wave in batches', () => {
  it('250 invitations go out in exactly 3 calls (100, 100, 50), each with its own keys, and are all marked sent', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 250, sendAt: clock.start })

    const report = await dispatchOnce({ provider: provider(), now: clock.now })

    expect(resend.calls.map((c) => c.emails.length)).toEqual([100, 100, 50])
    expect(report).toMatchObject({ batches: 3, sent: 250, failed: 0, retried: 0, rateLimited: false })
    for (const c of resend.calls) {
      expect(c.idempotencyKey).toMatch(/\S/)
      expect(c.batchValidation).toBe('permissive')
      expect(c.authorization).toBe('Bearer re_test_key')
    }
    expect(new Set(resend.calls.map((c) => c.idempotencyKey)).size).toBe(3)

    const outbox = outboxOf(wave.waveId)
    expect(outbox).toHaveLength(250)
    // Each email carries its own message key, unique across the wave and equal to its outbox row's.
    const messageKeys = resend.calls.flatMap((c) => c.emails.map((e) => e.headers?.['X-Hatescale-Message-Key']))
    expect(messageKeys.every((k) => typeof k === 'string' && k.length > 0)).toBe(true)
    expect(new Set(messageKeys).size).toBe(250)
    expect(new Set(messageKeys)).toEqual(new Set(outbox.map((o) => o.idempotency_key)))
    // A call's Idempotency-Key is the batch key recorded on exactly its messages.
    for (const c of resend.calls) {
      const keys = c.emails.map((e) => e.headers!['X-Hatescale-Message-Key'])
      const batchKeys = new Set(outbox.filter((o) => keys.includes(o.idempotency_key)).map((o) => o.batch_key))
      expect([...batchKeys]).toEqual([c.idempotencyKey])
    }

    // Every email goes to its own person with their own working links.
    const byEmail = new Map(wave.recipients.map((r, i) => [r.email, wave.invitationIds[i]]))
    for (const email of resend.calls.flatMap((c) => c.emails)) {
      expect(email.to).toHaveLength(1)
      const invitationId = byEmail.get(email.to[0])!
      expect(invitationId).toBeDefined()
      expect(email.headers!['X-Hatescale-Message-Key']).toBe(`invitation/${invitationId}`)
      const token = surveyToken(invitationId)
      expect(email.html).toContain(`http://hatescale.test/s/${token}`)
      expect(token.startsWith(`${invitationId}.`)).toBe(true)
      expect(hashToken(token.slice(token.indexOf('.') + 1))).toBe(row('select token_hash as h from invitations where id = ?', invitationId)!.h)
      expect(email.headers!['List-Unsubscribe']).toBe(`<http://hatescale.test/u/${unsubscribeToken(invitationId)}>`)
    }

    expect(outbox.every((o) => o.status === 'sent')).toBe(true)
    expect(outbox.every((o) => o.sent_at === clock.start.getTime())).toBe(true)
    const ids = resend.deliveries.map((d) => d.id)
    expect(new Set(outbox.map((o) => o.provider_id))).toEqual(new Set(ids))
    // The provider id recorded on a row is the id Resend gave that very email.
    for (const d of resend.deliveries) expect(outbox.find((o) => o.idempotency_key === d.messageKey)!.provider_id).toBe(d.id)
    const invitations = invitationsOf(wave.waveId)
    expect(invitations.every((i) => i.state === 'sent' && i.last_sent_at === clock.start.getTime())).toBe(true)
    expect(waveProgress({ waveId: wave.waveId })).toMatchObject({ queued: 0, sent: 250, failed: 0 })

    // A second pass has nothing left to send.
    await dispatchOnce({ provider: provider(), now: clock.now })
    expect(resend.calls).toHaveLength(3)
  })

  it('in permissive mode, an email Resend rejects fails on its own and the rest of the batch is sent', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 5, sendAt: clock.start })
    const bad = wave.recipients[2].email
    resend.rejectWhen((email) => (email.to[0] === bad ? 'Invalid `to` field.' : null))

    await dispatchOnce({ provider: provider(), now: clock.now })

    const outbox = outboxOf(wave.waveId)
    const badInvitation = wave.invitationIds[2]
    expect(outbox.filter((o) => o.status === 'sent')).toHaveLength(4)
    expect(outbox.find((o) => o.invitation_id === badInvitation)).toMatchObject({ status: 'failed', last_error: 'Invalid `to` field.', provider_id: null })
    // Provider ids line up with the emails they were given for, skipping the rejected one.
    for (const d of resend.deliveries) expect(outbox.find((o) => o.idempotency_key === d.messageKey)!.provider_id).toBe(d.id)
    expect(invitationsOf(wave.waveId).find((i) => i.id === badInvitation)).toMatchObject({ state: 'failed', failure_reason: 'Invalid `to` field.' })
  })
})

describe('rate limits and transient errors', () => {
  it('a 429 with retry-after: nothing is sent before it elapses (at +0.5 s nothing), then each message is accepted exactly once', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 3, sendAt: clock.start })
    resend.failNext(RATE_LIMITED('2'))

    const first = await dispatchOnce({ provider: provider(), now: clock.now })
    expect(first.rateLimited).toBe(true)
    expect(resend.calls).toHaveLength(1)
    expect(resend.deliveries).toHaveLength(0)
    // Back in the queue until the retry-after has passed; a rate limit is not the messages' fault.
    for (const o of outboxOf(wave.waveId)) {
      expect(o).toMatchObject({ status: 'queued', attempts: 0, batch_key: null, not_before: clock.start.getTime() + 2_000 })
    }

    for (const ms of [500, 1_000, 1_999]) {
      clock.at(ms)
      const report = await dispatchOnce({ provider: provider(), now: clock.now })
      expect(report.batches, `at +${ms} ms`).toBe(0)
    }
    expect(resend.calls).toHaveLength(1)
    expect(outboxOf(wave.waveId).every((o) => o.status === 'queued')).toBe(true)

    clock.at(2_000)
    await dispatchOnce({ provider: provider(), now: clock.now })
    expect(resend.calls).toHaveLength(2)
    const outbox = outboxOf(wave.waveId)
    expect(outbox.every((o) => o.status === 'sent')).toBe(true)
    expect(resend.deliveries).toHaveLength(3)
    for (const o of outbox) expect(resend.deliveredCount(o.idempotency_key), o.idempotency_key).toBe(1)
    expect(invitationsOf(wave.waveId).every((i) => i.state === 'sent')).toBe(true)
  })

  it('a 429 holds back the whole account, not only the batch that got it: no call at all before retry-after elapses', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 150, sendAt: clock.start })
    resend.failNext(RATE_LIMITED('2'))

    const first = await dispatchOnce({ provider: provider(), now: clock.now })
    expect(first.rateLimited).toBe(true)
    expect(resend.calls).toHaveLength(1) // it stops at the first 429 instead of trying the next batch
    expect(outboxOf(wave.waveId).filter((o) => o.not_before === clock.start.getTime() + 2_000)).toHaveLength(100)

    // Resend's rate limit is per account: the 50 not tried yet must wait out the retry-after too.
    clock.at(500)
    await dispatchOnce({ provider: provider(), now: clock.now })
    expect(resend.calls, 'provider calls made during the retry-after window').toHaveLength(1)

    clock.at(2_000)
    await dispatchOnce({ provider: provider(), now: clock.now })
    const outbox = outboxOf(wave.waveId)
    expect(outbox.every((o) => o.status === 'sent')).toBe(true)
    expect(resend.deliveries).toHaveLength(150)
    for (const o of outbox) expect(resend.deliveredCount(o.idempotency_key), o.idempotency_key).toBe(1)
  })

  it('a 500 is retried after a backoff (not at once), then succeeds; the attempt is recorded', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 3, sendAt: clock.start })
    resend.failNext(SERVER_ERROR)

    const first = await dispatchOnce({ provider: provider(), now: clock.now, random: () => 0.5 })
    expect(first).toMatchObject({ batches: 1, sent: 0, retried: 3 })
    expect(resend.calls).toHaveLength(1) // not retried within the same pass
    let outbox = outboxOf(wave.waveId)
    // Attempt 1: ceiling 2 s, half fixed, half jitter (0.5) → 1.5 s.
    for (const o of outbox) {
      expect(o).toMatchObject({ status: 'queued', attempts: 1, not_before: clock.start.getTime() + 1_500 })
      expect(o.last_error).toContain('Something went wrong')
    }
    expect(invitationsOf(wave.waveId).every((i) => i.state === 'queued')).toBe(true)

    for (const ms of [0, 1_000, 1_499]) {
      clock.at(ms)
      await dispatchOnce({ provider: provider(), now: clock.now, random: () => 0.5 })
    }
    expect(resend.calls).toHaveLength(1)

    clock.at(1_500)
    await dispatchOnce({ provider: provider(), now: clock.now, random: () => 0.5 })
    expect(resend.calls).toHaveLength(2)
    // The retry is the same batch under the same key.
    expect(resend.calls[1].idempotencyKey).toBe(resend.calls[0].idempotencyKey)
    outbox = outboxOf(wave.waveId)
    for (const o of outbox) {
      expect(o).toMatchObject({ status: 'sent', attempts: 1, last_error: null })
      expect(resend.deliveredCount(o.idempotency_key)).toBe(1)
    }
    expect(invitationsOf(wave.waveId).every((i) => i.state === 'sent')).toBe(true)
  })

  it('a 500 without a JSON body and a network failure are retryable too', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 2, sendAt: clock.start })
    resend.failNext({ status: 502, rawBody: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } })
    await dispatchOnce({ provider: provider(), now: clock.now, random: () => 0 })
    expect(outboxOf(wave.waveId).every((o) => o.status === 'queued' && o.attempts === 1)).toBe(true)

    server.use(http.post(RESEND_BATCH_URL, () => HttpResponse.error(), { once: true }))
    clock.at(60_000)
    await dispatchOnce({ provider: provider(), now: clock.now, random: () => 0 })
    expect(outboxOf(wave.waveId).every((o) => o.status === 'queued' && o.attempts === 2)).toBe(true)

    clock.at(120_000)
    await dispatchOnce({ provider: provider(), now: clock.now, random: () => 0 })
    expect(outboxOf(wave.waveId).every((o) => o.status === 'sent' && o.attempts === 2)).toBe(true)
    expect(resend.deliveries).toHaveLength(2)
  })

  it(`gives up after ${MAX_ATTEMPTS} failed attempts and records the failure`, async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 1, sendAt: clock.start })
    resend.failNext(...Array.from({ length: MAX_ATTEMPTS + 2 }, () => SERVER_ERROR))
    for (let pass = 0; pass < MAX_ATTEMPTS + 2; pass++) {
      clock.at(pass * 10 * 60_000) // beyond any backoff
      await dispatchOnce({ provider: provider(), now: clock.now })
    }
    expect(resend.calls).toHaveLength(MAX_ATTEMPTS)
    const [o] = outboxOf(wave.waveId)
    expect(o.status).toBe('failed')
    expect(o.last_error).toContain(`gave up after ${MAX_ATTEMPTS} attempts`)
    expect(invitationsOf(wave.waveId)[0]).toMatchObject({ state: 'failed' })
    expect(waveFailures({ waveId: wave.waveId })).toHaveLength(1)
  })
})

describe('a crash between acceptance and marking', () => {
  it('re-sends after the claim lease under the same Idempotency-Key; each email is delivered and marked sent once', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 150, sendAt: clock.start })
    let crashes = 0
    const crashOnce = () => {
      if (crashes++ === 0) throw new Error('killed after the provider accepted')
    }

    await expect(dispatchOnce({ provider: provider(), now: clock.now, afterAccepted: crashOnce })).rejects.toThrow('killed')
    expect(resend.calls).toHaveLength(1)
    expect(resend.deliveries).toHaveLength(100)
    const firstIds = resend.deliveries.map((d) => ({ key: d.messageKey, id: d.id }))
    let outbox = outboxOf(wave.waveId)
    // Accepted by Resend but not recorded: still 'sending', with the batch key kept.
    expect(outbox.filter((o) => o.status === 'sending')).toHaveLength(100)
    expect(outbox.filter((o) => o.status === 'sending').every((o) => o.batch_key === resend.calls[0].idempotencyKey)).toBe(true)
    expect(outbox.filter((o) => o.status === 'queued')).toHaveLength(50)

    // Within the lease the claimed batch is left alone (its sender may still be running).
    clock.at(CLAIM_LEASE_MS - 1_000)
    await dispatchOnce({ provider: provider(), now: clock.now, afterAccepted: crashOnce })
    const withinLease = resend.calls.filter((c) => c.idempotencyKey === resend.calls[0].idempotencyKey)
    expect(withinLease).toHaveLength(1)
    outbox = outboxOf(wave.waveId)
    expect(outbox.filter((o) => o.status === 'sending')).toHaveLength(100)

    clock.at(CLAIM_LEASE_MS + 1_000)
    await dispatchOnce({ provider: provider(), now: clock.now, afterAccepted: crashOnce })
    const replays = resend.calls.filter((c) => c.idempotencyKey === resend.calls[0].idempotencyKey)
    expect(replays).toHaveLength(2)
    expect(replays[1].status).toBe(200)
    expect(replays[1].emails.map((e) => e.headers!['X-Hatescale-Message-Key'])).toEqual(replays[0].emails.map((e) => e.headers!['X-Hatescale-Message-Key']))

    outbox = outboxOf(wave.waveId)
    expect(outbox.every((o) => o.status === 'sent')).toBe(true)
    // Provider delivered each email once; the replayed 100 got their original ids back.
    expect(resend.deliveries).toHaveLength(150)
    for (const o of outbox) expect(resend.deliveredCount(o.idempotency_key), o.idempotency_key).toBe(1)
    for (const { key, id } of firstIds) expect(outbox.find((o) => o.idempotency_key === key)!.provider_id).toBe(id)
    expect(invitationsOf(wave.waveId).every((i) => i.state === 'sent')).toBe(true)
    expect(waveProgress({ waveId: wave.waveId })).toMatchObject({ sent: 150, queued: 0, failed: 0 })
  })
})

describe('recording what the provider accepted', () => {
  it('counts a reminder once even when its acceptance is recorded twice, and never moves an answered invitation back to sent', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 1, sendAt: clock.start })
    await dispatchOnce({ provider: provider(), now: clock.now })
    const [invitation] = invitationsOf(wave.waveId)
    expect(invitation.state).toBe('sent')
    // The person answers; a reminder claimed just before is accepted afterwards.
    sqlite.prepare("update invitations set state = 'answered' where id = ?").run(invitation.id)
    const { lastInsertRowid } = sqlite
      .prepare("insert into outbox (kind, invitation_id, idempotency_key, status, not_before, claimed_at) values ('reminder', ?, ?, 'sending', ?, ?)")
      .run(invitation.id, `reminder-test/${invitation.id}`, clock.start.getTime(), clock.start.getTime())
    const reminderId = Number(lastInsertRowid)

    markAccepted({ accepted: [{ outboxId: reminderId, providerId: 'first-id' }], now: clock.at(1_000) })
    // Recorded again (a replayed batch): nothing changes the second time.
    markAccepted({ accepted: [{ outboxId: reminderId, providerId: 'second-id' }], now: clock.at(2_000) })

    expect(row('select status, provider_id as providerId, sent_at as sentAt from outbox where id = ?', reminderId)).toEqual({ status: 'sent', providerId: 'first-id', sentAt: clock.start.getTime() + 1_000 })
    expect(row('select state, reminders_sent as remindersSent, last_sent_at as lastSentAt from invitations where id = ?', invitation.id)).toEqual({
      state: 'answered',
      remindersSent: 1,
      lastSentAt: clock.start.getTime() + 1_000,
    })
  })
})

describe('permanent failures', () => {
  it('a 422 marks the messages and invitations failed with the reason, lists them on the wave, and is not retried', async () => {
    const clock = fakeClock()
    const wave = await makeWave({ count: 3, sendAt: clock.start })
    resend.failNext(VALIDATION_ERROR)

    const report = await dispatchOnce({ provider: provider(), now: clock.now })
    expect(report).toMatchObject({ failed: 3, sent: 0 })

    const reason = 'validation_error: The `from` domain is not verified. Please add and verify your domain.'
    for (const o of outboxOf(wave.waveId)) expect(o).toMatchObject({ status: 'failed', last_error: reason, attempts: 0 })
    for (const i of invitationsOf(wave.waveId)) expect(i).toMatchObject({ state: 'failed', failure_reason: reason })

    const failures = waveFailures({ waveId: wave.waveId })
    expect(failures).toHaveLength(3)
    expect(new Set(failures.map((f) => f.email))).toEqual(new Set(wave.recipients.map((r) => r.email)))
    expect(failures.every((f) => f.state === 'failed' && f.reason === reason)).toBe(true)
    expect(waveProgress({ waveId: wave.waveId })).toMatchObject({ failed: 3, queued: 0, sent: 0 })

    // And on the wave page, for the people running the wave.
    const { cookie } = await signedIn('service_manager')
    const page = await call(waveLoader, `/waves/${wave.waveId}`, { params: { waveId: String(wave.waveId) }, cookie })
    expect(page.status).toBe(200)
    expect(page.data.failures).toHaveLength(3)
    expect(page.data.failures.map((f: { email: string; reason: string }) => [f.email, f.reason]).sort()).toEqual(wave.recipients.map((r) => [r.email, reason]).sort())
    expect(page.data.progress).toMatchObject({ failed: 3 })

    clock.at(60 * 60_000)
    await dispatchOnce({ provider: provider(), now: clock.now })
    expect(resend.calls).toHaveLength(1)
  })
})

describe('rendering on the server’s background thread', () => {
  it('gives the provider the same emails as rendering here: survey messages in both locales and a letter', async () => {
    await makeWave({ count: 3 })
    const claimed = claimBatch({ now: new Date(), limit: 100, makeBatchKey: batchKeyFor })
    expect(claimed.length).toBeGreaterThanOrEqual(3)
    const letter: ClaimedMessage = { kind: 'letter', outboxId: -1, idempotencyKey: 'letter-key', attempts: 0, batchKey: null, letterId: 1, letterTo: 'cfo@client.test', letterToName: 'Ann', letterSubject: 'About our renewal', letterBody: 'Dear Ann,\n\nWe heard you.' }
    const messages = [...claimed.map((m, i) => (m.kind === 'letter' ? m : { ...m, locale: i % 2 ? ('ru' as const) : ('en' as const) })), letter]

    const there = await renderInBackground(messages, 'Acme Support')
    expect(there).toEqual(await renderBatch(messages, 'Acme Support'))
    expect(there.map((e) => e.outboxId)).toEqual(messages.map((m) => m.outboxId))
    expect(there[0].html).toContain('/s/')
  })

  it('a message that cannot be rendered rejects with the reason; the next request gets a new thread and succeeds', async () => {
    const broken = { kind: 'invitation', outboxId: -2, idempotencyKey: 'k', attempts: 0, batchKey: null } as unknown as ClaimedMessage
    await expect(renderInBackground([broken], 'Acme Support')).rejects.toThrow(/undefined/)
    const letter: ClaimedMessage = { kind: 'letter', outboxId: -3, idempotencyKey: 'letter-2', attempts: 0, batchKey: null, letterId: 2, letterTo: 'ceo@client.test', letterToName: 'Bo', letterSubject: 'Hello', letterBody: 'Hi Bo.' }
    const [email] = await renderInBackground([letter], 'Acme Support')
    expect(email).toMatchObject({ outboxId: -3, to: 'ceo@client.test', subject: 'Hello' })
  })
})

describe('npm run dispatch', () => {
  // The command's module, loaded when these tests run (as `npm run dispatch` loads it).
  const runDispatch: typeof import('#app/cli/dispatch').runDispatch = async (...args) => (await import('#app/cli/dispatch')).runDispatch(...args)
  const output = () => {
    const lines: string[] = []
    return { lines, io: { log: (line: string) => void lines.push(line) } }
  }

  it('--help says it sends what is due and queues nothing', async () => {
    const { lines, io } = output()
    expect(await runDispatch(['--help'], io)).toBe(0)
    const help = lines.join('\n')
    expect(help).toContain('npm run dispatch')
    expect(help).toMatch(/sends every message due in the outbox/i)
    expect(help).toMatch(/queues nothing/i)
    expect(help).toContain('DISPATCHER=off')
  })

  it('does what the help says: sends what is due once, and queues no reminder', async () => {
    const clock = fakeClock()
    const sentBefore = await makeWave({ count: 2, sendAt: new Date(clock.start.getTime() - 4 * 86_400_000) })
    await dispatchOnce({ provider: provider(), now: () => new Date(clock.start.getTime() - 4 * 86_400_000) })
    const wave = await makeWave({ count: 3, sendAt: clock.start })
    resend.reset()

    const { lines, io } = output()
    expect(await runDispatch([], { ...io, provider: provider() })).toBe(0)
    expect(outboxOf(wave.waveId).every((o) => o.status === 'sent')).toBe(true)
    expect(resend.deliveries).toHaveLength(3)
    expect(lines.join('\n')).toMatch(/sent 3/i)
    // Reminders are the server's scheduled work (it runs whatever DISPATCHER says): none queued here.
    expect(outboxOf(sentBefore.waveId).filter((o) => o.idempotency_key.startsWith('reminder'))).toEqual([])
  })

  it('refuses an option it does not know, with the help', async () => {
    const { lines, io } = output()
    expect(await runDispatch(['--loop'], io)).toBe(2)
    expect(lines.join('\n')).toContain('Unknown option: --loop')
    expect(lines.join('\n')).toContain('Usage: npm run dispatch')
  })
})
