/* Sentiment test data and an independent oracle: waves to several accounts built with
   the app's own createWave and recordAnswer, bulk response tables written straight
   into SQLite, and group statistics recomputed in plain SQL from the raw responses
   (so a test never checks the app's numbers against the app's own queries). */
import { randomUUID } from 'node:crypto'
import type { AccountStatus, AnonymityMode, Level, RelationshipRole, ResponseCategory } from '#app/domain/vocabulary'
import { LEVELS } from '#app/domain/vocabulary'
import { recordAnswer } from '#app/models/answers.server'
import { createWave } from '#app/models/waves.server'
import { sqlite } from '#app/utils/db.server'
import { makeAccount, makeStakeholder } from '#test/factories'
import { DAY, QUESTIONS, policy, waveCreatorId } from '#test/survey-factories'

export { DAY }

export type PersonSpec = { key: string; level: Level; role: RelationshipRole }
export type Person = PersonSpec & { id: number; name: string; email: string; accountId: number }
export type Account = { id: number; name: string; people: Record<string, Person> }

/** An account with people whose names and emails are easy to look for in any output. */
export function makeSurveyedAccount({
  name,
  ownerId = null,
  strategic = false,
  status = 'active',
  teamIds = [],
  people,
}: {
  name: string
  ownerId?: number | null
  strategic?: boolean
  status?: AccountStatus
  teamIds?: number[]
  people: PersonSpec[]
}): Account {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const account = makeAccount({ name, domain: `${slug}.test`, ownerId, strategic, status, teamIds })
  const out: Record<string, Person> = {}
  for (const p of people) {
    const personName = `Zed ${p.key} Quill`
    const email = `${p.key.toLowerCase()}@${slug}.test`
    const s = makeStakeholder(account.id, { name: personName, email, level: p.level, role: p.role })
    out[p.key] = { ...p, id: s.id, name: personName, email, accountId: account.id }
  }
  return { id: account.id, name, people: out }
}

export type WaveSpec = { name: string; anonymity: AnonymityMode; minAnswers?: number; sendAt: Date; closesAt: Date; accountIds: number[]; levels?: Level[] }
export type Wave = WaveSpec & { id: number; minAnswers: number }

/** A wave to the picked accounts (all their active people at the given levels), through createWave. */
export async function makeSurveyWave(spec: WaveSpec): Promise<Wave> {
  const minAnswers = spec.minAnswers ?? 3
  const { waveId } = createWave({
    name: spec.name,
    createdById: await waveCreatorId(),
    selection: { mode: 'picked', accountIds: spec.accountIds },
    levels: spec.levels ?? [...LEVELS],
    questions: QUESTIONS,
    followUp: { en: 'What should we fix first?', ru: 'Что исправить в первую очередь?' },
    askCategory: true,
    anonymity: spec.anonymity,
    minAnswers,
    reminderPolicy: policy(),
    sendAt: spec.sendAt,
    closesAt: spec.closesAt,
  })
  return { ...spec, minAnswers, id: waveId }
}

/** One person answers one wave, through the respondent's own recordAnswer. */
export function answer({ wave, person, score, comment = '', category = null, at }: { wave: Wave; person: Person; score: number; comment?: string; category?: ResponseCategory | null; at?: Date }) {
  const inv = sqlite
    .prepare('select id as invitationId, wave_id as waveId, account_id as accountId, stakeholder_id as stakeholderId, level, role from invitations where wave_id = ? and stakeholder_id = ?')
    .get(wave.id, person.id) as { invitationId: number; waveId: number; accountId: number; stakeholderId: number; level: Level; role: RelationshipRole } | undefined
  if (!inv) throw new Error(`${person.key} was not invited to ${wave.name}`)
  const result = recordAnswer({ invitation: inv, submissionId: randomUUID(), score, comment, category, now: at ?? new Date(wave.sendAt.getTime() + DAY) })
  if (result !== 'created') throw new Error(`${person.key} had already answered ${wave.name}`)
}

// ——— The oracle: group statistics straight from the raw tables ———

export type Scope = {
  waveIds: number[]
  /** An account-team member's id: only accounts whose team they are on. */
  teamUserId?: number
  owner?: number
  strategic?: 'yes' | 'no'
  status?: AccountStatus
  role?: 'user' | 'buyer'
  accountId?: number
}

export type Stats = { n: number; people: number; sum: number; fans: number; haters: number }
type Grouped<K extends string> = Stats & Record<K, string | number>

function scopeWhere(scope: Scope, alias: 'r' | 'i') {
  const where = [`${alias}.wave_id in (${scope.waveIds.map(Number).join(',') || '-1'})`, 'a.archived_at is null']
  const params: unknown[] = []
  if (scope.teamUserId !== undefined) {
    where.push('a.id in (select account_id from account_team_members where user_id = ?)')
    params.push(scope.teamUserId)
  }
  if (scope.owner !== undefined) {
    where.push('a.owner_id = ?')
    params.push(scope.owner)
  }
  if (scope.strategic) where.push(`a.strategic = ${scope.strategic === 'yes' ? 1 : 0}`)
  if (scope.status) {
    where.push('a.status = ?')
    params.push(scope.status)
  }
  if (scope.role) {
    where.push(`${alias}.role in (?, 'both')`)
    params.push(scope.role)
  }
  if (scope.accountId !== undefined) {
    where.push('a.id = ?')
    params.push(scope.accountId)
  }
  return { sql: where.join(' and '), params }
}

/** Responses in scope grouped by the given columns (of responses r: wave_id, account_id, level). */
export function responseStats<K extends string>(scope: Scope, groupBy: ('wave_id' | 'account_id' | 'level')[]): Grouped<K>[] {
  const w = scopeWhere(scope, 'r')
  const cols = groupBy.map((c) => `r.${c} as ${c}`).join(', ')
  const sql = `select ${cols}${cols ? ',' : ''} count(*) as n, count(distinct r.stakeholder_id) as people, sum(r.score) as sum,
      sum(r.score <= 1) as fans, sum(r.score >= 4) as haters
    from responses r join accounts a on a.id = r.account_id
    where ${w.sql} ${groupBy.length ? `group by ${groupBy.map((c) => `r.${c}`).join(', ')}` : ''}`
  return sqlite.prepare(sql).all(...w.params) as Grouped<K>[]
}

/** Accounts in scope that were asked or answered in the scope's waves (the heat table's rows). */
export function accountsWithActivity(scope: Scope): number[] {
  const w = scopeWhere(scope, 'i')
  return (sqlite.prepare(`select distinct i.account_id as id from invitations i join accounts a on a.id = i.account_id where ${w.sql}`).all(...w.params) as { id: number }[])
    .map((r) => r.id)
    .sort((a, b) => a - b)
}

export type Privacy = { confidential: boolean; k: number }
export const strictest = (waves: Pick<Wave, 'anonymity' | 'minAnswers'>[]): Privacy => {
  const conf = waves.filter((w) => w.anonymity === 'confidential')
  return { confidential: conf.length > 0, k: conf.length ? Math.max(...conf.map((w) => w.minAnswers)) : 0 }
}

/** What the spec allows to be shown: answers, and under confidentiality at least k distinct people. */
export const showable = (s: Stats | undefined, privacy: Privacy) => !!s && s.n > 0 && (!privacy.confidential || s.people >= privacy.k)
export const hateIndexOf = (s: Stats) => (100 * (s.haters - s.fans)) / s.n
export const meanOf = (s: Stats) => s.sum / s.n

// ——— Bulk data: many responses in one named wave, written straight into SQLite ———

export type BulkWave = { waveId: number; waveName: string; responses: number }

const WORDS = ['support', 'tickets', 'deadline', 'invoice', 'release', 'quality', 'answer', 'slow', 'great', 'report', 'team', 'budget']

/**
 * A closed named wave with `responses` answers over `accounts` accounts (one new
 * stakeholder per answer), inserted with prepared statements in one transaction.
 * Comments are long enough to make a multi-megabyte CSV and include commas, quotes
 * and line breaks.
 */
export function bulkNamedWave({ responses, accounts, name, now = new Date() }: { responses: number; accounts: number; name: string; now?: Date }): BulkWave {
  const sendAt = now.getTime() - 60 * DAY
  const closesAt = sendAt + 14 * DAY
  const tx = sqlite.transaction(() => {
    const creator = (sqlite.prepare('select id from users order by id limit 1').get() as { id: number } | undefined)?.id ?? null
    const waveId = Number(
      sqlite
        .prepare(
          `insert into waves (name, created_by_id, levels, questions, follow_up, ask_category, anonymity, min_answers, reminder_policy, send_at, closes_at)
           values (?, ?, ?, ?, ?, 1, 'named', 3, ?, ?, ?)`,
        )
        .run(name, creator, JSON.stringify(LEVELS), JSON.stringify(QUESTIONS), JSON.stringify({ en: 'Why?', ru: 'Почему?' }), JSON.stringify(policy()), sendAt, closesAt).lastInsertRowid,
    )
    const insAccount = sqlite.prepare('insert into accounts (name, domain, arr, status) values (?, ?, ?, ?)')
    const insPerson = sqlite.prepare('insert into stakeholders (account_id, name, email, level, role) values (?, ?, ?, ?, ?)')
    const insInvitation = sqlite.prepare(
      `insert into invitations (wave_id, stakeholder_id, account_id, level, role, locale, token_salt, token_hash, unsubscribe_hash, state)
       values (?, ?, ?, ?, ?, 'en', ?, ?, ?, 'answered')`,
    )
    const insResponse = sqlite.prepare(
      `insert into responses (invitation_id, wave_id, account_id, stakeholder_id, level, role, score, comment, category, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const accountIds: number[] = []
    for (let a = 0; a < accounts; a++) accountIds.push(Number(insAccount.run(`Bulk Client ${a}`, `bulk-${waveId}-${a}.test`, 10_000 * (a + 1), 'active').lastInsertRowid))
    const roles: RelationshipRole[] = ['user', 'buyer', 'both']
    const categories: (ResponseCategory | null)[] = ['support', 'quality', 'deadlines', 'communication', 'pricing', 'product', 'other', null]
    for (let i = 0; i < responses; i++) {
      const accountId = accountIds[i % accounts]
      const level = LEVELS[i % 4]
      const role = roles[i % 3]
      const personId = Number(insPerson.run(accountId, `Bulk Person ${i}`, `bulk${i}@bulk-${waveId}.test`, level, role).lastInsertRowid)
      const invitationId = Number(insInvitation.run(waveId, personId, accountId, level, role, `salt-${waveId}-${i}`, `tok-${waveId}-${i}`, `uns-${waveId}-${i}`).lastInsertRowid)
      const words = Array.from({ length: 8 + (i % 7) }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ')
      const comment =
        i % 10 === 0 ? `Answer ${i}: "${words}", really\nsecond line` : i % 10 === 1 ? '' : i % 10 === 2 ? `=cmd|' /C calc'!A${i} ${words}` : `Answer ${i}, ${words}`
      const at = sendAt + (i % 1000) * 60_000 + i
      insResponse.run(invitationId, waveId, accountId, personId, level, role, i % 11, comment, categories[i % categories.length], at, at)
    }
    return waveId
  })
  const waveId = tx() as number
  return { waveId, waveName: name, responses }
}
