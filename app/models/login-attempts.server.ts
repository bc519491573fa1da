/* Failure counters behind the sign-in throttle (rules in app/domain/login-throttle.ts). */
import { eq, inArray, sql } from 'drizzle-orm'
import { loginAttempts } from '#db/schema'
import { recordFailure, stricterRefusal, type ThrottleDecision } from '#app/domain/login-throttle'
import { db } from '#app/utils/db.server'

/**
 * Checks and records an attempt in one transaction: allowed, it already counts as a
 * failure on every key until settled. A check, then a password hash taking 100 ms, then a
 * record let twenty parallel guesses all pass the check; counted first, the eleventh is
 * refused whatever the timing.
 */
export function reserveLoginAttempt({ keys, now }: { keys: string[]; now: number }): ThrottleDecision {
  return db.transaction(
    (tx) => {
      const rows = tx.select().from(loginAttempts).where(inArray(loginAttempts.key, keys)).all()
      const states = new Map(rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.lastFailureAt.getTime() }]))
      const refused = stricterRefusal(keys.map((k) => states.get(k) ?? null), now)
      if (refused) return refused
      for (const key of keys) {
        const next = recordFailure(states.get(key) ?? null, now)
        const values = { failures: next.failures, lastFailureAt: new Date(next.lastFailureAt) }
        tx.insert(loginAttempts).values({ key, ...values }).onConflictDoUpdate({ target: loginAttempts.key, set: values }).run()
      }
      return { allowed: true as const }
    },
    { behavior: 'immediate' },
  )
}

/** A correct password: the reservation on `clear` is forgotten with the key's history, the one on `release` is taken back. */
export function settleLoginSuccess({ clear, release }: { clear: string; release: string }) {
  db.transaction((tx) => {
    tx.delete(loginAttempts).where(eq(loginAttempts.key, clear)).run()
    tx.update(loginAttempts)
      .set({ failures: sql`max(${loginAttempts.failures} - 1, 0)` })
      .where(eq(loginAttempts.key, release))
      .run()
  })
}
