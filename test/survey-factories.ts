/* Survey-loop test data: waves created through the app's own createWave, the link
   tokens of an invitation (re-derived from its salt, as the mailer does), signed
   webhook deliveries, and snapshots of the tables a public request must not touch. */
import { Webhook } from 'standardwebhooks'
import { DEFAULT_REMINDER, type ReminderPolicy, type WaveQuestions } from '#app/domain/waves'
import { LEVELS, type AnonymityMode, type Level } from '#app/domain/vocabulary'
import { createWave } from '#app/models/waves.server'
import { sqlite } from '#app/utils/db.server'
import { linkToken } from '#app/utils/link-tokens.server'
import { makeAccount, makeStakeholder, makeUser } from '#test/factories'
import { TEST_WEBHOOK_SECRET } from '#test/setup/paths'

export const DAY = 86_400_000

let creator: Promise<number> | undefined
/** One staff user per test file creates every wave (waves.created_by_id is a real foreign key). */
export function waveCreatorId(): Promise<number> {
  creator ??= makeUser('service_manager').then((u) => u.id)
  return creator
}

export const QUESTIONS: WaveQuestions = Object.fromEntries(
  LEVELS.map((level) => [level, { en: `How much do you hate us right now (${level})?`, ru: `Насколько вы нас ненавидите (${level})?` }]),
) as WaveQuestions

export const policy = (overrides: Partial<ReminderPolicy> = {}): ReminderPolicy =>
  ({ ...Object.fromEntries(LEVELS.map((l) => [l, { ...DEFAULT_REMINDER }])), ...overrides }) as ReminderPolicy

export type Recipient = { stakeholderId: number; email: string; name: string; level: Level }

export type TestWave = {
  waveId: number
  accountId: number
  recipients: Recipient[]
  /** Invitation ids in the order of `recipients`. */
  invitationIds: number[]
}

/**
 * A wave to one fresh account with `count` active stakeholders (or the given levels,
 * one person each), created by the app's createWave. Defaults: sent now, open 14 days.
 */
export async function makeWave({
  count = 1,
  levels,
  sendAt = new Date(),
  closesAt,
  reminderPolicy = policy(),
  anonymity = 'confidential',
  accountId,
}: {
  count?: number
  /** One stakeholder per entry, at that level (overrides count). */
  levels?: Level[]
  sendAt?: Date
  closesAt?: Date
  reminderPolicy?: ReminderPolicy
  anonymity?: AnonymityMode
  /** Reuse an account (its active people are all invited); otherwise a new one. */
  accountId?: number
} = {}): Promise<TestWave> {
  const createdById = await waveCreatorId()
  const account = accountId ?? makeAccount().id
  const people: Recipient[] = []
  if (accountId === undefined) {
    for (const level of levels ?? Array.from({ length: count }, () => 'executor' as Level)) {
      const s = makeStakeholder(account, { level })
      people.push({ stakeholderId: s.id, email: s.email, name: s.name, level })
    }
  }
  const waveLevels = levels ? [...new Set(levels)] : accountId === undefined ? ['executor' as Level] : [...LEVELS]
  const { waveId } = createWave({
    name: `Wave for account ${account}`,
    createdById,
    selection: { mode: 'picked', accountIds: [account] },
    levels: waveLevels,
    questions: QUESTIONS,
    followUp: { en: 'What should we fix first?', ru: 'Что исправить в первую очередь?' },
    askCategory: true,
    anonymity,
    minAnswers: 3,
    reminderPolicy,
    sendAt,
    closesAt: closesAt ?? new Date(sendAt.getTime() + 14 * DAY),
  })
  const rows = sqlite
    .prepare('select i.id, i.stakeholder_id as stakeholderId, s.email, s.name, i.level from invitations i join stakeholders s on s.id = i.stakeholder_id where i.wave_id = ? order by i.id')
    .all(waveId) as { id: number; stakeholderId: number; email: string; name: string; level: Level }[]
  const recipients = accountId === undefined ? people : rows.map(({ id: _id, ...r }) => r)
  const invitationIds = recipients.map((p) => rows.find((r) => r.stakeholderId === p.stakeholderId)!.id)
  return { waveId, accountId: account, recipients, invitationIds }
}

function saltOf(invitationId: number): string {
  const row = sqlite.prepare('select token_salt as salt from invitations where id = ?').get(invitationId) as { salt: string } | undefined
  if (!row) throw new Error(`no invitation ${invitationId}`)
  return row.salt
}

/** The /s/:token token of an invitation, derived from its stored salt like the mailer does. */
export const surveyToken = (invitationId: number) => linkToken('survey', invitationId, saltOf(invitationId))
/** The /u/:token token of an invitation. */
export const unsubscribeToken = (invitationId: number) => linkToken('unsubscribe', invitationId, saltOf(invitationId))

let svixCounter = 0
export const newSvixId = () => `msg_test_${Date.now().toString(36)}_${++svixCounter}`

/** Headers and body of a Resend (Svix-signed) webhook delivery. */
export function signedWebhook(
  event: unknown,
  { msgId = newSvixId(), at = new Date(), secret = TEST_WEBHOOK_SECRET }: { msgId?: string; at?: Date; secret?: string } = {},
) {
  const body = typeof event === 'string' ? event : JSON.stringify(event)
  const signature = new Webhook(secret).sign(msgId, at, body)
  return {
    msgId,
    body,
    headers: {
      'content-type': 'application/json',
      'svix-id': msgId,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': signature,
    } as Record<string, string>,
  }
}

/** A Resend email event about one sent message. */
export function emailEvent(type: string, emailId: string, extra: Record<string, unknown> = {}) {
  return { type, created_at: new Date().toISOString(), data: { email_id: emailId, to: ['someone@client.test'], subject: 'Survey', ...extra } }
}

const SNAPSHOT_TABLES = [
  'responses',
  'response_revisions',
  'invitations',
  'stakeholders',
  'outbox',
  'dev_mailbox',
  'stakeholder_suggestions',
  'webhook_events',
  'waves',
] as const

/** Every row of the survey-loop tables, as one string to compare before/after. */
export function snapshot(tables: readonly string[] = SNAPSHOT_TABLES): string {
  return JSON.stringify(Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`select * from ${t} order by rowid`).all()])))
}

export type Row = Record<string, unknown>
export const rows = (query: string, ...params: unknown[]) => sqlite.prepare(query).all(...params) as Row[]
export const row = (query: string, ...params: unknown[]) => sqlite.prepare(query).get(...params) as Row | undefined
export const count = (query: string, ...params: unknown[]) => Number((sqlite.prepare(query).get(...params) as { n: number }).n)

/** Messages in the dev mailbox per recipient address. */
export function mailboxCount(email: string): number {
  return count('select count(*) as n from dev_mailbox where "to" = ?', email)
}

/** Stop whatever earlier tests in this file left waiting, so each test sees only its own messages. */
export function cancelPendingMessages() {
  sqlite.prepare("update outbox set status = 'cancelled', last_error = 'test cleanup' where status in ('queued', 'sending')").run()
}
