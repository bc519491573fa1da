/* Failure counters behind the sign-in throttle (rules in app/domain/login-throttle.ts). */
import { eq, inArray } from 'drizzle-orm'
import { loginAttempts } from '#db/schema'
import { recordFailure, type ThrottleState } from '#app/domain/login-throttle'
import { db } from '#app/utils/db.server'

export function getThrottleStates({ keys }: { keys: string[] }): Map<string, ThrottleState> {
  const rows = db.select().from(loginAttempts).where(inArray(loginAttempts.key, keys)).all()
  return new Map(rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.lastFailureAt.getTime() }]))
}

export function recordLoginFailure({ keys, now }: { keys: string[]; now: number }) {
  db.transaction((tx) => {
    for (const key of keys) {
      const row = tx.select().from(loginAttempts).where(eq(loginAttempts.key, key)).get()
      const next = recordFailure(row ? { failures: row.failures, lastFailureAt: row.lastFailureAt.getTime() } : null, now)
      tx.insert(loginAttempts)
        .values({ key, failures: next.failures, lastFailureAt: new Date(next.lastFailureAt) })
        .onConflictDoUpdate({
          target: loginAttempts.key,
          set: { failures: next.failures, lastFailureAt: new Date(next.lastFailureAt) },
        })
        .run()
    }
  })
}

/** A successful sign-in clears the account's counter (not the IP's: one good
    password must not unlock guessing at other accounts from the same place). */
export function clearLoginFailures({ key }: { key: string }) {
  db.delete(loginAttempts).where(eq(loginAttempts.key, key)).run()
}
