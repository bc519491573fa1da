/* Load and timing on loopback: respondent POSTs with autocannon (each request with
   its own link and form id), sequential page timings, and sign-in. */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import autocannon, { type Result } from 'autocannon'

const CATEGORIES = ['support', 'quality', 'deadlines', 'communication', 'pricing', 'product', '']
const COMMENTS = ['', '', 'Support was quick this time.', 'Tickets still bounce between teams, and nobody owns them.', 'Please call before the renewal.']

/** One respondent's urlencoded answer: intent, a fresh form id, a score, sometimes a comment. */
export function answerBody(i: number, submissionId: string): string {
  return new URLSearchParams({
    intent: 'answer',
    submissionId,
    score: String(i % 11),
    comment: COMMENTS[i % COMMENTS.length],
    category: CATEGORIES[i % CATEGORIES.length],
  }).toString()
}

export type PostRun = {
  /** Responses by status code. */
  statuses: Record<string, number>
  accepted: number
  /** Request numbers (i) answered with the accepted status. */
  acceptedIndexes: number[]
  completed: number
  /** Requests handed to a connection whose answer never arrived (in flight when the time limit stopped the run, or timed out). */
  unanswered: number
  errors: number
  timeouts: number
  seconds: number
  acceptedPerSecond: number
  p50: number
  p99: number
  /** Form ids by request number, to find the rows afterwards. */
  submissionIds: string[]
}

/**
 * POSTs `amount` answers with `connections` concurrent connections, request i to
 * `pathFor(i)` with its own form id; stops at `amount` or after `maxSeconds`,
 * whichever comes first. Every answer is tied to its request (pipelining 1: a
 * connection's context holds the request it is waiting for).
 */
export function postAnswers({
  baseUrl,
  pathFor,
  pathCount,
  amount,
  connections,
  maxSeconds,
  rate,
  acceptStatus = 303,
}: {
  baseUrl: string
  pathFor: (i: number) => string
  pathCount: number
  amount: number
  connections: number
  maxSeconds: number
  /** A fixed offered load (requests per second over all connections) instead of as fast as possible. */
  rate?: number
  acceptStatus?: number
}): Promise<PostRun> {
  const tag = randomUUID().slice(0, 8)
  const submissionIds: string[] = []
  const acceptedIndexes: number[] = []
  let answered = 0
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        amount,
        timeout: 10,
        pipelining: 1,
        ...(rate ? { overallRate: rate } : {}),
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            setupRequest: (request, context) => {
              const i = submissionIds.length
              submissionIds.push(`bench-${tag}-${i}`)
              context.i = i
              // Never reuse a link: past the pool (sized with slack, so not expected) a request goes to
              // an unknown link and shows up as a 404 in the statuses instead of a double answer.
              return { ...request, path: i < pathCount ? pathFor(i) : '/s/bench-pool-exhausted', body: answerBody(i, submissionIds[i]) }
            },
            onResponse: (status, _body, context) => {
              answered++
              if (status === acceptStatus) acceptedIndexes.push(context.i as number)
            },
          },
        ],
      },
      (error: Error | null, result: Result) => {
        clearTimeout(timer)
        if (error) return reject(error)
        const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, Number(s.count)]))
        const completed = Object.values(statuses).reduce((a, b) => a + b, 0)
        // Every prepared request was sent (autocannon builds a connection's next request only to send it).
        const prepared = submissionIds.length
        resolve({
          statuses,
          accepted: acceptedIndexes.length,
          acceptedIndexes,
          completed,
          unanswered: prepared - answered,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds: result.duration,
          acceptedPerSecond: acceptedIndexes.length / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          submissionIds,
        })
      },
    )
    const timer = setTimeout(() => instance.stop(), maxSeconds * 1000)
  })
}

/**
 * An open-loop, evenly paced load: request i is sent at start + i / rate whatever the
 * earlier ones are doing (keep-alive sockets, at most 32 at once), so latency is
 * measured below saturation without bursts (autocannon's rate releases each
 * connection's share at the start of every second).
 */
export async function pacedPosts({ baseUrl, pathFor, count, rate, maxSeconds }: { baseUrl: string; pathFor: (i: number) => string; count: number; rate: number; maxSeconds: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  const url = new URL(baseUrl)
  const tag = randomUUID().slice(0, 8)
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let failures = 0
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const body = answerBody(i, `paced-${tag}-${i}`)
      const started = performance.now()
      const req = http.request(
        { host: url.hostname, port: url.port, method: 'POST', path: pathFor(i), agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
        (res) => {
          res.resume()
          res.on('end', () => {
            latencies.push(performance.now() - started)
            statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1
            resolve()
          })
        },
      )
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', () => {
        failures++
        resolve()
      })
      req.end(body)
    })
  const startedAt = performance.now()
  const pending: Promise<void>[] = []
  for (let i = 0; i < count; i++) {
    const due = startedAt + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    if (performance.now() - startedAt > maxSeconds * 1000) break
    pending.push(one(i))
  }
  await Promise.all(pending)
  agent.destroy()
  return { ...summarize(latencies), statuses, failures, sent: pending.length, seconds: (performance.now() - startedAt) / 1000 }
}

export type Timings = { samples: number[]; p50: number; p99: number; mean: number; /** the very first call (before warm-up): a cold cache */ first?: number }

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]
}

export function summarize(samples: number[]): Timings {
  const sorted = [...samples].sort((a, b) => a - b)
  return { samples, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: samples.reduce((a, b) => a + b, 0) / samples.length }
}

/** Times `fn` sequentially: warm-up calls first, then `samples` measured ones. */
export async function timeSequential(fn: () => Promise<void> | void, { warmup, samples, maxSeconds }: { warmup: number; samples: number; maxSeconds: number }): Promise<Timings> {
  const deadline = performance.now() + maxSeconds * 1000
  let first: number | undefined
  for (let i = 0; i < warmup; i++) {
    const started = performance.now()
    await fn()
    first ??= performance.now() - started
  }
  const out: number[] = []
  for (let i = 0; i < samples && performance.now() < deadline; i++) {
    const started = performance.now()
    await fn()
    out.push(performance.now() - started)
  }
  return { ...summarize(out), first }
}

/**
 * A GET, retried once on a network error (a keep-alive socket the server closed
 * just as the client reused it is the client's problem, not the page's).
 */
export async function fetchGet(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) })
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)
    console.warn(`[bench] GET ${url} failed (${cause}); retrying once`)
    return fetch(url, { ...init, signal: AbortSignal.timeout(60_000) })
  }
}

/** GET a page in full (status 200 required): its body size, and its loader's time from Server-Timing (NaN if absent). */
export async function getPage(url: string, cookie?: string): Promise<{ bytes: number; loaderMs: number }> {
  const res = await fetchGet(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
  const body = await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`)
  const loaderMs = Number(/(?:^|,)\s*loader;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN)
  return { bytes: body.byteLength, loaderMs }
}

/**
 * A page timed in full (to the last byte) and by its loader's own Server-Timing, over the
 * same requests. `beside`, when given, is timed once after each request: a baseline under
 * the loader's own conditions — one call per request, with the same gaps and the same cold
 * caches — rather than in a hot loop of its own, which flatters it.
 */
export async function timePage(url: string, cookie: string, window: { warmup: number; samples: number; maxSeconds: number }, beside?: () => void) {
  const page: number[] = []
  const loader: number[] = []
  const besides: number[] = []
  const { samples } = await timeSequential(async () => {
    const started = performance.now()
    const { loaderMs } = await getPage(url, cookie)
    page.push(performance.now() - started)
    loader.push(loaderMs)
    if (!beside) return
    const besideStarted = performance.now()
    beside()
    besides.push(performance.now() - besideStarted)
  }, window)
  const measured = (all: number[]): Timings => ({ ...summarize(all.slice(-samples.length)), first: all[0] })
  if (loader.some(Number.isNaN)) throw new Error(`${url} sent no Server-Timing for its loader`)
  return { page: measured(page), loader: measured(loader), beside: beside ? measured(besides) : undefined }
}

/** Signs in through the login form and returns the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ email, password, redirectTo: '/sentiment' }).toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  })
  await res.arrayBuffer()
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0])
  if (res.status >= 400 || cookies.length === 0) throw new Error(`sign-in as ${email} failed: ${res.status}`)
  return cookies.join('; ')
}
