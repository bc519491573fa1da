/* Account writes as workflows: the model stores the rows and the audit trail records the
   change, in one transaction; then the after-commit step marks the account for
   reassessment and clears the sentiment views' memory (owner, status, strategic flag,
   team and archive all shape those views). */
import type { AccountInput } from '#app/forms/accounts'
import * as accounts from '#app/models/accounts.server'
import { db } from '#app/utils/db.server'
import { afterCommit } from './after-commit.server'
import { recordChange, type Actor } from './audit.server'

export { DomainTakenError } from '#app/models/accounts.server'

/** The form's values as the trail keeps them: the team as a set, so reordering it is no change. */
const trailValues = (input: AccountInput) => ({ ...input, teamIds: [...new Set(input.teamIds)].sort((a, b) => a - b) })

export function createAccount({ input, actor }: { input: AccountInput; actor: Actor }): number {
  const id = db.transaction(() => {
    const id = accounts.createAccount({ input })
    recordChange({ actor, action: 'account.created', entityType: 'account', entityId: id, accountId: id, after: trailValues(input) })
    return id
  })
  afterCommit({ sentimentScope: true })
  return id
}

export function updateAccount({ id, input, actor }: { id: number; input: AccountInput; actor: Actor }) {
  db.transaction(() => {
    const before = accounts.accountValues({ id })
    accounts.updateAccount({ id, input })
    recordChange({ actor, action: 'account.updated', entityType: 'account', entityId: id, accountId: id, before: before ?? null, after: trailValues(input) })
  })
  // ARR, renewal date and strategic flag move the account's triage.
  afterCommit({ reassess: [id], sentimentScope: true })
}

export function setAccountArchived({ id, archived, actor }: { id: number; archived: boolean; actor: Actor }) {
  db.transaction(() => {
    if (!accounts.setAccountArchived({ id, archived })) return
    recordChange({ actor, action: archived ? 'account.archived' : 'account.unarchived', entityType: 'account', entityId: id, accountId: id, before: { archived: !archived }, after: { archived } })
  })
  afterCommit({ sentimentScope: true })
}
