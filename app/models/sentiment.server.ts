/* Aggregates behind the sentiment pages. Every query is scoped to the viewer's
   accounts and the page's filters, and returns group summaries only: individual
   answers leave this module only as comments, already stripped of names where the
   wave is confidential. */
import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm'
import { accounts, invitations, responses, stakeholders, waves } from '#db/schema'
import { seesEveryAccount, type Viewer } from '#app/domain/access'
import type { CommentFacts } from '#app/domain/confidentiality'
import { FAN_MAX, PASSIVE_MAX, type Summary } from '#app/domain/hate-scale'
import type { Level, RelationshipRole } from '#app/domain/vocabulary'
import { VISIBLE_ACCOUNT_SQL, visibilityParams, visibleAccounts } from '#app/models/accounts.server'
import { db, sqlite, streamRows } from '#app/utils/db.server'

// ——— Closed waves are immutable: their summaries are computed once ———
// Answers end when a wave closes, so a summary over closed waves only changes when
// the accounts around it change (owner, status, archive, team): those writes' workflows
// call it through their after-commit step (afterCommit). Open waves are
// always read live.

const memo = new Map<string, unknown>()
const MEMO_ENTRIES = 500

export function invalidateSentimentCache() {
  memo.clear()
}

/** `query(f)`, remembered when every wave in `f` is closed (the caller says which are). */
export function memoForClosed<T>(name: string, query: (f: SentimentFilters) => T, f: SentimentFilters, allClosed: boolean): T {
  if (!allClosed) return query(f)
  const scope = seesEveryAccount(f.viewer) ? 'all' : `team:${f.viewer.id}`
  const key = JSON.stringify([name, scope, f.waveIds, f.account ?? {}, f.role ?? ''])
  if (memo.has(key)) return memo.get(key) as T
  const value = query(f)
  if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value!)
  memo.set(key, value)
  return value
}

export type AccountFilters = { ownerId?: number; strategic?: boolean; status?: (typeof accounts.status.enumValues)[number]; accountId?: number }
export type SentimentFilters = { viewer: Viewer; waveIds: number[]; account?: AccountFilters; role?: 'user' | 'buyer' }

const summaryColumns = (score: SQL.Aliased<number> | typeof responses.score = responses.score) => ({
  n: sql<number>`count(*)`.mapWith(Number),
  sum: sql<number>`coalesce(sum(${score}), 0)`.mapWith(Number),
  fans: sql<number>`coalesce(sum(${score} <= ${sql.raw(String(FAN_MAX))}), 0)`.mapWith(Number),
  passives: sql<number>`coalesce(sum(${score} between ${sql.raw(String(FAN_MAX + 1))} and ${sql.raw(String(PASSIVE_MAX))}), 0)`.mapWith(Number),
  haters: sql<number>`coalesce(sum(${score} > ${sql.raw(String(PASSIVE_MAX))}), 0)`.mapWith(Number),
  people: sql<number>`count(distinct ${responses.stakeholderId})`.mapWith(Number),
})

function accountConditions(viewer: Viewer, f: AccountFilters = {}): SQL | undefined {
  return and(
    visibleAccounts(viewer),
    isNull(accounts.archivedAt),
    f.accountId ? eq(accounts.id, f.accountId) : undefined,
    f.ownerId ? eq(accounts.ownerId, f.ownerId) : undefined,
    f.strategic === undefined ? undefined : eq(accounts.strategic, f.strategic),
    f.status ? eq(accounts.status, f.status) : undefined,
  )
}

/** A buyer filter keeps buyers and people who are both; likewise for users. */
const roleValues = (role?: 'user' | 'buyer'): RelationshipRole[] | undefined => (role ? [role, 'both'] : undefined)

function responseWhere(f: SentimentFilters) {
  const roles = roleValues(f.role)
  return and(inArray(responses.waveId, f.waveIds.length ? f.waveIds : [-1]), accountConditions(f.viewer, f.account), roles ? inArray(responses.role, roles) : undefined)
}

function invitationWhere(f: SentimentFilters) {
  const roles = roleValues(f.role)
  return and(inArray(invitations.waveId, f.waveIds.length ? f.waveIds : [-1]), accountConditions(f.viewer, f.account), roles ? inArray(invitations.role, roles) : undefined)
}

/** Waves that have gone out, newest first: the choices of the wave filter. */
export function listStartedWaves({ now }: { now: Date }) {
  return startedWavesStatement.all({ now: now.getTime() })
}
// Prepared once: every sentiment page and account page starts here.
const startedWavesStatement = db
  .select({ id: waves.id, name: waves.name, sendAt: waves.sendAt, closesAt: waves.closesAt, closedAt: waves.closedAt, anonymity: waves.anonymity, minAnswers: waves.minAnswers })
  .from(waves)
  .where(lte(waves.sendAt, sql.placeholder('now')))
  .orderBy(desc(waves.sendAt), desc(waves.id))
  .prepare()

/** Per level: the 0..10 distribution (for figures and charts). */
export function levelDistribution(f: SentimentFilters) {
  return db
    .select({ level: responses.level, score: responses.score, n: sql<number>`count(*)`.mapWith(Number) })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .where(responseWhere(f))
    .groupBy(responses.level, responses.score)
    .all()
}

/** Per wave and level: band counts (the Hate Index line chart). */
export function waveLevelSummaries(f: SentimentFilters) {
  return db
    .select({ waveId: responses.waveId, level: responses.level, ...summaryColumns() })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .where(responseWhere(f))
    .groupBy(responses.waveId, responses.level)
    .all()
}

/** Distinct respondents per level (the confidential rule counts people, not answers). */
export function levelPeople(f: SentimentFilters) {
  return db
    .select({ level: responses.level, people: sql<number>`count(distinct ${responses.stakeholderId})`.mapWith(Number) })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .where(responseWhere(f))
    .groupBy(responses.level)
    .all()
}

/** Per account and level over all the chosen waves: band counts (heat table, gaps). */
export function accountLevelSummaries(f: SentimentFilters): ({ accountId: number; level: Level } & Summary)[] {
  return db
    .select({ accountId: responses.accountId, level: responses.level, ...summaryColumns() })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .where(responseWhere(f))
    .groupBy(responses.accountId, responses.level)
    .all()
}

/** Per wave, account and level: how many were asked and how many answered (silence, response rate). */
export function accountLevelInvited(f: SentimentFilters) {
  return db
    .select({
      waveId: invitations.waveId,
      accountId: invitations.accountId,
      level: invitations.level,
      invited: sql<number>`count(*)`.mapWith(Number),
      answered: sql<number>`sum(${invitations.state} = 'answered')`.mapWith(Number),
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(invitationWhere(f))
    .groupBy(invitations.waveId, invitations.accountId, invitations.level)
    .all()
}

/** Top management asked and answering, per account, over the given waves (top never answers?). */
export function topAskedAnswered(f: SentimentFilters) {
  return db
    .select({
      accountId: invitations.accountId,
      level: sql<Level>`'top'`,
      invited: sql<number>`count(*)`.mapWith(Number),
      answered: sql<number>`sum(${invitations.state} = 'answered')`.mapWith(Number),
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(and(invitationWhere(f), eq(invitations.level, 'top')))
    .groupBy(invitations.accountId)
    .all()
}

export function accountsInScope({ viewer, account }: { viewer: Viewer; account?: AccountFilters }) {
  return db
    .select({ id: accounts.id, name: accounts.name, arr: accounts.arr, strategic: accounts.strategic, status: accounts.status })
    .from(accounts)
    .where(accountConditions(viewer, account))
    .orderBy(asc(accounts.name))
    .all()
}

/** One account's people with, per wave, whether they answered (the coverage matrix). */
export function peopleAnswers({ accountId, waveIds }: { accountId: number; waveIds: number[] }) {
  return accountStatements.peopleAnswers.all({ accountId, waveIds: JSON.stringify(waveIds) })
}

/** Comments of one account's waves, with who said them only for named waves. */
export function accountComments({ accountId, waveIds }: { accountId: number; waveIds: number[] }) {
  return accountStatements.comments.all({ accountId, waveIds: JSON.stringify(waveIds) }).map((c): Comment => ({ ...c, at: new Date(c.at) }))
}

// ——— One account's page: its reads, prepared once ———
// NOTE: drizzle builds and prepares a query per call (~0.1–0.4 ms each), and its row
// mapping costs as much as these small queries: the account page's reads are plain SQL,
// prepared once (their rows hold only numbers and strings, but for the comments' date).
// They are the reads above with the account fixed: the viewer's visibility is a
// parameter (accountConditions: visible, not archived), and a list of waves a JSON
// array read by json_each, so one statement serves every viewer and number of waves.
const ONE_VISIBLE_ACCOUNT = `a.id = @accountId and a.archived_at is null and ${VISIBLE_ACCOUNT_SQL}`
const IN_WAVES = 'in (select value from json_each(@waveIds))'
// The hate bands from app/domain/hate-scale.ts's constants, as in summaryColumns.
const SUMMARY_COLUMNS = `count(*) as n, coalesce(sum(r.score), 0) as sum, coalesce(sum(r.score <= ${FAN_MAX}), 0) as fans,
  coalesce(sum(r.score between ${FAN_MAX + 1} and ${PASSIVE_MAX}), 0) as passives, coalesce(sum(r.score > ${PASSIVE_MAX}), 0) as haters, count(distinct r.stakeholder_id) as people`

type AccountParams = { accountId: number; waveIds: string; everyAccount: 0 | 1; viewerId: number }
type WavesParams = { accountId: number; waveIds: string }
type Invited = { waveId: number; accountId: number; level: Level; invited: number; answered: number }
type Comment = { waveId: number; level: Level; role: RelationshipRole; score: number; category: (typeof responses.$inferSelect)['category']; comment: string; at: Date; name: string | null; rolePeople: number }

const accountStatements = {
  invited: sqlite.prepare<AccountParams, Invited>(
    `select i.wave_id as waveId, i.account_id as accountId, i.level, count(*) as invited, sum(i.state = 'answered') as answered
     from invitations i join accounts a on a.id = i.account_id
     where i.wave_id ${IN_WAVES} and ${ONE_VISIBLE_ACCOUNT}
     group by i.wave_id, i.account_id, i.level`,
  ),
  waveLevel: sqlite.prepare<AccountParams, { waveId: number; level: Level } & Required<Summary>>(
    `select r.wave_id as waveId, r.level, ${SUMMARY_COLUMNS}
     from responses r join accounts a on a.id = r.account_id
     where r.wave_id ${IN_WAVES} and ${ONE_VISIBLE_ACCOUNT}
     group by r.wave_id, r.level`,
  ),
  peopleAnswers: sqlite.prepare<WavesParams, { stakeholderId: number; waveId: number; state: (typeof invitations.state.enumValues)[number] }>(
    `select stakeholder_id as stakeholderId, wave_id as waveId, state from invitations where account_id = @accountId and wave_id ${IN_WAVES}`,
  ),
  // NOTE: the name is selected in SQL only for named waves; confidential rows never carry it.
  // rolePeople: how many answered that wave at the comment's level in its role (a person
  // answers a wave once), counted in the covering index: a role shared by fewer than k
  // would point at someone. Per comment, rather than grouping every answer by role too,
  // because a grouped row costs more to hand to JavaScript than a count costs to make.
  comments: sqlite.prepare<WavesParams, Omit<Comment, 'at'> & { at: number }>(
    `select r.wave_id as waveId, r.level, r.role, r.score, r.category, r.comment, r.updated_at as at,
       case when w.anonymity = 'named' then s.name end as name,
       (select count(*) from responses g
        where g.wave_id = r.wave_id and g.account_id = r.account_id and g.level = r.level and g.role = r.role) as rolePeople
     from responses r join waves w on w.id = r.wave_id join stakeholders s on s.id = r.stakeholder_id
     where r.account_id = @accountId and r.wave_id ${IN_WAVES} and r.comment != ''
     order by r.updated_at desc`,
  ),
}

type OneAccount = { viewer: Viewer; accountId: number; waveIds: number[] }
const accountParams = ({ viewer, accountId, waveIds }: OneAccount) => ({
  accountId,
  waveIds: JSON.stringify(waveIds),
  ...visibilityParams(viewer),
})

/** accountLevelInvited for one account. */
export function accountInvited(f: OneAccount) {
  return accountStatements.invited.all(accountParams(f))
}
/** waveLevelSummaries for one account. */
export function accountWaveLevelSummaries(f: OneAccount) {
  return accountStatements.waveLevel.all(accountParams(f))
}

export type ExportRow = {
  wave: string
  account: string
  level: Level
  role: RelationshipRole
  score: number
  category: string | null
  comment: string
  answeredAt: number
  name: string | null
  email: string | null
}

/**
 * Answer rows of the NAMED waves among `f.waveIds`, as a lazy iterator (a confidential
 * wave is exported as groups and anonymous comments, see exportComments).
 */
export function exportRows(f: SentimentFilters): IterableIterator<ExportRow> {
  const query = db
    .select({
      wave: waves.name,
      account: accounts.name,
      level: responses.level,
      role: responses.role,
      score: responses.score,
      category: responses.category,
      comment: responses.comment,
      answeredAt: sql<number>`${responses.updatedAt}`,
      name: stakeholders.name,
      email: stakeholders.email,
    })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .innerJoin(waves, eq(waves.id, responses.waveId))
    .innerJoin(stakeholders, eq(stakeholders.id, responses.stakeholderId))
    .where(and(responseWhere(f), eq(waves.anonymity, 'named')))
    .orderBy(responses.id)
  const { sql: text, params } = query.toSQL()
  // NOTE: drizzle has no lazy iterator for better-sqlite3; the prepared statement does.
  // Raw rows (arrays in select order), since several selected columns share a name.
  const raw = streamRows(text, params)
  return (function* () {
    for (const [wave, account, level, role, score, category, comment, answeredAt, name, email] of raw) {
      yield { wave, account, level, role, score, category, comment, answeredAt, name, email } as ExportRow
    }
  })()
}

/** Per account and level, band counts for the export, read lazily on the export's own
    connection: the server's page cache is not filled with a whole wave's answers. */
export function exportGroups(f: SentimentFilters): IterableIterator<{ account: string; level: Level } & Required<Summary>> {
  const query = db
    .select({ account: accounts.name, level: responses.level, ...summaryColumns() })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .where(responseWhere(f))
    .groupBy(responses.accountId, responses.level)
  const { sql: text, params } = query.toSQL()
  const raw = streamRows(text, params)
  return (function* () {
    for (const [account, level, n, sum, fans, passives, haters, people] of raw) {
      yield { account, level, n, sum, fans, passives, haters, people } as { account: string; level: Level } & Required<Summary>
    }
  })()
}

/** Comments of the chosen waves with the sizes of the groups around each (one answer per
    person and wave, so rows count people), for the confidentiality policy to judge. */
export function exportComments(f: SentimentFilters): IterableIterator<ExportComment> {
  const partition = (cols: string) => sql.raw(`count(*) over (partition by ${cols})`)
  const counted = db
    .select({
      waveId: responses.waveId,
      account: sql<string>`${accounts.name}`.as('account'),
      level: responses.level,
      role: responses.role,
      score: responses.score,
      category: responses.category,
      comment: responses.comment,
      at: responses.updatedAt,
      accountPeople: sql<number>`${partition('responses.wave_id, responses.account_id')}`.as('account_people'),
      levelPeople: sql<number>`${partition('responses.wave_id, responses.account_id, responses.level')}`.as('level_people'),
      rolePeople: sql<number>`${partition('responses.wave_id, responses.account_id, responses.level, responses.role')}`.as('role_people'),
    })
    .from(responses)
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .where(responseWhere(f))
    .as('c')
  const query = db
    .select({ account: counted.account, level: counted.level, role: counted.role, score: counted.score, category: counted.category, comment: counted.comment, at: counted.at, accountPeople: counted.accountPeople, levelPeople: counted.levelPeople, rolePeople: counted.rolePeople })
    .from(counted)
    .where(sql`${counted.comment} != ''`)
  const { sql: text, params } = query.toSQL()
  // Lazily, on the export's own connection: a wave of 125,000 comments is never held at once.
  const raw = streamRows(text, params)
  return (function* () {
    for (const [account, level, role, score, category, comment, at, accountPeople, levelPeople, rolePeople] of raw) {
      yield { account, level, role, score, category, comment, at: new Date(at as number), accountPeople, levelPeople, rolePeople, name: null } as ExportComment
    }
  })()
}

type ExportComment = CommentFacts & { account: string }
