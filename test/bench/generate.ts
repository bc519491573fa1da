/* The synthetic portfolio: accounts, people at four levels in both roles, champions,
   8 past survey waves with one invitation per person per wave and their answers
   (some with comments), plus one open "live" wave whose links P1 posts to.
   Written with raw prepared statements in large transactions into a file migrated
   by the app's own openDatabase(); secondary indexes of the big tables are dropped
   for the load and re-created from their own DDL, so the schema stays identical.
   The result is cached by its parameters (and the migrations and this file), and
   copied before every run that writes. */
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase } from '#db/client'
import { LEVELS, LOCALES, type Level, type Locale, type RelationshipRole } from '#app/domain/vocabulary'
import { DEFAULT_REMINDER } from '#app/domain/waves'
import { messages } from '#app/i18n/messages'
import { invitationLinkHashes, linkToken, newTokenSalt } from '#app/utils/link-tokens.server'
import { hashPassword } from '#app/utils/password.server'
import { BENCH_ADMIN_EMAIL, BENCH_PASSWORD, CACHE_DIR, ROOT, type PortfolioParams } from './config'

const DAY = 86_400_000
/** Days before generation each past wave went out (all within the last year, so ?window=365 covers them). */
const WAVE_DAYS_AGO = [340, 295, 250, 205, 160, 115, 70, 25]
const WAVE_OPEN_DAYS = 14
/** Confidential waves (the rest are named); the latest closed wave, the pages' default, is confidential. */
const CONFIDENTIAL_WAVES = new Set([0, 2, 5, 7])
const LIVE_WAVE_NAME = 'Live pulse (bench)'

export type PortfolioMeta = {
  key: string
  file: string
  params: PortfolioParams
  generatedAt: number
  generationSeconds: number
  adminEmail: string
  password: string
  liveWaveId: number
  /** Survey tokens of the live wave's invitations, in invitation order. */
  liveTokens: string[]
  /** A typical account for the account page (not in the live wave). */
  sampleAccountId: number
  counts: Record<string, number>
  bytes: number
}

/** Mulberry32: small and deterministic. */
function prng(seed: number) {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function cacheKey(params: PortfolioParams): string {
  const hash = createHash('sha256').update(JSON.stringify(params))
  hash.update(readFileSync(new URL(import.meta.url)))
  const migrations = path.join(ROOT, 'db', 'migrations')
  for (const file of readdirSync(migrations).filter((f) => f.endsWith('.sql')).sort()) hash.update(file).update(readFileSync(path.join(migrations, file)))
  return hash.digest('hex').slice(0, 16)
}

function cachePaths(params: PortfolioParams) {
  const key = cacheKey(params)
  const base = path.join(CACHE_DIR, `portfolio-${params.accounts}-${key}`)
  return { key, db: `${base}.db`, meta: `${base}.json` }
}

/** The cached portfolio for these parameters, generated first when missing (or when `fresh`). */
export async function ensurePortfolio(params: PortfolioParams, { fresh, log }: { fresh: boolean; log: (line: string) => void }): Promise<PortfolioMeta & { reused: boolean }> {
  const paths = cachePaths(params)
  if (!fresh && existsSync(paths.db) && existsSync(paths.meta)) {
    const meta = JSON.parse(readFileSync(paths.meta, 'utf8')) as PortfolioMeta
    return { ...meta, file: paths.db, reused: true }
  }
  mkdirSync(CACHE_DIR, { recursive: true })
  // Older portfolios of the same size are stale (other parameters, schema or generator).
  for (const f of readdirSync(CACHE_DIR)) if (f.startsWith(`portfolio-${params.accounts}-`)) rmSync(path.join(CACHE_DIR, f), { force: true })
  const tmp = `${paths.db}.tmp`
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true })
  log(`generating the portfolio (${params.accounts.toLocaleString('en')} accounts, ${params.stakeholders.toLocaleString('en')} people, ${params.responses.toLocaleString('en')} responses)…`)
  const started = performance.now()
  const meta = await generate(tmp, params, paths.key)
  meta.generationSeconds = (performance.now() - started) / 1000
  renameSync(tmp, paths.db)
  meta.file = paths.db
  writeFileSync(paths.meta, JSON.stringify(meta))
  log(`generated in ${meta.generationSeconds.toFixed(1)} s (${(meta.bytes / 1e6).toFixed(0)} MB)`)
  return { ...meta, reused: false }
}

/**
 * A copy for one run. Wave dates are shifted by the cache's age, so a portfolio
 * generated days ago still has its live wave open and every wave within the last year.
 */
export function copyPortfolio(meta: PortfolioMeta, dest: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dest + suffix, { force: true })
  mkdirSync(path.dirname(dest), { recursive: true })
  copyFileSync(meta.file, dest)
  const shift = Date.now() - meta.generatedAt
  const db = new Database(dest)
  try {
    db.pragma('journal_mode = WAL')
    db.prepare('update waves set send_at = send_at + ?, closes_at = closes_at + ?, closed_at = closed_at + ?').run(shift, shift, shift)
  } finally {
    db.close()
  }
}

// ——— The data ———

const INDUSTRIES = ['Logistics', 'Healthcare', 'Retail', 'Aviation', 'Banking', 'Insurance', 'Software', 'Media', 'Manufacturing', 'Energy', 'Telecom', 'Pharma', 'Utilities', 'Education', 'Travel', 'Public sector']
const NAME_A = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Volga', 'Adatum', 'Litware', 'Proseware', 'Woodgrove', 'Blue Yonder', 'Coho', 'Lucerne', 'Margie', 'Trey', 'Baltic', 'Alpine', 'Relecloud', 'Southridge', 'Humongous', 'Wingtip', 'Ural', 'Sibir', 'Kazan', 'Nod', 'Graphic']
const NAME_B = ['Logistics', 'Health', 'Retail', 'Airlines', 'Bank', 'Insurance', 'Software', 'Media', 'Steel', 'Energy', 'Telecom', 'Pharma', 'Power', 'Research', 'Freight', 'Foods', 'Systems', 'Partners', 'Group', 'Holdings']
const FIRST = ['Anna', 'Ben', 'Carla', 'Dan', 'Eva', 'Frank', 'Grace', 'Hugo', 'Iris', 'Jack', 'Kim', 'Leo', 'Mia', 'Noah', 'Olivia', 'Paul', 'Quinn', 'Rosa', 'Steve', 'Tara']
const LAST = ['Adams', 'Baker', 'Clark', 'Davis', 'Evans', 'Fisher', 'Green', 'Hall', 'Irwin', 'Jones', 'King', 'Lewis', 'Moore', 'Nash', 'Owens', 'Parker', 'Reed', 'Scott', 'Turner', 'Walsh']
const FIRST_RU = ['Алексей', 'Мария', 'Дмитрий', 'Елена', 'Сергей', 'Ольга', 'Андрей', 'Наталья', 'Павел', 'Ирина']
const LAST_RU = ['Иванов', 'Смирнова', 'Кузнецов', 'Попова', 'Волков', 'Соколова', 'Морозов', 'Лебедева', 'Новиков', 'Орлова']

/** People per level: 13 for even account indexes, 12 for odd ones (12.5 on average). */
const LEVEL_LAYOUT: Record<12 | 13, [Level, number][]> = {
  13: [['top', 2], ['head', 3], ['manager', 3], ['executor', 5]],
  12: [['top', 2], ['head', 3], ['manager', 3], ['executor', 4]],
}
const TITLES: Record<Level, [string, RelationshipRole][]> = {
  executor: [['Support engineer', 'user'], ['Analyst', 'user'], ['Developer', 'user'], ['Operations specialist', 'user']],
  manager: [['Team lead', 'user'], ['Service owner', 'both'], ['Project manager', 'user'], ['Procurement manager', 'buyer']],
  head: [['Head of IT', 'both'], ['Head of Operations', 'user'], ['Finance director', 'buyer'], ['Head of Procurement', 'buyer']],
  top: [['CEO', 'buyer'], ['CIO', 'both'], ['CFO', 'buyer'], ['COO', 'both']],
}

type Category = 'support' | 'quality' | 'deadlines' | 'communication' | 'pricing' | 'product' | 'other'
const COMMENTS: Record<Locale, Record<'happy' | 'meh' | 'angry', [string, Category][]>> = {
  en: {
    happy: [['Support answers within the hour. Keep it up.', 'support'], ['The new release fixed the reports we asked for.', 'product'], ['Our account manager actually listens.', 'communication']],
    meh: [['Tickets get closed before the problem is really solved.', 'support'], ['Status updates come late; we hear about incidents from our own users.', 'communication'], ['The last two releases slipped by a week each.', 'deadlines'], ['Good people, but "urgent" means three days, not three hours.', 'support']],
    angry: [['Third outage this month. We are evaluating Globex as an alternative.', 'quality'], ['Too expensive for what we get. We have to cut costs next year.', 'pricing'], ['Finance is reviewing all vendors, and asked how we would export our data.', 'pricing'], ['Promised features keep slipping. If this goes on we will not renew.', 'deadlines']],
  },
  ru: {
    happy: [['Поддержка отвечает быстро, спасибо.', 'support'], ['Новая версия отчётов — именно то, что мы просили.', 'product']],
    meh: [['Заявки закрывают, не дождавшись решения.', 'support'], ['Об инцидентах узнаём от своих пользователей, а не от вас.', 'communication']],
    angry: [['Третий сбой за месяц. Смотрим в сторону конкурента.', 'quality'], ['Слишком дорого. В следующем году нам нужно сократить расходы.', 'pricing']],
  },
  zh: {
    happy: [['技术支持回复很快，谢谢。', 'support']],
    meh: [['问题还没真正解决，工单就被关闭了。', 'support']],
    angry: [['这个月第三次宕机了。我们正在评估其他供应商。', 'quality']],
  },
  ms: {
    happy: [['Pasukan sokongan menjawab dengan cepat, terima kasih.', 'support']],
    meh: [['Tiket ditutup sebelum masalah benar-benar selesai.', 'support']],
    angry: [['Gangguan kali ketiga bulan ini. Kami sedang menilai pembekal lain.', 'quality']],
  },
}

const defaultQuestions = () => Object.fromEntries(LEVELS.map((level) => [level, Object.fromEntries(LOCALES.map((l) => [l, messages[l].defaultQuestion[level]]))]))
const defaultFollowUp = () => Object.fromEntries(LOCALES.map((l) => [l, messages[l].defaultFollowUp]))

/** Random hex strings, many at a time (unique for all practical purposes: 256 bits). */
function hexPool(count: number): string[] {
  const bytes = randomBytes(count * 32)
  const out = new Array<string>(count)
  for (let i = 0; i < count; i++) out[i] = bytes.toString('hex', i * 32, i * 32 + 32)
  return out
}
function saltPool(count: number): string[] {
  const bytes = randomBytes(count * 32)
  const out = new Array<string>(count)
  for (let i = 0; i < count; i++) out[i] = bytes.subarray(i * 32, i * 32 + 32).toString('base64url')
  return out
}

type Person = { id: number; accountId: number; level: Level; role: RelationshipRole; locale: Locale }

async function generate(file: string, params: PortfolioParams, key: string): Promise<PortfolioMeta> {
  if (params.stakeholders !== Math.floor(params.accounts / 2) * 25 + (params.accounts % 2) * 13) {
    throw new Error('stakeholders must be 12.5 per account (13 and 12 alternating).')
  }
  const invitationsTotal = params.stakeholders * params.waves
  if (params.responses > invitationsTotal) throw new Error(`responses (${params.responses}) exceed invitations (${invitationsTotal}): one response per invitation.`)
  if (params.waves > WAVE_DAYS_AGO.length) throw new Error(`at most ${WAVE_DAYS_AGO.length} past waves.`)

  const { sqlite } = openDatabase(file)
  const now = Date.now()
  const rand = prng(20261123)
  const passwordHash = await hashPassword(BENCH_PASSWORD)

  // Bulk-load settings for this one-off file; the runs open it with the app's own pragmas.
  sqlite.pragma('foreign_keys = OFF')
  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -1000000')
  sqlite.pragma('temp_store = MEMORY')

  const bigTables = ['invitations', 'outbox', 'responses', 'response_revisions']
  const indexes = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${bigTables.map(() => '?').join(',')})`)
    .all(...bigTables) as { name: string; sql: string }[]
  for (const index of indexes) sqlite.exec(`drop index "${index.name}"`)

  // Staff: the bench admin, 8 service managers (account owners), 12 account-team members.
  const insertUser = sqlite.prepare('insert into users (id, email, name, role, password_hash) values (?, ?, ?, ?, ?)')
  const managers: number[] = []
  const team: number[] = []
  sqlite.transaction(() => {
    insertUser.run(1, BENCH_ADMIN_EMAIL, 'Bench Admin', 'admin', passwordHash)
    for (let i = 0; i < 8; i++) managers.push(Number(insertUser.run(2 + i, `manager${i + 1}@hatescale.bench`, `Manager ${FIRST[i]} ${LAST[i]}`, 'service_manager', passwordHash).lastInsertRowid))
    for (let i = 0; i < 12; i++) team.push(Number(insertUser.run(10 + i, `team${i + 1}@hatescale.bench`, `Team ${FIRST[i + 8]} ${LAST[i + 8]}`, 'account_team', passwordHash).lastInsertRowid))
  })()

  // Accounts, their teams and their people.
  const insertAccount = sqlite.prepare('insert into accounts (id, name, domain, industry, arr, renewal_date, strategic, owner_id, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const insertMember = sqlite.prepare('insert into account_team_members (account_id, user_id) values (?, ?)')
  const insertPerson = sqlite.prepare('insert into stakeholders (id, account_id, name, email, title, level, role, locale, is_champion, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const people: Person[] = []
  const temper: number[] = [0]
  sqlite.transaction(() => {
    let personId = 0
    for (let a = 1; a <= params.accounts; a++) {
      const i = a - 1
      const ru = i % 8 === 3
      const arr = Math.round((10_000 * Math.pow(100, rand())) / 1000) * 1000
      const statusRoll = rand()
      const status = statusRoll < 0.85 ? 'active' : statusRoll < 0.93 ? 'at_risk' : statusRoll < 0.97 ? 'saved' : 'churned'
      const renewal = new Date(now + ((i * 37) % 365) * DAY).toISOString().slice(0, 10)
      const name = `${NAME_A[i % NAME_A.length]} ${NAME_B[Math.floor(i / NAME_A.length) % NAME_B.length]} ${String(a).padStart(5, '0')}`
      insertAccount.run(a, name, `acct${a}.example.com`, INDUSTRIES[i % INDUSTRIES.length], arr, renewal, rand() < 0.12 ? 1 : 0, managers[i % managers.length], status, now - 400 * DAY)
      insertMember.run(a, team[i % team.length])
      if (arr >= 250_000) insertMember.run(a, team[(i + 5) % team.length])
      // How much this account hates us (0..10 scale, higher = worse), and whether it is sliding.
      temper.push(1 + rand() * 6)
      const layout = LEVEL_LAYOUT[i % 2 === 0 ? 13 : 12]
      const hasChampion = i % 8 !== 5
      let championSet = false
      let n = 0
      for (const [level, count] of layout) {
        for (let k = 0; k < count; k++) {
          personId++
          n++
          const [title, role] = TITLES[level][(i + n) % TITLES[level].length]
          const locale: Locale = ru && rand() < 0.8 ? 'ru' : 'en'
          const first = locale === 'ru' ? FIRST_RU[(i + n) % FIRST_RU.length] : FIRST[(i * 7 + n) % FIRST.length]
          const last = locale === 'ru' ? LAST_RU[(i + 3 * n) % LAST_RU.length] : LAST[(i * 3 + n) % LAST.length]
          const champion = hasChampion && !championSet && (level === 'head' || level === 'manager') && (i + n) % 3 !== 0
          if (champion) championSet = true
          insertPerson.run(personId, a, `${first} ${last}`, `p${n}@acct${a}.example.com`, title, level, role, locale, champion ? 1 : 0, 'active', now - 400 * DAY)
          people.push({ id: personId, accountId: a, level, role, locale })
        }
      }
    }
  })()
  if (people.length !== params.stakeholders) throw new Error(`generated ${people.length} people, expected ${params.stakeholders}`)

  // Waves: 8 past ones (closed), then the open live wave.
  const insertWave = sqlite.prepare(
    'insert into waves (id, name, created_by_id, levels, questions, follow_up, ask_category, anonymity, min_answers, reminder_policy, send_at, closes_at, created_at) values (?, ?, 1, ?, ?, ?, 1, ?, 3, ?, ?, ?, ?)',
  )
  const levelsJson = JSON.stringify(LEVELS)
  const questionsJson = JSON.stringify(defaultQuestions())
  const followUpJson = JSON.stringify(defaultFollowUp())
  const reminders = JSON.stringify(Object.fromEntries(LEVELS.map((l) => [l, { ...DEFAULT_REMINDER }])))
  const noReminders = JSON.stringify(Object.fromEntries(LEVELS.map((l) => [l, { afterDays: DEFAULT_REMINDER.afterDays, max: 0 }])))
  const waveSendAt: number[] = []
  const seasons = ['Winter', 'Spring', 'Summer', 'Autumn']
  sqlite.transaction(() => {
    for (let w = 0; w < params.waves; w++) {
      const sendAt = now - WAVE_DAYS_AGO[WAVE_DAYS_AGO.length - params.waves + w] * DAY
      waveSendAt.push(sendAt)
      insertWave.run(w + 1, `${seasons[w % 4]} pulse ${w + 1}`, levelsJson, questionsJson, followUpJson, CONFIDENTIAL_WAVES.has(w) ? 'confidential' : 'named', reminders, sendAt, sendAt + WAVE_OPEN_DAYS * DAY, sendAt)
    }
    insertWave.run(params.waves + 1, LIVE_WAVE_NAME, levelsJson, questionsJson, followUpJson, 'confidential', noReminders, now - 2 * DAY, now + 28 * DAY, now - 2 * DAY)
  })()
  const liveWaveId = params.waves + 1

  // Invitations, their (already sent) outbox rows, answers and their first revision.
  const insertInvitation = sqlite.prepare(
    'insert into invitations (id, wave_id, stakeholder_id, account_id, level, role, locale, token_salt, token_hash, unsubscribe_hash, state, last_sent_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insertOutbox = sqlite.prepare("insert into outbox (id, kind, invitation_id, idempotency_key, status, not_before, provider_id, sent_at, created_at) values (?, 'invitation', ?, ?, 'sent', ?, ?, ?, ?)")
  const insertResponse = sqlite.prepare(
    'insert into responses (id, invitation_id, wave_id, account_id, stakeholder_id, level, role, score, comment, category, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const insertRevision = sqlite.prepare('insert into response_revisions (id, response_id, submission_id, score, comment, category, created_at) values (?, ?, ?, ?, ?, ?, ?)')
  const LEVEL_SHIFT: Record<Level, number> = { executor: 0.8, manager: 0.3, head: -0.3, top: -0.8 }
  let invitationId = 0
  let responseId = 0
  let answeredSoFar = 0
  const CHUNK = 50_000
  for (let w = 0; w < params.waves; w++) {
    const sendAt = waveSendAt[w]
    for (let start = 0; start < people.length; start += CHUNK) {
      const slice = people.slice(start, start + CHUNK)
      const hashes = hexPool(slice.length * 2)
      const salts = saltPool(slice.length)
      sqlite.transaction(() => {
        slice.forEach((p, j) => {
          invitationId++
          // Exactly `responses` answers, spread evenly over all invitations.
          const answered = Math.floor((invitationId * params.responses) / invitationsTotal) > answeredSoFar
          insertInvitation.run(invitationId, w + 1, p.id, p.accountId, p.level, p.role, p.locale, salts[j], hashes[2 * j], hashes[2 * j + 1], answered ? 'answered' : 'sent', sendAt, sendAt)
          insertOutbox.run(invitationId, invitationId, `invitation/${invitationId}`, sendAt, `gen-${invitationId}`, sendAt, sendAt)
          if (!answered) return
          answeredSoFar++
          responseId++
          const sliding = p.accountId % 5 === 1 ? w * 0.5 : 0
          const raw = temper[p.accountId] + LEVEL_SHIFT[p.level] + sliding + (rand() * 5 - 2.5)
          const score = Math.max(0, Math.min(10, Math.round(raw)))
          let comment = ''
          let category: Category | null = null
          if (rand() < 0.35) {
            const pool = COMMENTS[p.locale][score <= 2 ? 'happy' : score <= 6 ? 'meh' : 'angry']
            ;[comment, category] = pool[Math.floor(rand() * pool.length)]
          }
          const at = sendAt + Math.floor(rand() * (WAVE_OPEN_DAYS - 1) * DAY)
          insertResponse.run(responseId, invitationId, w + 1, p.accountId, p.id, p.level, p.role, score, comment, category, at, at)
          insertRevision.run(responseId, responseId, `gen-${invitationId}`, score, comment, category, at)
        })
      })()
    }
  }

  // The live wave: real link tokens (HMAC under the bench secret) for the people P1 answers as.
  const liveTokens: string[] = []
  const liveSendAt = now - 2 * DAY
  sqlite.transaction(() => {
    for (const p of people.slice(0, params.liveInvitations)) {
      invitationId++
      const salt = newTokenSalt()
      const link = invitationLinkHashes(salt)
      liveTokens.push(linkToken('survey', invitationId, salt))
      insertInvitation.run(invitationId, liveWaveId, p.id, p.accountId, p.level, p.role, p.locale, link.tokenSalt, link.tokenHash, link.unsubscribeHash, 'sent', liveSendAt, liveSendAt)
      insertOutbox.run(invitationId, invitationId, `invitation/${invitationId}`, liveSendAt, `gen-${invitationId}`, liveSendAt, liveSendAt)
    }
  })()
  if (people.length < params.liveInvitations) throw new Error('more live invitations than people')

  for (const index of indexes) sqlite.exec(index.sql)
  const problems = sqlite.pragma('foreign_key_check') as unknown[]
  if (problems.length) throw new Error(`generated data breaks ${problems.length} foreign keys`)

  const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
  const counts = Object.fromEntries(['accounts', 'stakeholders', 'waves', 'invitations', 'outbox', 'responses', 'response_revisions', 'users'].map((t) => [t, count(t)]))
  counts.champions = (sqlite.prepare('select count(*) as n from stakeholders where is_champion = 1').get() as { n: number }).n
  counts.comments = (sqlite.prepare("select count(*) as n from responses where comment != ''").get() as { n: number }).n
  if (counts.responses !== params.responses) throw new Error(`generated ${counts.responses} responses, expected ${params.responses}`)

  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.close()
  const firstNotLive = people[params.liveInvitations]?.accountId ?? 1
  return {
    key,
    file,
    params,
    generatedAt: now,
    generationSeconds: 0,
    adminEmail: BENCH_ADMIN_EMAIL,
    password: BENCH_PASSWORD,
    liveWaveId,
    liveTokens,
    sampleAccountId: Math.max(firstNotLive + 1, Math.floor(params.accounts / 2)),
    counts,
    bytes: statSync(file).size,
  }
}
