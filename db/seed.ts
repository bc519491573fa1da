/* Loads the demo portfolio (db/demo.ts) into the configured database and prints
   the demo admin's sign-in. `--if-empty` leaves an existing database alone.
   The portfolio: staff, ~25 accounts with people at every level, three past
   survey waves with answers, champion history and the at-risk queue played
   through the product's own code at the moments they happened, and one open wave
   whose invitations the server's dispatcher delivers to the dev mailbox on start. */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { and, eq, inArray } from 'drizzle-orm'
import { LEVELS, LOCALES, type StaffRole } from '#app/domain/vocabulary'
import { DEFAULT_REMINDER, type ReminderPolicy, type WaveQuestions } from '#app/domain/waves'
import { messages } from '#app/i18n/messages'
import { addNote, addRecoveryIssue, itemsOfAccount, proposeConcession, sendItemLetters, updateStep } from '#app/models/queue.server'
import { closeItem } from '#app/services/queue.server'
// The seed is a script, not a person at a browser: its few audited writes are "system".
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { markDirty } from '#app/models/queue-dirty.server'
import { createWave } from '#app/models/waves.server'
import { db, sqlite, type Tx } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import { invitationLinkHashes, newTokenSalt } from '#app/utils/link-tokens.server'
import { hashPassword } from '#app/utils/password.server'
import { decideOnConcession, recomputeQueue, refreshQueue } from '#app/services/queue.server'
import { DEMO_ADMIN_EMAIL, DEMO_PAST_WAVES, DEMO_QUEUE_STORIES, DEMO_STAFF, demoAnswer, demoPortfolio, storyAnswer, type DemoQueueWork } from './demo'
import { accounts, accountTeamMembers, championEvents, concessions, invitations, outbox, queueSteps, responseRevisions, responses, stakeholders, users, waves } from './schema'

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
  const { staffIds, accountIds } = db.transaction((tx) => {
    const staffIds = new Map<string, number>()
    for (const s of DEMO_STAFF) {
      staffIds.set(s.key, tx.insert(users).values({ email: s.email, name: s.name, role: s.role, passwordHash: hash }).returning({ id: users.id }).get().id)
    }
    const waveIds = seedPastWaves(tx, today)
    const accountIds = new Map<string, number>()
    portfolio.forEach((a, accountIndex) => {
      const renewal = new Date(today.getTime() + a.renewalInDays * DAY).toISOString().slice(0, 10)
      const { id } = tx
        .insert(accounts)
        .values({ name: a.name, domain: a.domain, industry: a.industry, arr: a.arr, renewalDate: renewal, strategic: a.strategic, ownerId: staffIds.get(a.owner) })
        .returning({ id: accounts.id })
        .get()
      accountIds.set(a.name, id)
      tx.insert(accountTeamMembers).values(a.team.map((k) => ({ accountId: id, userId: staffIds.get(k)! }))).run()
      const people = tx.insert(stakeholders).values(a.people.map((p) => ({ ...p, accountId: id }))).returning().all()
      seedPastAnswers(tx, { waveIds, accountIndex, accountName: a.name, accountId: id, people, today })
    })
    return { staffIds, accountIds }
  })
  const adminId = staffIds.get('admin')!
  const champions = seedChampionHistory(adminId, today)
  seedQueueHistory({ today, staffIds, accountIds, champions })
  // The open wave goes through the product's own path: invitations and outbox in one transaction.
  // NOTE: created after the queue's history, whose last recompute is at `today`: see seedQueueHistory.
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
  {
    waveIds,
    accountIndex,
    accountName,
    accountId,
    people,
    today,
  }: { waveIds: number[]; accountIndex: number; accountName: string; accountId: number; people: (typeof stakeholders.$inferSelect)[]; today: Date },
) {
  DEMO_PAST_WAVES.forEach((w, waveIndex) => {
    const sentAt = new Date(today.getTime() - w.daysAgo * DAY)
    people.forEach((p, personIndex) => {
      if (p.status !== 'active') return
      const nth = people.slice(0, personIndex).filter((q) => q.level === p.level).length
      const story = storyAnswer({ accountName, waveIndex, level: p.level, nth })
      // Champions answered every wave (cooling and silence are seeded on purpose, below).
      const answer = story !== undefined ? story : (demoAnswer({ accountIndex, level: p.level, locale: p.locale, waveIndex, personIndex }) ?? (p.isChampion ? { score: 1, comment: '', category: null } : null))
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

/** Something that happened on a day of the demo's past. */
type Moment = { at: Date; run: () => void }
/** A champion event, and the account it may move in the queue. */
type ChampionMoment = Moment & { accountId: number }

/**
 * Champion history: every champion was designated months ago; then one left (learned
 * from a bounce), one left (the respondent said so), one is cooling (their score rose
 * from 1 to 6), one may have left (a re-import dropped them, awaiting confirmation) and
 * one named a successor (awaiting confirmation). Accounts without a champion stay so.
 * The designations (and the cooling champion's answers) are written now; the later
 * events come back as moments, for the queue's history to play in order.
 */
function seedChampionHistory(adminId: number, today: Date): ChampionMoment[] {
  const at = (daysAgo: number) => new Date(today.getTime() - daysAgo * DAY)
  const champions = db.transaction((tx) => {
    const champions = tx.select({ id: stakeholders.id, accountId: stakeholders.accountId, name: stakeholders.name }).from(stakeholders).where(eq(stakeholders.isChampion, true)).orderBy(stakeholders.accountId).all()
    for (const c of champions) tx.insert(championEvents).values({ accountId: c.accountId, kind: 'designated', toStakeholderId: c.id, source: 'import', note: 'Named champion in the first stakeholder import.', createdAt: at(200) }).run()
    return champions
  })
  const [bounced, left, cooling, possiblyLeft, suggesting] = champions.filter((_, i) => i % 4 === 1)
  // Make the cooling real in the answers: their last two answers were 1, then 6.
  db.transaction((tx) => {
    const theirs = tx.select({ id: responses.id }).from(responses).where(eq(responses.stakeholderId, cooling.id)).orderBy(responses.waveId).all()
    theirs.forEach((r, i) => tx.update(responses).set({ score: i === theirs.length - 1 ? 6 : 1 }).where(eq(responses.id, r.id)).run())
  })

  const event = (values: typeof championEvents.$inferInsert) => db.insert(championEvents).values(values).returning({ id: championEvents.id }).get().id
  /** An event reported `daysAgo` and awaiting confirmation; the admin confirms it a day later (and `then` updates the person). */
  const reportedThenConfirmed = (values: Omit<typeof championEvents.$inferInsert, 'pending' | 'createdAt'>, daysAgo: number, then?: (tx: Tx) => void): ChampionMoment[] => {
    let eventId = 0
    return [
      { at: at(daysAgo), accountId: values.accountId, run: () => (eventId = event({ ...values, pending: true, createdAt: at(daysAgo) })) },
      {
        at: at(daysAgo - 1),
        accountId: values.accountId,
        run: () =>
          db.transaction((tx) => {
            tx.insert(championEvents).values({ accountId: values.accountId, kind: 'confirmed', refersTo: eventId, source: 'manual', createdById: adminId, createdAt: at(daysAgo - 1) }).run()
            then?.(tx)
          }),
      },
    ]
  }
  const awaiting = (values: Omit<typeof championEvents.$inferInsert, 'pending' | 'createdAt'>, daysAgo: number): ChampionMoment => ({
    at: at(daysAgo),
    accountId: values.accountId,
    run: () => void event({ ...values, pending: true, createdAt: at(daysAgo) }),
  })
  return [
    ...reportedThenConfirmed({ accountId: bounced.accountId, kind: 'at_risk', fromStakeholderId: bounced.id, reason: 'bounced', source: 'bounce', note: 'Bounce: mailbox does not exist' }, 25, (tx) =>
      tx.update(stakeholders).set({ status: 'bounced', isChampion: false }).where(eq(stakeholders.id, bounced.id)).run(),
    ),
    ...reportedThenConfirmed({ accountId: left.accountId, kind: 'left', fromStakeholderId: left.id, reason: 'left_company', source: 'respondent', note: 'The champion says they have left the company.' }, 20, (tx) =>
      tx.update(stakeholders).set({ status: 'left', isChampion: false }).where(eq(stakeholders.id, left.id)).run(),
    ),
    ...reportedThenConfirmed({ accountId: cooling.accountId, kind: 'cooling', fromStakeholderId: cooling.id, reason: 'cooled', source: 'survey_pattern', note: 'Their score went from 1 to 6.' }, 15),
    // Two days ago, so the item it opens (Margie Travel) has its remaining steps on time today.
    awaiting({ accountId: possiblyLeft.accountId, kind: 'possibly_left', fromStakeholderId: possiblyLeft.id, reason: 'left_company', source: 'import', note: 'A stakeholder re-import no longer lists the champion.' }, 2),
    awaiting(
      {
        accountId: suggesting.accountId,
        kind: 'successor_suggested',
        fromStakeholderId: suggesting.id,
        source: 'respondent',
        suggestedName: 'Jordan Blake',
        suggestedEmail: `jordan.blake@${suggesting.name.split(' ')[0].toLowerCase()}.example`,
        note: 'Suggests Jordan Blake should answer instead.',
      },
      1,
    ),
  ]
}

/** When the queue looks at the whole portfolio again: as each past wave's answers are in, and once the Autumn wave has closed (silence counts from then). */
const QUEUE_RECOMPUTE_DAYS_AGO = [87, 27, 15]

/**
 * The at-risk queue's history, through the product's own code at the moments things
 * happened: full recomputes as waves' answers arrive, the champion events (each marks
 * its account, as the app's writers do, and the queue refreshes), and the team's work
 * from DEMO_QUEUE_STORIES on whatever item the triage opened. A story whose item is
 * not there (the triage changed) stops the seed with the story's name.
 * NOTE: the last recompute is at `today`, before the open wave exists.
 */
function seedQueueHistory({ today, staffIds, accountIds, champions }: { today: Date; staffIds: Map<string, number>; accountIds: Map<string, number>; champions: ChampionMoment[] }) {
  const at = (daysAgo: number) => new Date(today.getTime() - daysAgo * DAY)
  const staff = new Map(DEMO_STAFF.map((s) => [s.key, { id: staffIds.get(s.key)!, role: s.role as StaffRole }]))
  const moments: Moment[] = [
    ...QUEUE_RECOMPUTE_DAYS_AGO.map((d) => ({ at: at(d), run: () => void recomputeQueue({ now: at(d) }) })),
    ...champions.map((m) => ({
      at: m.at,
      run: () => {
        m.run()
        markDirty(m.accountId, m.at)
        refreshQueue({ now: m.at })
      },
    })),
    ...Object.entries(DEMO_QUEUE_STORIES).flatMap(([name, story]) =>
      (story.work ?? []).map((w) => {
        const accountId = accountIds.get(name)
        if (!accountId) throw new Error(`Demo queue story: no account named ${name}.`)
        return { at: at(w.daysAgo), run: () => doWork({ name, accountId, work: w, now: at(w.daysAgo), staff }) }
      }),
    ),
  ]
  // Stable: at the same moment, recomputes first, then events, then work, each in its listed order.
  moments.sort((a, b) => a.at.getTime() - b.at.getTime())
  for (const m of moments) m.run()
  recomputeQueue({ now: today })
}

function doWork({ name, accountId, work, now, staff }: { name: string; accountId: number; work: DemoQueueWork; now: Date; staff: Map<string, { id: number; role: StaffRole }> }) {
  const item = itemsOfAccount({ accountId }).find((i) => i.status === 'open')
  if (!item) throw new Error(`Demo queue story "${name}": no open item ${work.daysAgo} days ago for "${work.do}". Did the triage change?`)
  const user = staff.get(work.by)
  if (!user) throw new Error(`Demo queue story "${name}": no staff member "${work.by}".`)
  const day = (days: number) => new Date(now.getTime() + days * DAY).toISOString().slice(0, 10)
  const stepId = (key: string) => db.select({ id: queueSteps.id }).from(queueSteps).where(and(eq(queueSteps.itemId, item.id), eq(queueSteps.key, key))).get()!.id
  const base = { itemId: item.id, userId: user.id, now }
  switch (work.do) {
    case 'done':
      return updateStep({ ...base, stepId: stepId(work.step), action: 'done' })
    case 'skip':
      return updateStep({ ...base, stepId: stepId(work.step), action: 'skip', reason: work.reason })
    case 'assign':
      return updateStep({ ...base, stepId: stepId(work.step), action: 'assign', assigneeId: staff.get(work.to)!.id })
    case 'note':
      return addNote({ ...base, text: work.text })
    case 'plan':
      return addRecoveryIssue({ ...base, issue: { issue: work.issue, rootCause: work.rootCause, fix: work.fix, owner: work.owner, deadline: day(work.deadlineInDays), metric: work.metric } })
    case 'message': {
      const people = db
        .select({ id: stakeholders.id })
        .from(stakeholders)
        .where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.status, 'active'), inArray(stakeholders.level, work.toLevels)))
        .all()
      sendItemLetters({ ...base, stakeholderIds: people.map((p) => p.id), subject: work.subject, body: work.body })
      return
    }
    case 'propose':
      proposeConcession({ ...base, concession: { type: work.type, percent: work.percent, term: work.term, rationale: work.rationale, expectedResult: work.expectedResult, expiry: day(work.expiryInDays) } })
      return
    case 'decide': {
      const pending = db.select({ id: concessions.id }).from(concessions).where(and(eq(concessions.itemId, item.id), eq(concessions.status, 'pending'))).get()
      if (!pending) throw new Error(`Demo queue story "${name}": no concession to decide.`)
      // The approval limits apply here too: a story cannot approve above its approver's limit.
      decideOnConcession({ user: { ...user, approvalLimit: null }, itemId: item.id, concessionId: pending.id, decision: work.decision, note: work.note, now, actor: SYSTEM_ACTOR })
      return
    }
    case 'close':
      return closeItem({ ...base, outcome: work.outcome, reason: work.reason, actor: SYSTEM_ACTOR })
  }
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
