/* How the dispatcher reacts to the email provider: what to retry, when, and
   what is a permanent failure. Pure, so each rule has a test. */

export const BATCH_SIZE = 100
export const MAX_ATTEMPTS = 8
export const BASE_BACKOFF_MS = 2_000
export const MAX_BACKOFF_MS = 5 * 60_000
/** A claimed batch not finished within this is assumed crashed and re-sent (same key). */
export const CLAIM_LEASE_MS = 2 * 60_000

export type ProviderOutcome =
  | { kind: 'accepted'; ids: string[]; rejected: { index: number; message: string }[] }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'retryable'; message: string }
  | { kind: 'permanent'; message: string }

/** How long to hold all sending when the provider refuses our key (401/403): fixable, not the messages' fault. */
export const AUTH_PAUSE_MS = MAX_BACKOFF_MS

/** Classify a provider error by HTTP status (null = network failure). */
export function classifyFailure(status: number | null, message: string, retryAfterHeader?: string | null): ProviderOutcome {
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: parseRetryAfter(retryAfterHeader) }
  // A wrong or revoked API key would otherwise fail a whole wave: hold everything until it is fixed.
  if (status === 401 || status === 403) return { kind: 'rate-limited', retryAfterMs: AUTH_PAUSE_MS }
  if (status === null || status >= 500 || status === 408) return { kind: 'retryable', message }
  return { kind: 'permanent', message }
}

/** Retry-After is seconds or an HTTP date; default one second when absent or odd. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number {
  if (!value) return 1_000
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.min(Number(value) * 1000, MAX_BACKOFF_MS)
  // An HTTP date names a weekday and a month; a bare "-1" is not one, whatever Date.parse thinks.
  if (!/[a-z]{3}/i.test(value)) return 1_000
  const date = Date.parse(value)
  return Number.isNaN(date) ? 1_000 : Math.min(Math.max(date - now, 0), MAX_BACKOFF_MS)
}

/** Capped exponential backoff with full jitter: attempt 1 → up to 2 s, 2 → 4 s, … ≤ 5 min. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BASE_BACKOFF_MS * 2 ** Math.max(attempt - 1, 0), MAX_BACKOFF_MS)
  // Never zero: half the ceiling is fixed, the other half is jitter.
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
