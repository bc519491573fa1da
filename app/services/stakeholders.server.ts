/* Stakeholder writes as workflows: the model stores the person (and any champion
   change, in the same transaction); then the account is marked for reassessment, since
   a person's level, role, status or champion flag moves its picture. */
import * as people from '#app/models/stakeholders.server'
import { afterCommit } from './after-commit.server'

export { StakeholderEmailTakenError } from '#app/models/stakeholders.server'

export function createStakeholder(args: Parameters<typeof people.createStakeholder>[0]): number {
  const id = people.createStakeholder(args)
  afterCommit({ reassess: [args.accountId] })
  return id
}

export function updateStakeholder(args: Parameters<typeof people.updateStakeholder>[0]) {
  people.updateStakeholder(args)
  afterCommit({ reassess: [args.accountId] })
}

export function markStakeholderLeft(args: Parameters<typeof people.markStakeholderLeft>[0]) {
  people.markStakeholderLeft(args)
  afterCommit({ reassess: [args.accountId] })
}
