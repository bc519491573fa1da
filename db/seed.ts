/* Loads the demo portfolio (db/demo.ts) into the configured database and prints
   the demo admin's sign-in. `--if-empty` leaves an existing database alone.
   The portfolio: staff, ~25 accounts with people at every level, three past
   survey waves with answers, and one open wave whose invitations the server's
   dispatcher delivers to the dev mailbox on start. */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { LEVELS, LOCALES } from '#app/domain/vocabulary'
import { DEFAULT_REMINDER, type ReminderPolicy, type WaveQuestions } from '#app/domain/waves'
import { messages } from '#app/i18n/messages'
import { createWave } from '#app/models/waves.server'
import { db, sqlite, type Tx } from '#app/services/db.server'
import { getEnv } from '#app/services/env.server'
import { invitationLinkHashes, newTokenSalt } from '#app/services/link-tokens.server'
import { hashPassword } from '#app/services/password.server'
import { DEMO_ADMIN_EMAIL, DEMO_PAST_WAVES, DEMO_STAFF, demoAnswer, demoPortfolio } from './demo'
import { accounts, accountTeamMembers, championEvents, invitations, outbox, responseRevisions, responses, stakeholders, users, waves } from './schema'

const DAY = 86_400_000

/** DEMO_PASSWORD wins; otherwise a generated one, kept beside the database. */
function demoPassword(databasePath: string, configured?: string): string {
  if (configured) return configured
  const file = path.join(path.dirname(path.resolve(databasePath)), 'demo-password')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const password = randomBytes(9).toString('base64url')
  writeFileSync(file, password, { mode: 0o600 })
  return password
}

const defaultQuestions = () =>
  Object.fromEntries(LEVELS.map((level) => [level, Object.fromEntries(LOCALES.map((l) => [l, messages[l].defaultQuestion[level]]))])) as WaveQuestions
const defaultFollowUp = () => Object.fromEntries(LOCALES.map((l) => [l, messages[l].defaultFollowUp])) as Record<(typeof LOCALES)[number], string>
const defaultReminders = () => Object.fromEntries(LEVELS.map((l) => [l, { ...DEFAULT_REMINDER }])) as ReminderPolicy

export async function seedDemo(password: string, today = new Date()) {
  const hash = await hashPassword(password)
  const portfolio = demoPortfolio()
  const adminId = db.transaction((tx) => {
    const staffIds = new Map<string, number>()
    for (const s of DEMO_STAFF) {
      staffIds.set(s.key, tx.insert(users).values({ email: s.email, name: s.name, role: s.role, passwordHash: hash }).returning({ id: users.id }).get().id)
    }
    const waveIds = seedPastWaves(tx, today)
    portfolio.forEach((a, accountIndex) => {
      const renewal = new Date(today.getTime() + a.renewalInDays * DAY).toISOString().slice(0, 10)
      const { id } = tx
        .insert(accounts)
        .values({ name: a.name, domain: a.domain, industry: a.industry, arr: a.arr, renewalDate: renewal, strategic: a.strategic, status: a.status, ownerId: staffIds.get(a.owner) })
        .returning({ id: accounts.id })
        .get()
      tx.insert(accountTeamMembers).values(a.team.map((k) => ({ accountId: id, userId: staffIds.get(k)! }))).run()
      const people = tx.insert(stakeholders).values(a.people.map((p) => ({ ...p, accountId: id }))).returning().all()
      seedPastAnswers(tx, { waveIds, accountIndex, accountId: id, people, today })
    })
    return staffIds.get('admin')!
  })
  seedChampionHistory(adminId, today)
  // The open wave goes through the product's own path: invitations and outbox in one transaction.
  createWave({
    name: 'Winter pulse',
    createdById: adminId,
    selection: { mode: 'all' },
    levels: [...LEVELS],
    questions: defaultQuestions(),
    followUp: defaultFollowUp(),
    askCategory: true,
    anonymity: 'confidential',
    minAnswers: 3,
    reminderPolicy: defaultReminders(),
    sendAt: today,
    closesAt: new Date(today.getTime() + 14 * DAY),
  })
}


function seedPastWaves(tx: Tx, today: Date): number[] {
  return DEMO_PAST_WAVES.map((w, i) => {
    const sendAt = new Date(today.getTime() - w.daysAgo * DAY)
    return tx
      .insert(waves)
      .values({
        name: w.name,
        levels: [...LEVELS],
        questions: defaultQuestions(),
        followUp: defaultFollowUp(),
        askCategory: true,
        anonymity: i === 1 ? 'named' : 'confidential',
        minAnswers: 3,
        reminderPolicy: defaultReminders(),
        sendAt,
        closesAt: new Date(sendAt.getTime() + w.openDays * DAY),
        createdAt: sendAt,
      })
      .returning({ id: waves.id })
      .get().id
  })
}

function seedPastAnswers(
  tx: Tx,
  { waveIds, accountIndex, accountId, people, today }: { waveIds: number[]; accountIndex: number; accountId: number; people: (typeof stakeholders.$inferSelect)[]; today: Date },
) {
  DEMO_PAST_WAVES.forEach((w, waveIndex) => {
    const sentAt = new Date(today.getTime() - w.daysAgo * DAY)
    people.forEach((p, personIndex) => {
      if (p.status !== 'active') return
      // Champions answered every wave (cooling and silence are seeded on purpose, below).
      const answer = demoAnswer({ accountIndex, level: p.level, locale: p.locale, waveIndex, personIndex }) ?? (p.isChampion ? { score: 1, comment: '', category: null } : null)
      const { id: invitationId } = tx
        .insert(invitations)
        .values({ waveId: waveIds[waveIndex], stakeholderId: p.id, accountId, level: p.level, role: p.role, locale: p.locale, ...invitationLinkHashes(newTokenSalt()), state: answer ? 'answered' : 'sent', lastSentAt: sentAt, createdAt: sentAt })
        .returning({ id: invitations.id })
        .get()
      tx.insert(outbox).values({ kind: 'invitation', invitationId, idempotencyKey: `invitation/${invitationId}`, status: 'sent', notBefore: sentAt, sentAt, providerId: `demo-${invitationId}`, createdAt: sentAt }).run()
      if (!answer) return
      const answeredAt = new Date(sentAt.getTime() + ((personIndex % 5) + 1) * DAY / 2)
      const { id: responseId } = tx
        .insert(responses)
        .values({ invitationId, waveId: waveIds[waveIndex], accountId, stakeholderId: p.id, level: p.level, role: p.role, score: answer.score, comment: answer.comment, category: answer.category, createdAt: answeredAt, updatedAt: answeredAt })
        .returning({ id: responses.id })
        .get()
      tx.insert(responseRevisions).values({ responseId, submissionId: `demo-${invitationId}`, score: answer.score, comment: answer.comment, category: answer.category, createdAt: answeredAt }).run()
    })
  })
}

/**
 * Champion history: every champion was designated months ago; then one left (learned
 * from a bounce), one left (the respondent said so), one is cooling (their score rose
 * from 1 to 6), one may have left (a re-import dropped them, awaiting confirmation) and
 * one named a successor (awaiting confirmation). Accounts without a champion stay so.
 */
function seedChampionHistory(adminId: number, today: Date) {
  const at = (daysAgo: number) => new Date(today.getTime() - daysAgo * DAY)
  db.transaction((tx) => {
    const champions = tx.select({ id: stakeholders.id, accountId: stakeholders.accountId, name: stakeholders.name }).from(stakeholders).where(eq(stakeholders.isChampion, true)).orderBy(stakeholders.accountId).all()
    for (const c of champions) tx.insert(championEvents).values({ accountId: c.accountId, kind: 'designated', toStakeholderId: c.id, source: 'import', note: 'Named champion in the first stakeholder import.', createdAt: at(200) }).run()
    const [bounced, left, cooling, possiblyLeft, suggesting] = champions.filter((_, i) => i % 4 === 1)
    const decide = (event: { id: number }, accountId: number, when: Date) =>
      tx.insert(championEvents).values({ accountId, kind: 'confirmed', refersTo: event.id, source: 'manual', createdById: adminId, createdAt: when }).run()
    const event = (values: typeof championEvents.$inferInsert) => tx.insert(championEvents).values(values).returning({ id: championEvents.id }).get()

    const bounce = event({ accountId: bounced.accountId, kind: 'at_risk', fromStakeholderId: bounced.id, reason: 'bounced', source: 'bounce', pending: true, note: 'Bounce: mailbox does not exist', createdAt: at(25) })
    decide(bounce, bounced.accountId, at(24))
    tx.update(stakeholders).set({ status: 'bounced', isChampion: false }).where(eq(stakeholders.id, bounced.id)).run()

    const gone = event({ accountId: left.accountId, kind: 'left', fromStakeholderId: left.id, reason: 'left_company', source: 'respondent', pending: true, note: 'The champion says they have left the company.', createdAt: at(20) })
    decide(gone, left.accountId, at(19))
    tx.update(stakeholders).set({ status: 'left', isChampion: false }).where(eq(stakeholders.id, left.id)).run()

    // Make the cooling real in the answers: their last two answers were 1, then 6.
    const theirs = tx.select({ id: responses.id }).from(responses).where(eq(responses.stakeholderId, cooling.id)).orderBy(responses.waveId).all()
    theirs.forEach((r, i) => tx.update(responses).set({ score: i === theirs.length - 1 ? 6 : 1 }).where(eq(responses.id, r.id)).run())
    const cooled = event({ accountId: cooling.accountId, kind: 'cooling', fromStakeholderId: cooling.id, reason: 'cooled', source: 'survey_pattern', pending: true, note: 'Their score went from 1 to 6.', createdAt: at(15) })
    decide(cooled, cooling.accountId, at(14))

    event({ accountId: possiblyLeft.accountId, kind: 'possibly_left', fromStakeholderId: possiblyLeft.id, reason: 'left_company', source: 'import', pending: true, note: 'A stakeholder re-import no longer lists the champion.', createdAt: at(3) })
    event({ accountId: suggesting.accountId, kind: 'successor_suggested', fromStakeholderId: suggesting.id, source: 'respondent', pending: true, suggestedName: 'Jordan Blake', suggestedEmail: `jordan.blake@${suggesting.name.split(' ')[0].toLowerCase()}.example`, note: 'Suggests Jordan Blake should answer instead.', createdAt: at(2) })
  })
}

async function main() {
  const env = getEnv()
  const password = demoPassword(env.DATABASE_PATH, env.DEMO_PASSWORD)
  const ifEmpty = process.argv.includes('--if-empty')
  const hasUsers = db.select({ id: users.id }).from(users).limit(1).get()
  if (hasUsers && !ifEmpty) {
    console.error(`The database at ${env.DATABASE_PATH} already has data; delete it to seed again.`)
    process.exit(1)
  }
  if (!hasUsers) {
    await seedDemo(password)
    console.log(`Seeded the demo portfolio into ${env.DATABASE_PATH}.`)
  } else if (env.DEMO_PASSWORD) {
    // Scripted runs set the password they will use, whatever the database had.
    db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.email, DEMO_ADMIN_EMAIL)).run()
  }
  sqlite.close()
  console.log(
    [
      '',
      '  Hatescale demo',
      `  Open ${env.APP_URL} and sign in as ${DEMO_ADMIN_EMAIL} with password ${password}`,
      '  (every demo staff user, e.g. maria@hatescale.demo, has the same password)',
      '  The open "Winter pulse" wave is delivered to the dev mailbox: /dev/mailbox',
      '',
    ].join('\n'),
  )
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main()
}
