/* Wave writes as workflows. Closing a wave early changes which wave is each asked
   account's last closed one (app/domain/waves.ts currentWaves): silence, trends and the
   queue's picture move with it, so those accounts are marked for reassessment. */
import * as waveRows from '#app/models/waves.server'
import { afterCommit } from './after-commit.server'

/** A new wave: the wave, one invitation per reachable person and their messages, in one transaction. */
export const createWave = waveRows.createWave

export function closeWave({ id, now }: { id: number; now: Date }) {
  afterCommit({ reassess: waveRows.closeWave({ id, now }), now })
}
