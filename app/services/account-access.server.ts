/* Route guards for one account (and its at-risk items): invisible → 404 (it "does not exist" for this
   viewer), visible but not editable → 403. */
import { canEditAccount } from '#app/domain/access'
import { getAccount } from '#app/models/accounts.server'
import { visibleItem } from '#app/models/queue.server'
import { requireUser, toViewer } from './auth.server'

function parseId(raw: string | undefined, what = 'account'): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) throw new Response(`No such ${what}.`, { status: 404 })
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

/** An at-risk item is as visible as its account: anyone who sees the account may work it. */
export async function requireQueueItem(request: Request, rawId: string | undefined) {
  const user = await requireUser(request)
  const viewer = toViewer(user)
  const item = visibleItem({ viewer, itemId: parseId(rawId, 'item') })
  if (!item) throw new Response('No such item, or its account is not one of yours.', { status: 404 })
  return { user, viewer, item }
}
