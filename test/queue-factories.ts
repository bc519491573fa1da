/* At-risk queue test data: an account whose people answer through the real respondent
   route in a named or confidential wave, the queue's routes called as a signed-in user,
   and readers of the queue tables (the app's own models where they exist). */
import type { AnonymityMode } from '#app/domain/vocabulary'
import { eventsOfItems, itemsOfAccount } from '#app/models/queue.server'
import { action as itemAction, loader as itemLoader } from '#app/routes/queue.$itemId'
import { loader as queueLoader } from '#app/routes/queue._index'
import { sqlite } from '#app/utils/db.server'
import { makeChampionAccount, respond, type Person } from '#test/champion-factories'
import { call } from '#test/route'
import { DAY, makeWave, snapshot, surveyToken } from '#test/survey-factories'

export type QueueAccount = {
  id: number
  name: string
  /** champ: head, both, the champion · peer: manager, user · boss: top, buyer · exec: head, buyer */
  people: { champ: Person; peer: Person; boss: Person; exec: Person }
  waveId: number
  tokenOf: (stakeholderId: number) => string
}

/**
 * An account with a champion and three more people, and a wave to all four (sent
 * yesterday unless told otherwise). Nobody has answered yet, so it is healthy.
 */
export async function queueAccount({
  anonymity = 'named',
  ownerId = null,
  teamIds = [],
  arr = 50_000,
  renewalDate,
  sendAt = new Date(Date.now() - DAY),
  closesAt,
  name,
}: { anonymity?: AnonymityMode; ownerId?: number | null; teamIds?: number[]; arr?: number; renewalDate?: string; sendAt?: Date; closesAt?: Date; name?: string } = {}): Promise<QueueAccount> {
  const acc = makeChampionAccount({
    ownerId,
    teamIds,
    arr,
    name,
    people: [
      { key: 'champ', level: 'head', role: 'both', champion: true },
      { key: 'peer', level: 'manager', role: 'user' },
      { key: 'boss', level: 'top', role: 'buyer' },
      { key: 'exec', level: 'head', role: 'buyer' },
    ],
  })
  // Set before anyone answers, so the first assessment already sees it.
  if (renewalDate) sqlite.prepare('update accounts set renewal_date = ? where id = ?').run(renewalDate, acc.id)
  const wave = await makeWave({ accountId: acc.id, anonymity, sendAt, closesAt })
  const tokenOf = (stakeholderId: number) => {
    const idx = wave.recipients.findIndex((r) => r.stakeholderId === stakeholderId)
    if (idx < 0) throw new Error(`stakeholder ${stakeholderId} is not invited to wave ${wave.waveId}`)
    return surveyToken(wave.invitationIds[idx])
  }
  const { champ, peer, boss, exec } = acc.people
  return { id: acc.id, name: acc.name, people: { champ, peer, boss, exec }, waveId: wave.waveId, tokenOf }
}

/** An answer with a comment through POST /s/:token, as the respondent's form sends it. */
export const answerWith = (token: string, score: number, comment: string, category = '') => respond(token, { intent: 'answer', score: String(score), comment, category })

// ——— The queue's routes ———

export const queueList = (cookie: string, query = '') => call(queueLoader, `/queue${query}`, { cookie })
export const itemGet = (cookie: string, itemId: number) => call(itemLoader, `/queue/${itemId}`, { cookie, params: { itemId: String(itemId) } })
export const itemPost = (cookie: string, itemId: number, form: Record<string, string | string[]>) => call(itemAction, `/queue/${itemId}`, { cookie, params: { itemId: String(itemId) }, form })

// ——— Reading the queue tables ———

export const itemsOf = (accountId: number) => itemsOfAccount({ accountId })
export const openItemsOf = (accountId: number) => itemsOf(accountId).filter((i) => i.status === 'open')
export const historyOf = (itemId: number) => eventsOfItems({ itemIds: [itemId] })

export const QUEUE_TABLES = ['queue_items', 'queue_events', 'queue_steps', 'recovery_issues', 'concessions', 'concession_decisions', 'letters', 'outbox', 'accounts', 'users'] as const
/** Every row of the queue's tables (and what an action could touch beside them), to compare before/after. */
export const queueSnapshot = () => snapshot(QUEUE_TABLES)
