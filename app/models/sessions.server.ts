/* Staff sessions, stored by the SHA-256 of their token so a leaked database
   does not hand out live sessions. Deleting the row revokes the session. */
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import { sessions, users } from '#db/schema'
import { db } from '#app/utils/db.server'

export function insertSession({ id, userId, expiresAt }: { id: string; userId: number; expiresAt: Date }) {
  db.insert(sessions).values({ id, userId, expiresAt }).run()
}

// Read on every signed-in request: prepared once (drizzle builds a query per call otherwise).
const sessionUserStatement = db
  .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt, approvalLimit: users.approvalLimit })
  .from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId))
  .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now'))))
  .prepare()

/** The live session's user, or undefined when expired, revoked or the user is disabled. */
export function getSessionUser({ id, now }: { id: string; now: Date }) {
  return sessionUserStatement.get({ id, now: now.getTime() })
}

export function deleteSession({ id }: { id: string }) {
  db.delete(sessions).where(eq(sessions.id, id)).run()
}

export function deleteUserSessions({ userId }: { userId: number }) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run()
}

export function deleteExpiredSessions({ now }: { now: Date }) {
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run()
}
