/* Who sees and edits what (issue 2, point 5). Enforced on the server by the
   models and the routes; these are the rules themselves. */
import type { StaffRole } from './vocabulary'

export type Viewer = { id: number; role: StaffRole }

/** Admins and service managers see every account; account teams only their own. */
export function seesEveryAccount(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'service_manager'
}

/** Only admins and the owning service manager edit an account. */
export function canEditAccount(viewer: Viewer, account: { ownerId: number | null }): boolean {
  return viewer.role === 'admin' || (viewer.role === 'service_manager' && account.ownerId === viewer.id)
}

/** Creating accounts and importing people is a service manager's job. */
export function canCreateAccounts(viewer: Viewer): boolean {
  return seesEveryAccount(viewer)
}

/** Who runs survey waves (and reads the dev mailbox's neighbours): service managers and admins. */
export const WAVE_ROLES = ['admin', 'service_manager'] as const
