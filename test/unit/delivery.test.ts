import { describe, expect, it } from 'vitest'
import { backoffMs, BASE_BACKOFF_MS, classifyFailure, MAX_BACKOFF_MS, parseRetryAfter } from '#app/domain/delivery'

describe('classifyFailure', () => {
  it('429 is a rate limit, waiting what Retry-After says', () => {
    expect(classifyFailure(429, 'rate_limit_exceeded', '2')).toEqual({ kind: 'rate-limited', retryAfterMs: 2_000 })
    expect(classifyFailure(429, 'rate_limit_exceeded', null)).toEqual({ kind: 'rate-limited', retryAfterMs: 1_000 })
    expect(classifyFailure(429, 'rate_limit_exceeded')).toEqual({ kind: 'rate-limited', retryAfterMs: 1_000 })
  })

  it.each([500, 502, 503, 504, 599, 408])('%i is retryable', (status) => {
    expect(classifyFailure(status, 'boom')).toEqual({ kind: 'retryable', message: 'boom' })
  })

  it('a network failure (no status) is retryable', () => {
    expect(classifyFailure(null, 'Unable to fetch data.')).toEqual({ kind: 'retryable', message: 'Unable to fetch data.' })
  })

  it.each([400, 404, 409, 413, 422])('%i is permanent', (status) => {
    expect(classifyFailure(status, 'validation_error: bad')).toEqual({ kind: 'permanent', message: 'validation_error: bad' })
  })

  it('a Retry-After on a non-429 does not make it a rate limit', () => {
    expect(classifyFailure(503, 'unavailable', '30').kind).toBe('retryable')
    expect(classifyFailure(422, 'invalid', '30').kind).toBe('permanent')
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2030-01-01T12:00:00Z')

  it('reads seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000)
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter('1.5', now)).toBe(1_500)
    expect(parseRetryAfter('120', now)).toBe(120_000)
  })

  it('reads an HTTP date, relative to now', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 12:00:05 GMT', now)).toBe(5_000)
    expect(parseRetryAfter(new Date(now + 42_000).toUTCString(), now)).toBe(42_000)
  })

  it('a date in the past means now, not a negative wait', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 11:59:00 GMT', now)).toBe(0)
  })

  it('caps both forms at the maximum backoff', () => {
    expect(parseRetryAfter('86400', now)).toBe(MAX_BACKOFF_MS)
    expect(parseRetryAfter('Wed, 02 Jan 2030 12:00:00 GMT', now)).toBe(MAX_BACKOFF_MS)
  })

  it('absent or unreadable values wait one second', () => {
    expect(parseRetryAfter(null, now)).toBe(1_000)
    expect(parseRetryAfter(undefined, now)).toBe(1_000)
    expect(parseRetryAfter('', now)).toBe(1_000)
    expect(parseRetryAfter('soon', now)).toBe(1_000)
  })

  it('a negative number of seconds is odd too: one second, not "retry at once"', () => {
    // Number('-1') is rejected as seconds, but Date.parse('-1') reads it as a date (2001-01-01 in V8).
    expect(parseRetryAfter('-1', now)).toBe(1_000)
  })
})

describe('backoffMs', () => {
  const fixed = (r: number) => () => r

  it('attempt 1: between half of 2 s and 2 s, jitter from the random source', () => {
    expect(backoffMs(1, fixed(0))).toBe(BASE_BACKOFF_MS / 2)
    expect(backoffMs(1, fixed(0.5))).toBe(1_500)
    expect(backoffMs(1, fixed(0.999999))).toBe(BASE_BACKOFF_MS)
  })

  it('doubles per attempt', () => {
    expect(backoffMs(2, fixed(0))).toBe(2_000)
    expect(backoffMs(2, fixed(1))).toBe(4_000)
    expect(backoffMs(3, fixed(1))).toBe(8_000)
    expect(backoffMs(5, fixed(0.5))).toBe(Math.round(32_000 * 0.75))
  })

  it('is capped at five minutes, however many attempts', () => {
    for (const attempt of [9, 10, 20, 100, 1_000]) {
      expect(backoffMs(attempt, fixed(1))).toBe(MAX_BACKOFF_MS)
      expect(backoffMs(attempt, fixed(0))).toBe(MAX_BACKOFF_MS / 2)
    }
  })

  it('never zero, and attempt 0 or below is treated as the first', () => {
    expect(backoffMs(0, fixed(0))).toBe(1_000)
    expect(backoffMs(-3, fixed(0))).toBe(1_000)
  })

  it('stays within [ceiling/2, ceiling] for any random value', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(BASE_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS)
      for (let i = 0; i <= 20; i++) {
        const ms = backoffMs(attempt, fixed(i / 20))
        expect(ms).toBeGreaterThanOrEqual(ceiling / 2)
        expect(ms).toBeLessThanOrEqual(ceiling)
      }
    }
  })

  it('uses Math.random by default, within the bounds', () => {
    for (let i = 0; i < 50; i++) {
      const ms = backoffMs(3)
      expect(ms).toBeGreaterThanOrEqual(4_000)
      expect(ms).toBeLessThanOrEqual(8_000)
    }
  })
})
