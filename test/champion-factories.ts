/* Champion test data: accounts with named people (one of them the champion, designated
   through the app's own createStakeholder), the respondent's and the owner's requests
   through the real routes, and raw snapshots of the champion log to prove it is only
   ever appended to. */
import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import type { AnonymityMode, Level, RelationshipRole } from '#app/domain/vocabulary'
import { action as accountAction, loader as accountLoader } from '#app/routes/accounts.$accountId._index'
import { action as surveyAction } from '#app/routes/s.$token'
import { sqlite } from '#app/utils/db.server'
import { makeAccount, makeStakeholder } from '#test/factories'
import { call } from '#test/route'
import { DAY, makeWave, surveyToken } from '#test/survey-factories'

export { DAY }

export type PersonSpec = { key: string; level: Level; role?: RelationshipRole; champion?: boolean }
export type Person = { id: number; name: string; email: string; level: Level }
export type ChampionAccount = { id: number; name: string; domain: string; people: Record<string, Person> }

let n = 0

/** An account whose people are called after their key ("Cleo Champ" for key "champ"). */
export function makeChampionAccount({
  people,
  ownerId = null,
  teamIds = [],
  arr = 50_000,
  name,
}: {
  people: PersonSpec[]
  ownerId?: number | null
  teamIds?: number[]
  arr?: number
  name?: string
}): ChampionAccount {
  const i = ++n
  const domain = `champ${i}-${randomUUID().slice(0, 6)}.test`
  const account = makeAccount({ name: name ?? `Champion Co ${i}`, domain, ownerId, teamIds, arr })
  const out: Record<string, Person> = {}
  for (const p of people) {
    const personName = `${p.key[0].toUpperCase()}${p.key.slice(1)} Person${i}`
    const email = `${p.key}@${domain}`
    const s = makeStakeholder(account.id, { name: personName, email, level: p.level, role: p.role ?? 'user', isChampion: Boolean(p.champion) })
    out[p.key] = { id: s.id, name: personName, email, level: p.level }
  }
  return { id: account.id, name: account.name, domain, people: out }
}

/**
 * A wave to every active person of the account; the invitation id of each person by stakeholder id.
 * Confidential unless told otherwise (as makeWave): only named waves feed per-person features.
 */
export async function waveTo(accountId: number, { sendAt, closesAt, anonymity = 'confidential' }: { sendAt: Date; closesAt?: Date; anonymity?: AnonymityMode }) {
  const wave = await makeWave({ accountId, sendAt, closesAt, anonymity })
  const invitationOf = (stakeholderId: number) => {
    const idx = wave.recipients.findIndex((r) => r.stakeholderId === stakeholderId)
    if (idx < 0) throw new Error(`stakeholder ${stakeholderId} is not invited to wave ${wave.waveId}`)
    return wave.invitationIds[idx]
  }
  return { ...wave, invitationOf, tokenOf: (stakeholderId: number) => surveyToken(invitationOf(stakeholderId)) }
}

// ——— The respondent (/s/:token) ———

export const respond = (token: string, form: Record<string, string>) => call(surveyAction, `/s/${token}`, { params: { token }, form: { submissionId: randomUUID(), ...form } })
export const answer = (token: string, score: number) => respond(token, { intent: 'answer', score: String(score), comment: '', category: '' })
export const sayLeft = (token: string) => respond(token, { intent: 'left' })
export const suggest = (token: string, name: string, email: string) => respond(token, { intent: 'someone-else', suggestName: name, suggestEmail: email })

// ——— The owner (/accounts/:accountId) ———

export const accountPage = (cookie: string, accountId: number) => call(accountLoader, `/accounts/${accountId}`, { cookie, params: { accountId: String(accountId) } })
export const accountPost = (cookie: string, accountId: number, form: Record<string, string>) =>
  call(accountAction, `/accounts/${accountId}`, { cookie, params: { accountId: String(accountId) }, form })
export const decide = (cookie: string, accountId: number, eventId: number, decision: 'confirm' | 'dismiss') =>
  accountPost(cookie, accountId, { intent: `${decision}-event`, eventId: String(eventId) })

// ——— Reading the database directly ———

export type EventRow = {
  id: number
  account_id: number
  kind: string
  from_stakeholder_id: number | null
  to_stakeholder_id: number | null
  reason: string | null
  source: string
  pending: number
  refers_to: number | null
  wave_id: number | null
  suggested_name: string | null
  suggested_email: string | null
  note: string
  created_by_id: number | null
  created_at: number
}

export const eventsOf = (accountId: number) => sqlite.prepare('select * from champion_events where account_id = ? order by id').all(accountId) as EventRow[]
export const allEvents = () => sqlite.prepare('select * from champion_events order by id').all() as EventRow[]
export const person = (id: number) =>
  sqlite.prepare('select id, name, email, status, is_champion as isChampion, level, role, title from stakeholders where id = ?').get(id) as
    | { id: number; name: string; email: string; status: string; isChampion: number; level: string; role: string; title: string }
    | undefined
export const personByEmail = (accountId: number, email: string) =>
  sqlite.prepare('select id, name, email, status, is_champion as isChampion, level, role from stakeholders where account_id = ? and email = ?').get(accountId, email) as
    | { id: number; name: string; email: string; status: string; isChampion: number; level: string; role: string }
    | undefined

/** Every row of the champion log, byte for byte (as SQLite stores it), keyed by id. */
export function logSnapshot(): Map<number, string> {
  const rows = sqlite.prepare('select id, quote(account_id) || quote(kind) || quote(from_stakeholder_id) || quote(to_stakeholder_id) || quote(reason) || quote(source) || quote(pending) || quote(refers_to) || quote(wave_id) || quote(suggested_name) || quote(suggested_email) || quote(note) || quote(created_by_id) || quote(created_at) as bytes from champion_events order by id').all() as { id: number; bytes: string }[]
  return new Map(rows.map((r) => [r.id, r.bytes]))
}

/** Asserts the log only grew: every old row is unchanged and still there. Returns the new rows. */
export function expectOnlyAppended(before: Map<number, string>, what: string): EventRow[] {
  const after = logSnapshot()
  for (const [id, bytes] of before) expect(after.get(id), `${what}: event ${id} was changed or removed`).toBe(bytes)
  const maxBefore = Math.max(0, ...before.keys())
  const added = [...after.keys()].filter((id) => !before.has(id))
  for (const id of added) expect(id, `${what}: new event ${id} was not appended after the old ones`).toBeGreaterThan(maxBefore)
  return added.length ? (sqlite.prepare(`select * from champion_events where id in (${added.join(',')}) order by id`).all() as EventRow[]) : []
}
