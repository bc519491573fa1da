/* Repeated failed sign-ins are first slowed, then refused for a while.
   Applied per client address, and per account from that address: the stricter of the
   two decides. Never per account alone — anyone could then lock a colleague out from
   anywhere; a lock on one address never stops a correct password from another. */

/** Failures allowed before any waiting is imposed. */
export const FREE_FAILURES = 3
/** From this many failures the key is locked out. */
export const LOCKOUT_FAILURES = 10
/** How long a lock-out lasts. */
export const LOCKOUT_MS = 15 * 60_000
/** Cap on the wait between attempts while slowed. */
export const MAX_SLOWDOWN_MS = 60_000
/** Failures older than this are forgotten. */
export const FAILURE_MEMORY_MS = 60 * 60_000

export type ThrottleState = { failures: number; lastFailureAt: number } | null

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; reason: 'slowed' | 'locked'; retryAfterMs: number }

/** Pure: may a new attempt be made now, given this key's failure history? */
export function decideLoginAttempt(state: ThrottleState, now: number): ThrottleDecision {
  if (!state || now - state.lastFailureAt > FAILURE_MEMORY_MS) return { allowed: true }
  const since = now - state.lastFailureAt
  if (state.failures >= LOCKOUT_FAILURES) {
    return since >= LOCKOUT_MS ? { allowed: true } : { allowed: false, reason: 'locked', retryAfterMs: LOCKOUT_MS - since }
  }
  if (state.failures < FREE_FAILURES) return { allowed: true }
  // Doubling wait: 1 s after the 3rd failure, 2 s after the 4th, … capped.
  const wait = Math.min(1000 * 2 ** (state.failures - FREE_FAILURES), MAX_SLOWDOWN_MS)
  return since >= wait ? { allowed: true } : { allowed: false, reason: 'slowed', retryAfterMs: wait - since }
}

/** Pure: the longest refusal among several keys' states, or null when every key allows an attempt. */
export function stricterRefusal(states: ThrottleState[], now: number): Extract<ThrottleDecision, { allowed: false }> | null {
  const refusals = states.map((s) => decideLoginAttempt(s, now)).filter((d): d is Extract<ThrottleDecision, { allowed: false }> => !d.allowed)
  return refusals.sort((a, b) => b.retryAfterMs - a.retryAfterMs)[0] ?? null
}

/** The throttle's keys for an attempt: the address, and the account from that address. */
export function throttleKeys({ email, address }: { email: string; address: string }) {
  return { address: `ip:${address}`, accountFromAddress: `email:${email.toLowerCase()}|ip:${address}` }
}

/** Pure: the state after one more failure. A lock-out that has expired starts over. */
export function recordFailure(state: ThrottleState, now: number): { failures: number; lastFailureAt: number } {
  const stale = !state || now - state.lastFailureAt > FAILURE_MEMORY_MS
  const expiredLock = state && state.failures >= LOCKOUT_FAILURES && now - state.lastFailureAt >= LOCKOUT_MS
  const failures = stale || expiredLock ? 1 : state.failures + 1
  return { failures, lastFailureAt: now }
}

export function throttleMessage(decision: Extract<ThrottleDecision, { allowed: false }>): string {
  const seconds = Math.ceil(decision.retryAfterMs / 1000)
  const wait = seconds >= 60 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`
  return decision.reason === 'locked'
    ? `Too many failed sign-ins. Sign-in from here is locked for a while; try again in ${wait}.`
    : `Too many failed sign-ins. Please wait ${wait} before trying again.`
}
