/* Account writes as workflows: the model stores the rows, then the after-commit step
   marks the account for reassessment and clears the sentiment views' memory (owner,
   status, strategic flag, team and archive all shape those views). */
import type { AccountInput } from '#app/forms/accounts'
import * as accounts from '#app/models/accounts.server'
import { afterCommit } from './after-commit.server'

export { DomainTakenError } from '#app/models/accounts.server'

export function createAccount({ input }: { input: AccountInput }): number {
  const id = accounts.createAccount({ input })
  afterCommit({ sentimentScope: true })
  return id
}

export function updateAccount({ id, input }: { id: number; input: AccountInput }) {
  accounts.updateAccount({ id, input })
  // ARR, renewal date and strategic flag move the account's triage.
  afterCommit({ reassess: [id], sentimentScope: true })
}

export function setAccountArchived({ id, archived }: { id: number; archived: boolean }) {
  accounts.setAccountArchived({ id, archived })
  afterCommit({ sentimentScope: true })
}
