/* The dispatcher: sends what the outbox holds, in batches of up to 100 — and
   nothing else (queueing reminders and the queue's refreshes are the scheduler's other
   jobs, app/services/scheduled-work.server.ts). The server runs sendPass as its outbox
   job when DISPATCHER is on; `npm run dispatch` runs dispatchOnce once. Every step that matters is recorded before the next, so a crash at any point
   loses nothing and sends nothing twice (the provider deduplicates a re-sent batch
   by its idempotency key). */
import { backoffMs, BATCH_SIZE, MAX_ATTEMPTS, type ProviderOutcome } from '#app/domain/delivery'
import { claimBatch, markAccepted, markFailed, requeue, staleBatches, type ClaimedMessage } from '#app/models/outbox.server'
import { getSetting } from '#app/models/settings.server'
import { batchKeyFor, defaultProvider, renderBatch, renderInBackground, type EmailProvider, type OutgoingEmail } from './email.server'

export type DispatchReport = { batches: number; sent: number; failed: number; retried: number; rateLimited: boolean }

/**
 * While the provider has told us to wait (429 retry-after, or a refused key), no batch
 * goes to it at all — not only the batch that was refused. The pause belongs to the
 * provider (one account); another process (npm run dispatch) learns the same from its
 * own first refusal.
 */
const pausedUntil = new Map<string, number>()
/** Earliest time the next call may go to an account: pacing beats hitting the limit and waiting out 429s. */
const nextCallAt = new Map<string, number>()
const PACE_MARGIN = 1.05

async function pace(provider: EmailProvider) {
  const wait = (nextCallAt.get(provider.account) ?? 0) - Date.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  // 5% under the limit: calls that arrive a few ms early would otherwise meet a 429
  // and lose a whole second to retry-after.
  nextCallAt.set(provider.account, Date.now() + (1000 / provider.ratePerSecond) * PACE_MARGIN)
}

export type DispatchOptions = {
  provider?: EmailProvider
  now?: () => Date
  batchSize?: number
  /** Stop after this many batches (a bounded run; the server loop calls again). */
  maxBatches?: number
  /** Test seam: runs after the provider accepted a batch and before it is marked sent. */
  afterAccepted?: (messages: ClaimedMessage[]) => void
  random?: () => number
  /** How a batch becomes emails: here by default; the server's loop renders on its background thread. */
  render?: (messages: ClaimedMessage[], senderName: string) => Promise<OutgoingEmail[]>
}

async function sendClaimed(batch: ClaimedMessage[], options: Required<Pick<DispatchOptions, 'provider' | 'now' | 'random' | 'render'>> & DispatchOptions, report: DispatchReport) {
  const emails = await options.render(batch, getSetting('senderName'))
  let outcome: ProviderOutcome
  try {
    await pace(options.provider)
    outcome = await options.provider.sendBatch(emails, batch[0].batchKey ?? batchKeyFor(batch.map((m) => m.idempotencyKey)))
  } catch (error) {
    outcome = { kind: 'retryable', message: error instanceof Error ? error.message : String(error) }
  }
  const now = options.now()
  report.batches++
  const ids = batch.map((m) => m.outboxId)
  switch (outcome.kind) {
    case 'accepted': {
      // The provider takes mail again: any pause on this account is over.
      pausedUntil.delete(options.provider.account)
      options.afterAccepted?.(batch)
      const rejected = new Map(outcome.rejected.map((r) => [r.index, r.message]))
      const acceptedIds = outcome.ids
      let next = 0
      const accepted = batch.flatMap((m, index) => (rejected.has(index) ? [] : [{ outboxId: m.outboxId, providerId: acceptedIds[next++] ?? `accepted-${m.outboxId}` }]))
      markAccepted({ accepted, now })
      markFailed({ failures: batch.flatMap((m, index) => (rejected.has(index) ? [{ outboxId: m.outboxId, message: rejected.get(index)! }] : [])) })
      report.sent += accepted.length
      report.failed += rejected.size
      break
    }
    case 'rate-limited':
      // Not the messages' fault: no attempt is counted, and everything waits.
      pausedUntil.set(options.provider.account, Math.max(pausedUntil.get(options.provider.account) ?? 0, now.getTime() + outcome.retryAfterMs))
      requeue({ outboxIds: ids, notBefore: new Date(now.getTime() + outcome.retryAfterMs), message: 'provider asked us to wait', countAttempt: false })
      report.rateLimited = true
      report.retried += ids.length
      break
    case 'retryable': {
      const attempt = Math.max(...batch.map((m) => m.attempts)) + 1
      if (attempt >= MAX_ATTEMPTS) {
        markFailed({ failures: ids.map((outboxId) => ({ outboxId, message: `gave up after ${attempt} attempts: ${outcome.message}` })) })
        report.failed += ids.length
      } else {
        requeue({ outboxIds: ids, notBefore: new Date(now.getTime() + backoffMs(attempt, options.random)), message: outcome.message, countAttempt: true })
        report.retried += ids.length
      }
      break
    }
    case 'permanent':
      markFailed({ failures: ids.map((outboxId) => ({ outboxId, message: outcome.message })) })
      report.failed += ids.length
      break
  }
}

/** One bounded pass: re-send crashed batches, then claim and send due messages. */
export async function dispatchOnce(options: DispatchOptions = {}): Promise<DispatchReport> {
  const opts = { provider: options.provider ?? defaultProvider(), now: options.now ?? (() => new Date()), random: options.random ?? Math.random, render: options.render ?? renderBatch, ...options }
  const report: DispatchReport = { batches: 0, sent: 0, failed: 0, retried: 0, rateLimited: false }
  if (opts.now().getTime() < (pausedUntil.get(opts.provider.account) ?? 0)) return { ...report, rateLimited: true }
  for (const batch of staleBatches({ now: opts.now() })) {
    if (report.rateLimited) break
    await sendClaimed(batch, opts, report)
  }
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY
  while (report.batches < maxBatches && !report.rateLimited) {
    const batch = claimBatch({ now: opts.now(), limit: options.batchSize ?? BATCH_SIZE, makeBatchKey: batchKeyFor })
    if (batch.length === 0) break
    await sendClaimed(batch, opts, report)
  }
  return report
}

/** Between two passes while nothing is waiting. */
export const IDLE_MS = 2_000
/** After a pass that failed (the database, the background thread): try again shortly. */
export const RETRY_AFTER_ERROR_MS = IDLE_MS * 5
/** Batches per server pass: the pass ends (and the scheduler's next begins at once) so other work gets its turn. */
const SERVER_PASS_BATCHES = 20

/**
 * The server's sending: one bounded pass over the outbox, rendered on the background
 * thread. Returns how long until the next pass: at once while more may be waiting, exactly
 * the provider's retry-after when told to wait, otherwise the idle interval. (The
 * scheduler runs it as its outbox job, only when DISPATCHER is on.)
 */
export async function sendPass({ log = console.log, now = () => new Date(), provider = defaultProvider() }: { log?: (line: string) => void; now?: () => Date; provider?: EmailProvider } = {}): Promise<number> {
  const report = await dispatchOnce({ provider, now, maxBatches: SERVER_PASS_BATCHES, render: renderInBackground })
  if (report.batches) log(`dispatcher: ${report.sent} sent, ${report.failed} failed, ${report.retried} to retry`)
  if (report.rateLimited) return Math.max((pausedUntil.get(provider.account) ?? 0) - Date.now(), 50)
  return report.batches > 0 ? 0 : IDLE_MS
}
