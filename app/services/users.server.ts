/* Staff users as workflows: each change and its audit event in one transaction.
   Disabling someone also ends every session they hold, so a disabled account is locked
   out at once, not when its cookie expires. */
import type { StaffRole } from '#app/domain/vocabulary'
import { deleteUserSessions } from '#app/models/sessions.server'
import * as users from '#app/models/users.server'
import { db } from '#app/utils/db.server'
import { hashPassword } from '#app/utils/password.server'
import { recordChange, type Actor } from './audit.server'

export { EmailTakenError } from '#app/models/users.server'

const subject = (id: number) => ({ entityType: 'user', entityId: id, accountId: null })

/** A user as the trail keeps them: never the password or its hash. */
const trailValues = (u: users.StaffUser) => ({ name: u.name, email: u.email, role: u.role, approvalLimit: u.approvalLimit, disabled: u.disabledAt !== null })

export async function createUser({ actor, password, ...input }: { email: string; name: string; role: StaffRole; password: string; actor: Actor }) {
  // Hashing takes a while and is done before the transaction, which stays short.
  const passwordHash = await hashPassword(password)
  return db.transaction(() => {
    const user = users.insertUser({ ...input, passwordHash })
    recordChange({ actor, action: 'user.created', ...subject(user.id), after: trailValues(user) })
    return user
  })
}

/**
 * The very first admin (setup), only while the database has no users; null when
 * someone beat them to it. They are their own actor: nobody was signed in.
 */
export async function createFirstAdmin({ clientAddress, password, ...input }: { email: string; name: string; password: string; clientAddress: string }) {
  const passwordHash = await hashPassword(password)
  return db.transaction(() => {
    const admin = users.insertFirstAdmin({ ...input, passwordHash })
    if (admin) recordChange({ actor: { userId: admin.id, clientAddress }, action: 'user.created', ...subject(admin.id), after: trailValues(admin) })
    return admin
  })
}

/** One user's change: their values before and after, recorded with the write. */
function changeUser(actor: Actor, id: number, action: string, write: () => void) {
  db.transaction(() => {
    const before = users.getUserById({ id })
    if (!before) return
    write()
    recordChange({ actor, action, ...subject(id), before: trailValues(before), after: trailValues(users.getUserById({ id })!) })
  })
}

export function setUserRole({ id, role, actor }: { id: number; role: StaffRole; actor: Actor }) {
  changeUser(actor, id, 'user.role_changed', () => users.setUserRole({ id, role }))
}

export function setApprovalLimit({ id, approvalLimit, actor }: { id: number; approvalLimit: number | null; actor: Actor }) {
  changeUser(actor, id, 'user.approval_limit_changed', () => users.setApprovalLimit({ id, approvalLimit }))
}

export function setUserDisabled({ id, disabled, actor }: { id: number; disabled: boolean; actor: Actor }) {
  changeUser(actor, id, disabled ? 'user.disabled' : 'user.enabled', () => {
    users.setUserDisabled({ id, disabled })
    if (disabled) deleteUserSessions({ userId: id })
  })
}
