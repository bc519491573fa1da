/* A local stand-in for Resend's batch API (POST /emails/batch), for P4. It behaves
   like the real endpoint where the dispatcher depends on it:
   - Bearer key required; up to 100 emails a call; `{ data: [{ id }] }` on success;
   - Idempotency-Key: a repeat of a completed call with the same key and payload
     returns the same ids and delivers nothing again (same key, other payload: 409;
     same key while the first is in flight: 409);
   - a rate limit of N calls per second per key (sliding one-second window over
     admitted calls): beyond it, 429 with `retry-after` in whole seconds (as HTTP
     and Resend send it) and `ratelimit-limit/-remaining/-reset`;
   - injected server errors on a share of admitted calls (seeded, reproducible):
     half answered 500 before anything is delivered, half after the batch was
     delivered and recorded under its key (the response is lost on the way back —
     exactly what idempotency keys exist for).
   Every delivery is counted per message key (the X-Hatescale-Message-Key header). */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { HOST } from './config'

export type StandinStats = {
  calls: number
  admitted: number
  rateLimited: number
  injectedBefore: number
  injectedAfter: number
  replays: number
  conflicts: number
  accepted: number
  deliveries: number
  /** message key → times delivered */
  perMessage: Map<string, number>
  firstCallAt: number | null
  lastAcceptedAt: number | null
  /** Every call: when it arrived and what it was answered. */
  timeline: { at: number; status: number }[]
}

type Stored = { fingerprint: string; body: string }

function prng(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export async function startResendStandin({ apiKey, ratePerSecond, failureRate, seed = 7 }: { apiKey: string; ratePerSecond: number; failureRate: number; seed?: number }) {
  const stats: StandinStats = {
    calls: 0,
    admitted: 0,
    rateLimited: 0,
    injectedBefore: 0,
    injectedAfter: 0,
    replays: 0,
    conflicts: 0,
    accepted: 0,
    deliveries: 0,
    perMessage: new Map(),
    firstCallAt: null,
    lastAcceptedAt: null,
    timeline: [],
  }
  const window: number[] = []
  const byKey = new Map<string, Stored>()
  const inFlight = new Set<string>()
  const random = prng(seed)

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    stats.timeline.push({ at: Date.now(), status })
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
    res.end(text)
  }
  const error = (res: http.ServerResponse, status: number, name: string, message: string, headers?: Record<string, string>) => json(res, status, { statusCode: status, name, message }, headers)

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const now = Date.now()
      stats.calls++
      stats.firstCallAt ??= now
      if (req.method !== 'POST' || req.url !== '/emails/batch') return error(res, 404, 'not_found', 'Only POST /emails/batch is implemented here.')
      if (req.headers.authorization !== `Bearer ${apiKey}`) return error(res, 401, 'missing_api_key', 'Missing or invalid API key.')

      // Rate limit: N admitted calls in any one-second window.
      while (window.length && window[0] <= now - 1000) window.shift()
      if (window.length >= ratePerSecond) {
        stats.rateLimited++
        const waitMs = window[0] + 1000 - now
        return error(res, 429, 'rate_limit_exceeded', `Too many requests. You can only make ${ratePerSecond} requests per second.`, {
          'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
          'ratelimit-limit': String(ratePerSecond),
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(Math.max(1, Math.ceil(waitMs / 1000))),
        })
      }
      window.push(now)
      stats.admitted++
      const rateHeaders = { 'ratelimit-limit': String(ratePerSecond), 'ratelimit-remaining': String(ratePerSecond - window.length) }

      const raw = Buffer.concat(chunks).toString('utf8')
      let emails: { to?: string[]; headers?: Record<string, string> }[]
      try {
        emails = JSON.parse(raw)
      } catch {
        return error(res, 400, 'validation_error', 'Invalid JSON body.')
      }
      if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100) return error(res, 422, 'validation_error', 'A batch holds 1 to 100 emails.')

      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null
      if (key) {
        const stored = byKey.get(key)
        if (stored) {
          if (stored.fingerprint !== raw) {
            stats.conflicts++
            return error(res, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.')
          }
          stats.replays++
          stats.accepted++
          stats.lastAcceptedAt = now
          return json(res, 200, stored.body, rateHeaders)
        }
        if (inFlight.has(key)) {
          stats.conflicts++
          return error(res, 409, 'concurrent_idempotent_requests', 'Same idempotency key used while the original request is still in progress.')
        }
      }

      const roll = random()
      if (roll < failureRate / 2) {
        stats.injectedBefore++
        return error(res, 500, 'application_error', 'Injected failure before delivery.')
      }
      if (key) inFlight.add(key)
      const data = emails.map((email) => {
        const messageKey = email.headers?.['X-Hatescale-Message-Key'] ?? `no-key:${email.to?.[0] ?? '?'}`
        stats.perMessage.set(messageKey, (stats.perMessage.get(messageKey) ?? 0) + 1)
        stats.deliveries++
        return { id: randomUUID() }
      })
      const body = JSON.stringify({ data })
      if (key) {
        byKey.set(key, { fingerprint: raw, body })
        inFlight.delete(key)
      }
      if (roll < failureRate) {
        stats.injectedAfter++
        return error(res, 500, 'application_error', 'Injected failure after delivery (response lost).')
      }
      stats.accepted++
      stats.lastAcceptedAt = now
      return json(res, 200, body, rateHeaders)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://${HOST}:${port}`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
