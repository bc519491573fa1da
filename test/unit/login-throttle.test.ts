import { describe, expect, it } from 'vitest'
import {
  decideLoginAttempt,
  FREE_FAILURES,
  LOCKOUT_FAILURES,
  LOCKOUT_MS,
  recordFailure,
  throttleMessage,
  type ThrottleState,
} from '#app/domain/login-throttle'

function failTimes(times: number, start = 0, gap = 100_000): ThrottleState {
  let state: ThrottleState = null
  for (let i = 0; i < times; i++) state = recordFailure(state, start + i * gap)
  return state
}

describe('login throttle', () => {
  it('lets the first failures through without waiting', () => {
    const state = failTimes(FREE_FAILURES - 1)
    expect(decideLoginAttempt(state, state!.lastFailureAt + 1)).toEqual({ allowed: true })
  })

  it('slows down after the free failures, doubling the wait', () => {
    const third = failTimes(FREE_FAILURES)
    expect(decideLoginAttempt(third, third!.lastFailureAt + 500)).toEqual({ allowed: false, reason: 'slowed', retryAfterMs: 500 })
    expect(decideLoginAttempt(third, third!.lastFailureAt + 1000)).toEqual({ allowed: true })
    const fourth = failTimes(FREE_FAILURES + 1)
    expect(decideLoginAttempt(fourth, fourth!.lastFailureAt)).toMatchObject({ allowed: false, retryAfterMs: 2000 })
  })

  it('locks out after too many failures and lifts the lock after the lock-out period', () => {
    const locked = failTimes(LOCKOUT_FAILURES)
    const t = locked!.lastFailureAt
    const decision = decideLoginAttempt(locked, t + 60_000)
    expect(decision).toEqual({ allowed: false, reason: 'locked', retryAfterMs: LOCKOUT_MS - 60_000 })
    expect(decideLoginAttempt(locked, t + LOCKOUT_MS)).toEqual({ allowed: true })
    // The first failure after a lock-out starts a fresh count.
    expect(recordFailure(locked, t + LOCKOUT_MS).failures).toBe(1)
  })

  it('says how long to wait in words', () => {
    expect(throttleMessage({ allowed: false, reason: 'locked', retryAfterMs: 14 * 60_000 + 1 })).toContain('15 minutes')
    expect(throttleMessage({ allowed: false, reason: 'slowed', retryAfterMs: 1500 })).toContain('2 seconds')
  })
})
