/* Stakeholder writes as workflows: the model stores the person (and any champion
   change) and the audit trail records it, in one transaction; then the account is
   marked for reassessment, since a person's level, role, status or champion flag moves
   its picture. */
import * as people from '#app/models/stakeholders.server'
import { db } from '#app/utils/db.server'
import { afterCommit } from './after-commit.server'
import { recordChange, type Actor } from './audit.server'

export { StakeholderEmailTakenError } from '#app/models/stakeholders.server'

/** A person as the trail keeps them: the fields of the person form, as stored. */
function personValues({ accountId, id }: { accountId: number; id: number }) {
  const p = people.getStakeholder({ accountId, id })
  return p ? { name: p.name, email: p.email, title: p.title, level: p.level, role: p.role, locale: p.locale, isChampion: p.isChampion, status: p.status } : null
}

const subject = (accountId: number, id: number) => ({ entityType: 'stakeholder', entityId: id, accountId })

export function createStakeholder({ actor, ...args }: Parameters<typeof people.createStakeholder>[0] & { actor: Actor }): number {
  const id = db.transaction(() => {
    const id = people.createStakeholder(args)
    recordChange({ actor, action: 'stakeholder.created', ...subject(args.accountId, id), after: personValues({ accountId: args.accountId, id }) })
    return id
  })
  afterCommit({ reassess: [args.accountId] })
  return id
}

export function updateStakeholder({ actor, ...args }: Parameters<typeof people.updateStakeholder>[0] & { actor: Actor }) {
  db.transaction(() => {
    const before = personValues(args)
    people.updateStakeholder(args)
    recordChange({ actor, action: 'stakeholder.updated', ...subject(args.accountId, args.id), before, after: personValues(args) })
  })
  afterCommit({ reassess: [args.accountId] })
}

export function markStakeholderLeft({ actor, ...args }: Parameters<typeof people.markStakeholderLeft>[0] & { actor: Actor }) {
  db.transaction(() => {
    const before = personValues(args)
    people.markStakeholderLeft(args)
    recordChange({ actor, action: 'stakeholder.left', ...subject(args.accountId, args.id), before, after: personValues(args) })
  })
  afterCommit({ reassess: [args.accountId] })
}
