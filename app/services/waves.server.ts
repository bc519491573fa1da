/* Wave writes as workflows, each with its audit event in the same transaction. Closing a
   wave early changes which wave is each asked account's last closed one
   (app/domain/waves.ts currentWaves): silence, trends and the queue's picture move with
   it, so those accounts are marked for reassessment. */
import * as waveRows from '#app/models/waves.server'
import { db } from '#app/utils/db.server'
import { afterCommit } from './after-commit.server'
import { recordChange, type Actor } from './audit.server'

/** A new wave: the wave, one invitation per reachable person and their messages, and its audit event, in one transaction. */
export function createWave({ actor, ...input }: waveRows.WaveInput & { actor: Actor }) {
  return db.transaction(() => {
    const created = waveRows.createWave(input)
    const { name, selection, levels, anonymity, minAnswers, askCategory, sendAt, closesAt, reminderPolicy } = input
    recordChange({
      actor,
      action: 'wave.created',
      entityType: 'wave',
      entityId: created.waveId,
      accountId: null,
      after: { name, selection, levels, anonymity, minAnswers, askCategory, sendAt, closesAt, reminderPolicy, invitations: created.invitations },
    })
    return created
  })
}

export function closeWave({ id, now, actor }: { id: number; now: Date; actor: Actor }) {
  const reassess = db.transaction(() => {
    const wave = waveRows.getWave({ id })
    if (!wave || wave.closedAt) return []
    const asked = waveRows.closeWave({ id, now })
    recordChange({ actor, action: 'wave.closed', entityType: 'wave', entityId: id, accountId: null, before: { closedAt: null }, after: { closedAt: now } })
    return asked
  })
  afterCommit({ reassess, now })
}
