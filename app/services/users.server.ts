/* Staff users as workflows. Disabling someone also ends every session they hold, so a
   disabled account is locked out at once, not when its cookie expires. */
import { deleteUserSessions } from '#app/models/sessions.server'
import * as users from '#app/models/users.server'

export { EmailTakenError } from '#app/models/users.server'
export const createUser = users.createUser
export const createFirstAdmin = users.createFirstAdmin
export const setApprovalLimit = users.setApprovalLimit
export const setUserRole = users.setUserRole

export function setUserDisabled({ id, disabled }: { id: number; disabled: boolean }) {
  users.setUserDisabled({ id, disabled })
  if (disabled) deleteUserSessions({ userId: id })
}
