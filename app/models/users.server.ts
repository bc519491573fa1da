/* Staff users. Password hashes never leave this module except for verification. */
import { asc, eq, sql } from 'drizzle-orm'
import { users } from '#db/schema'
import type { StaffRole } from '#app/domain/vocabulary'
import { db } from '#app/utils/db.server'
import { hashPassword } from '#app/utils/password.server'

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  approvalLimit: users.approvalLimit,
  createdAt: users.createdAt,
}

export type StaffUser = { id: number; email: string; name: string; role: StaffRole; disabledAt: Date | null; approvalLimit: number | null }

export function getUserById({ id }: { id: number }): StaffUser | undefined {
  return db.select(publicColumns).from(users).where(eq(users.id, id)).get()
}

export function getUserForLogin({ email }: { email: string }) {
  return db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .get()
}

export function listUsers() {
  return db.select(publicColumns).from(users).orderBy(asc(users.name)).all()
}

export function listActiveStaff() {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(sql`${users.disabledAt} is null`)
    .orderBy(asc(users.name))
    .all()
}

export function hasAnyUser(): boolean {
  return db.select({ id: users.id }).from(users).limit(1).get() !== undefined
}

export class EmailTakenError extends Error {}

export async function createUser(input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
  return insertUser({ ...input, passwordHash: await hashPassword(input.password) })
}

/** The row of createUser, for a caller that hashed the password first and writes more in the same transaction. */
export function insertUser({ email, name, role, passwordHash }: { email: string; name: string; role: StaffRole; passwordHash: string }): StaffUser {
  try {
    return db.insert(users).values({ email, name, role, passwordHash }).returning(publicColumns).get()
  } catch (error) {
    if (String(error).includes('UNIQUE')) throw new EmailTakenError(email)
    throw error
  }
}

/** The very first admin, only while the database has no users; null when someone is there already. Run it in a transaction: the check and the insert belong together. */
export function insertFirstAdmin(input: { email: string; name: string; passwordHash: string }): StaffUser | null {
  if (db.select({ id: users.id }).from(users).limit(1).get()) return null
  return db.insert(users).values({ email: input.email, name: input.name, role: 'admin', passwordHash: input.passwordHash }).returning(publicColumns).get()
}

export function setUserRole({ id, role }: { id: number; role: StaffRole }) {
  db.update(users).set({ role }).where(eq(users.id, id)).run()
}

/** A concession approval limit in percent for this user; null returns them to their role's default. */
export function setApprovalLimit({ id, approvalLimit }: { id: number; approvalLimit: number | null }) {
  db.update(users).set({ approvalLimit }).where(eq(users.id, id)).run()
}

export function setUserDisabled({ id, disabled }: { id: number; disabled: boolean }) {
  db.update(users)
    .set({ disabledAt: disabled ? new Date() : null })
    .where(eq(users.id, id))
    .run()
}
