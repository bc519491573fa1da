/* Malformed input to the public endpoints (/s/:token, /u/:token, /webhooks/resend):
   every case gets a clear 4xx and NOTHING is stored. Each case compares a snapshot
   of every survey-loop table before and after. */
import { randomBytes, randomUUID } from 'node:crypto'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { action as surveyAction } from '#app/routes/s.$token'
import { action as unsubscribeAction } from '#app/routes/u.$token'
import { action as webhookAction } from '#app/routes/webhooks.resend'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import { call, type CallOptions } from '#test/route'
import { emailEvent, makeWave, row, signedWebhook, snapshot, surveyToken, unsubscribeToken, type TestWave } from '#test/survey-factories'

let wave: TestWave
let survey: string
let unsubscribe: string

beforeAll(async () => {
  wave = await makeWave({ count: 1 })
  await dispatchOnce({ provider: devMailboxProvider, now: () => new Date() })
  survey = surveyToken(wave.invitationIds[0])
  unsubscribe = unsubscribeToken(wave.invitationIds[0])
})

beforeEach(() => {
  perLinkLimiter.reset()
  missLimiter.reset()
})

const FORM = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }
const validAnswer = () => ({ intent: 'answer', submissionId: randomUUID(), score: '8', comment: 'Slow tickets.', category: 'support' })
const validSuggestion = () => ({ intent: 'someone-else', submissionId: randomUUID(), suggestName: 'Maria Ops', suggestEmail: 'maria@client.test' })
const without = (o: Record<string, string>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key))
const hundredKb = 'x'.repeat(100 * 1024)

/** `body`: refused for the body itself (size, unparsable), before the link is looked at. */
type Case = { name: string; options: () => CallOptions; status: number; field?: string; body?: true }

const surveyCases: Case[] = [
  ...['-1', '11', '3.5', 'abc', '', ' 8', '100', '1e1', '0x8'].map((score) => ({
    name: `score ${JSON.stringify(score)}`,
    options: () => ({ form: { ...validAnswer(), score } }),
    status: 400,
    field: 'score',
  })),
  { name: 'score missing', options: () => ({ form: without(validAnswer(), 'score') }), status: 400, field: 'score' },
  { name: 'comment over 2000 characters', options: () => ({ form: { ...validAnswer(), comment: 'y'.repeat(2001) } }), status: 400, field: 'comment' },
  { name: 'a 100 KB form body', options: () => ({ form: { ...validAnswer(), comment: hundredKb } }), status: 413, body: true },
  {
    name: 'a 100 KB form body with its Content-Length declared',
    options: () => {
      const body = new URLSearchParams({ ...validAnswer(), comment: hundredKb }).toString()
      return { body, headers: { ...FORM, 'content-length': String(body.length) }, method: 'POST' }
    },
    status: 413,
    body: true,
  },
  { name: 'score sent twice (an array)', options: () => ({ form: { ...validAnswer(), score: ['1', '9'] } }), status: 400, field: 'score' },
  { name: 'intent sent twice (an array)', options: () => ({ form: { ...validAnswer(), intent: ['answer', 'left'] } }), status: 400, field: 'intent' },
  { name: 'submissionId sent twice (an array)', options: () => ({ form: { ...validAnswer(), submissionId: [randomUUID(), randomUUID()] } }), status: 400, field: 'submissionId' },
  {
    name: 'a JSON body sent as a form',
    options: () => ({ body: JSON.stringify({ ...validAnswer(), score: 8 }), headers: FORM, method: 'POST' }),
    status: 400,
  },
  {
    name: 'a JSON body sent as JSON',
    options: () => ({ body: JSON.stringify({ ...validAnswer(), score: 8 }), headers: { 'content-type': 'application/json' }, method: 'POST' }),
    status: 400,
    body: true,
  },
  {
    name: 'a file where the score goes (multipart)',
    options: () => {
      const form = new FormData()
      for (const [k, v] of Object.entries(validAnswer())) if (k !== 'score') form.set(k, v)
      form.set('score', new File(['8'], 'score.txt', { type: 'text/plain' }))
      return { form }
    },
    status: 400,
    field: 'score',
  },
  { name: 'an empty body', options: () => ({ body: '', headers: FORM, method: 'POST' }), status: 400 },
  { name: 'submissionId missing', options: () => ({ form: without(validAnswer(), 'submissionId') }), status: 400, field: 'submissionId' },
  { name: 'submissionId malformed', options: () => ({ form: { ...validAnswer(), submissionId: 'a b<script>' } }), status: 400, field: 'submissionId' },
  { name: 'intent missing', options: () => ({ form: without(validAnswer(), 'intent') }), status: 400, field: 'intent' },
  { name: 'intent unknown', options: () => ({ form: { ...validAnswer(), intent: 'delete-everything' } }), status: 400, field: 'intent' },
  { name: 'category unknown', options: () => ({ form: { ...validAnswer(), category: 'weather' } }), status: 400, field: 'category' },
  { name: 'suggestEmail invalid', options: () => ({ form: { ...validSuggestion(), suggestEmail: 'not-an-email' } }), status: 400, field: 'suggestEmail' },
  { name: 'suggestEmail missing', options: () => ({ form: without(validSuggestion(), 'suggestEmail') }), status: 400, field: 'suggestEmail' },
  { name: 'suggestName blank', options: () => ({ form: { ...validSuggestion(), suggestName: '   ' } }), status: 400, field: 'suggestName' },
  { name: 'suggestName too long', options: () => ({ form: { ...validSuggestion(), suggestName: 'n'.repeat(201) } }), status: 400, field: 'suggestName' },
  { name: '"left" without a submissionId', options: () => ({ form: { intent: 'left' } }), status: 400, field: 'submissionId' },
]

describe('POST /s/:token with malformed input', () => {
  it.each(surveyCases)('$name → $status, nothing stored', async ({ options, status, field }) => {
    // A fresh person per case, so a case that wrongly goes through cannot spill into the next.
    const own = await makeWave({ count: 1 })
    const token = surveyToken(own.invitationIds[0])
    const before = snapshot()
    const res = await call(surveyAction, `/s/${token}`, { params: { token }, ...options() })
    expect(res.status).toBe(status)
    expect(res.location).toBeNull()
    if (status === 413) expect(res.data.state).toBe('bad-request')
    if (field) {
      expect(res.data.state).toBe('invalid')
      expect(Object.keys(res.data.errors)).toContain(field)
      expect(res.data.errors[field][0]).toEqual(expect.any(String))
    } else if (status === 400) {
      expect(['invalid', 'bad-request']).toContain(res.data.state)
    }
    expect(snapshot()).toBe(before)
  })

  it('the same malformed input to an unknown link is a 404 (or 413), nothing stored', async () => {
    const forged = randomBytes(32).toString('base64url')
    const before = snapshot()
    for (const c of surveyCases) {
      missLimiter.reset()
      perLinkLimiter.reset()
      const res = await call(surveyAction, `/s/${forged}`, { params: { token: forged }, ...c.options() })
      // A body refused as such gets the same answer as on a real link (it tells nothing about the token).
      expect(res.status, c.name).toBe(c.body ? c.status : 404)
    }
    expect(snapshot()).toBe(before)
  })

  it('a valid answer still works after all that (the cases were rejected, not the link)', async () => {
    const res = await call(surveyAction, `/s/${survey}`, { params: { token: survey }, form: validAnswer() })
    expect(res.status).toBe(303)
    expect(row('select score from responses where invitation_id = ?', wave.invitationIds[0])).toEqual({ score: 8 })
  })
})

describe('POST /u/:token with malformed input', () => {
  it('an unknown, truncated or empty token is a 404 whatever the body, nothing stored', async () => {
    const before = snapshot()
    for (const token of [randomBytes(32).toString('base64url'), unsubscribe.slice(0, 30), '', survey, `${unsubscribe}x`, '../../etc/passwd']) {
      for (const options of [{ form: { 'List-Unsubscribe': 'One-Click' } }, { body: JSON.stringify({ unsubscribe: true }), headers: FORM }, { body: hundredKb, headers: FORM }]) {
        missLimiter.reset()
        const res = await call(unsubscribeAction, `/u/${encodeURIComponent(token)}`, { params: { token }, method: 'POST', ...options })
        expect(res.status, JSON.stringify(token)).toBe(404)
      }
    }
    expect(snapshot()).toBe(before)
  })

  it('a 100 KB body is refused with 413 and does not unsubscribe', async () => {
    const own = await makeWave({ count: 1 }) // its own person, so a failure here cannot spill into other cases
    const token = unsubscribeToken(own.invitationIds[0])
    const before = snapshot()
    const res = await call(unsubscribeAction, `/u/${token}`, { params: { token }, method: 'POST', body: `List-Unsubscribe=One-Click&x=${hundredKb}`, headers: FORM })
    expect(res.status).toBe(413)
    expect(snapshot()).toBe(before)
    expect(row('select status from stakeholders where id = ?', own.recipients[0].stakeholderId)).toEqual({ status: 'active' })
  })
})

describe('POST /webhooks/resend with malformed input', () => {
  let hookWave: TestWave
  let emailId: string
  beforeAll(async () => {
    hookWave = await makeWave({ count: 1 })
    await dispatchOnce({ provider: devMailboxProvider, now: () => new Date() })
    emailId = String(row('select provider_id as p from outbox where invitation_id = ?', hookWave.invitationIds[0])!.p)
    expect(emailId).toMatch(/^dev-\d+$/)
  })
  const bounce = () => emailEvent('email.bounced', emailId, { bounce: { message: 'Mailbox does not exist' } })
  const cases: { name: string; options: () => CallOptions }[] = [
    { name: 'no headers at all', options: () => ({ body: JSON.stringify(bounce()), headers: { 'content-type': 'application/json' } }) },
    { name: 'an empty body, no signature', options: () => ({ body: '' }) },
    { name: 'a form body', options: () => ({ body: 'type=email.bounced&email_id=' + emailId, headers: FORM }) },
    {
      name: 'a signed body sent as a form with its signature headers stripped of the svix-id',
      options: () => {
        const hook = signedWebhook(bounce())
        const { 'svix-id': _id, ...headers } = hook.headers
        return { body: hook.body, headers: { ...headers, ...FORM } }
      },
    },
    {
      name: 'an unsigned 100 KB body with made-up signature headers',
      options: () => ({
        body: JSON.stringify({ ...bounce(), padding: hundredKb }),
        headers: { 'content-type': 'application/json', 'svix-id': 'msg_x', 'svix-timestamp': String(Math.floor(Date.now() / 1000)), 'svix-signature': 'v1,AAAA' },
      }),
    },
    {
      name: 'a JSON array with a signature for another body',
      options: () => {
        const hook = signedWebhook(bounce())
        return { body: JSON.stringify([bounce(), bounce()]), headers: hook.headers }
      },
    },
    {
      name: 'a timestamp that is not a number',
      options: () => {
        const hook = signedWebhook(bounce())
        return { body: hook.body, headers: { ...hook.headers, 'svix-timestamp': 'yesterday' } }
      },
    },
    {
      name: 'a signed body that is not JSON',
      options: () => signedWebhook('email.bounced ' + emailId),
    },
  ]

  it.each(cases)('$name → 4xx, nothing stored', async ({ options }) => {
    const before = snapshot()
    const res = await call(webhookAction, '/webhooks/resend', { method: 'POST', ...options() })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(snapshot()).toBe(before)
    expect(row('select status from stakeholders where id = ?', hookWave.recipients[0].stakeholderId)).toEqual({ status: 'active' })
    expect(row('select state from invitations where id = ?', hookWave.invitationIds[0])).toEqual({ state: 'sent' })
  })
})
