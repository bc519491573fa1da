/* Route guards for one account: invisible → 404 (it "does not exist" for this
   viewer), visible but not editable → 403. */
import { canEditAccount } from '#app/domain/access'
import { getAccount } from '#app/models/accounts.server'
import { requireUser, toViewer } from './auth.server'

function parseId(raw: string | undefined): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) throw new Response('No such account.', { status: 404 })
  return id
}

export async function requireAccount(request: Request, rawId: string | undefined) {
  const user = await requireUser(request)
  const viewer = toViewer(user)
  const account = getAccount({ viewer, id: parseId(rawId) })
  if (!account) throw new Response('No such account, or it is not one of yours.', { status: 404 })
  return { user, viewer, account, canEdit: canEditAccount(viewer, account) }
}

export async function requireEditableAccount(request: Request, rawId: string | undefined) {
  const found = await requireAccount(request, rawId)
  if (!found.canEdit) throw new Response('Only an admin or the owning service manager can change this account.', { status: 403 })
  return found
}
