/* A fake of Resend's batch endpoint (https://api.resend.com/emails/batch) for MSW,
   behaving like the real one where the dispatcher depends on it:
   - one Idempotency-Key per call; a repeat of a successful call with the same key
     and the same payload returns the same ids and delivers nothing again; the same
     key with a different payload is a 409 (invalid_idempotent_request);
   - at most 100 emails a call; `x-batch-validation: permissive` answers per-email
     problems in `errors: [{ index, message }]` and sends the rest, strict fails all;
   - scripted failures (429 with retry-after, 500, 422, …) for the next calls.
   Every call and every delivered email is recorded for the test to assert on. */
import { createHash } from 'node:crypto'
import { http, HttpResponse } from 'msw'

export const RESEND_BATCH_URL = 'https://api.resend.com/emails/batch'

export type ApiEmail = {
  from: string
  to: string[]
  subject: string
  html?: string
  text?: string
  headers?: Record<string, string>
  tags?: { name: string; value: string }[]
}

export type RecordedCall = {
  idempotencyKey: string | null
  batchValidation: string | null
  authorization: string | null
  emails: ApiEmail[]
  /** What the fake answered with. */
  status: number
}

export type Delivery = { id: string; email: ApiEmail; messageKey: string | undefined; idempotencyKey: string | null }

export type ScriptedResponse = { status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> }

export function errorBody(status: number, name: string, message: string) {
  return { statusCode: status, name, message }
}

export const RATE_LIMITED = (retryAfter = '2'): ScriptedResponse => ({
  status: 429,
  body: errorBody(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.'),
  headers: { 'retry-after': retryAfter },
})
export const SERVER_ERROR: ScriptedResponse = { status: 500, body: errorBody(500, 'application_error', 'Something went wrong on our side.') }
export const VALIDATION_ERROR: ScriptedResponse = {
  status: 422,
  body: errorBody(422, 'validation_error', 'The `from` domain is not verified. Please add and verify your domain.'),
}

export function createFakeResend() {
  const calls: RecordedCall[] = []
  const deliveries: Delivery[] = []
  const script: ScriptedResponse[] = []
  const byKey = new Map<string, { fingerprint: string; response: unknown }>()
  let rejectEmail: (email: ApiEmail, index: number) => string | null = () => null
  let nextId = 0

  const handler = http.post(RESEND_BATCH_URL, async ({ request }) => {
    const raw = await request.text()
    const idempotencyKey = request.headers.get('idempotency-key')
    const call: RecordedCall = {
      idempotencyKey,
      batchValidation: request.headers.get('x-batch-validation'),
      authorization: request.headers.get('authorization'),
      emails: [],
      status: 200,
    }
    calls.push(call)
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      call.status = status
      return HttpResponse.json(body as Record<string, unknown>, { status, headers })
    }
    let emails: unknown
    try {
      emails = JSON.parse(raw)
    } catch {
      return answer(400, errorBody(400, 'validation_error', 'Invalid JSON body.'))
    }
    if (!Array.isArray(emails)) return answer(422, errorBody(422, 'validation_error', 'The batch must be an array.'))
    call.emails = emails as ApiEmail[]

    const scripted = script.shift()
    if (scripted) {
      call.status = scripted.status
      if (scripted.rawBody !== undefined) return new HttpResponse(scripted.rawBody, { status: scripted.status, headers: scripted.headers })
      return answer(scripted.status, scripted.body ?? {}, scripted.headers)
    }

    const fingerprint = createHash('sha256').update(raw).digest('hex')
    if (idempotencyKey) {
      const prior = byKey.get(idempotencyKey)
      if (prior && prior.fingerprint !== fingerprint) {
        return answer(409, errorBody(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'))
      }
      if (prior) return answer(200, prior.response)
    }
    if (emails.length === 0 || emails.length > 100) return answer(422, errorBody(422, 'validation_error', 'A batch holds 1 to 100 emails.'))

    const permissive = call.batchValidation === 'permissive'
    const problems = (emails as ApiEmail[]).map((email, index) => ({ index, message: rejectEmail(email, index) })).filter((p) => p.message !== null)
    if (problems.length && !permissive) return answer(422, errorBody(422, 'validation_error', problems[0].message!))
    const data: { id: string }[] = []
    ;(emails as ApiEmail[]).forEach((email, index) => {
      if (problems.some((p) => p.index === index)) return
      const id = `re-${String(++nextId).padStart(6, '0')}`
      deliveries.push({ id, email, messageKey: email.headers?.['X-Hatescale-Message-Key'], idempotencyKey })
      data.push({ id })
    })
    const response = problems.length ? { data, errors: problems } : { data }
    // Like Resend, only a call that sent something is remembered under its key.
    if (idempotencyKey) byKey.set(idempotencyKey, { fingerprint, response })
    return answer(200, response)
  })

  return {
    handler,
    calls,
    deliveries,
    /** The next calls answer with these, in order (before any idempotency replay). */
    failNext(...responses: ScriptedResponse[]) {
      script.push(...responses)
    },
    /** Per-email validation: a message makes that email rejected. */
    rejectWhen(rule: (email: ApiEmail, index: number) => string | null) {
      rejectEmail = rule
    },
    /** How many times the email carrying this message key was actually delivered. */
    deliveredCount(messageKey: string) {
      return deliveries.filter((d) => d.messageKey === messageKey).length
    },
    reset() {
      calls.length = 0
      deliveries.length = 0
      script.length = 0
      byKey.clear()
      rejectEmail = () => null
    },
  }
}

export type FakeResend = ReturnType<typeof createFakeResend>
