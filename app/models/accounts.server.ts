/* Client accounts and their teams. Every read is scoped to what the viewer may
   see (app/domain/access.ts); an account outside that scope simply does not exist. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import { accounts, accountTeamMembers, stakeholders, users } from '#db/schema'
import { seesEveryAccount, type Viewer } from '#app/domain/access'
import { LEVELS, type Level } from '#app/domain/vocabulary'
import { PAGE_SIZE, type AccountInput, type AccountListQuery } from '#app/forms/accounts'
import { db, type Tx } from '#app/utils/db.server'

// ——— Visibility: who sees which account (app/domain/access.ts says who sees every one) ———
// A team member sees the accounts whose team they are on. The rule's SQL lives here alone,
// for drizzle queries and, with the viewer as named parameters, for plain prepared SQL.

const teamAccounts = (userId: number | ReturnType<typeof sql.placeholder>) =>
  db.select({ id: accountTeamMembers.accountId }).from(accountTeamMembers).where(eq(accountTeamMembers.userId, userId))

/** The condition that limits a query to the viewer's accounts. */
export function visibleAccounts(viewer: Viewer): SQL | undefined {
  if (seesEveryAccount(viewer)) return undefined
  return inArray(accounts.id, teamAccounts(viewer.id))
}

/** The same condition in plain SQL, on accounts aliased `a`, with `@everyAccount` and `@viewerId` from visibilityParams. */
export const VISIBLE_ACCOUNT_SQL = '(@everyAccount = 1 or a.id in (select account_id from account_team_members where user_id = @viewerId))'
export const visibilityParams = (viewer: Viewer) => ({ everyAccount: seesEveryAccount(viewer) ? (1 as const) : (0 as const), viewerId: viewer.id })

const activeAt = (level: Level) =>
  sql<number>`coalesce((select count(*) from ${stakeholders} s where s.account_id = ${accounts.id} and s.status = 'active' and s.level = ${level}), 0)`.mapWith(
    Number,
  )

const peopleCount = sql<number>`(select count(*) from ${stakeholders} s where s.account_id = ${accounts.id})`.mapWith(Number)

/** The account fields every account view shows. */
const accountColumns = {
  id: accounts.id,
  name: accounts.name,
  domain: accounts.domain,
  industry: accounts.industry,
  arr: accounts.arr,
  renewalDate: accounts.renewalDate,
  strategic: accounts.strategic,
  status: accounts.status,
  archivedAt: accounts.archivedAt,
  ownerName: users.name,
}

export function listAccounts({ viewer, query }: { viewer: Viewer; query: AccountListQuery }) {
  const conditions: (SQL | undefined)[] = [visibleAccounts(viewer)]
  if (query.archived === 'only') conditions.push(isNotNull(accounts.archivedAt))
  else if (query.archived !== 'include') conditions.push(isNull(accounts.archivedAt))
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
    conditions.push(or(sql`${accounts.name} like ${pattern} escape '\\'`, sql`${accounts.domain} like ${pattern} escape '\\'`))
  }
  if (query.status) conditions.push(eq(accounts.status, query.status))
  if (query.strategic) conditions.push(eq(accounts.strategic, query.strategic === 'yes'))
  if (query.owner) conditions.push(eq(accounts.ownerId, query.owner))
  if (query.gap) conditions.push(sql`${activeAt(query.gap)} = 0`)
  const where = and(...conditions)

  const order = query.dir === 'desc' ? desc : asc
  const sortColumn = {
    name: sql`${accounts.name} collate nocase`,
    arr: accounts.arr,
    renewal: sql`coalesce(${accounts.renewalDate}, '9999-12-31')`,
    status: accounts.status,
    people: peopleCount,
  }[query.sort]

  const total = db.select({ n: sql<number>`count(*)` }).from(accounts).where(where).get()?.n ?? 0
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const page = Math.min(query.page, pageCount)
  const rows = db
    .select({
      ...accountColumns,
      people: peopleCount,
      executor: activeAt('executor'),
      manager: activeAt('manager'),
      head: activeAt('head'),
      top: activeAt('top'),
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(where)
    .orderBy(order(sortColumn), asc(accounts.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all()
    .map((r) => ({ ...r, gaps: LEVELS.filter((l) => r[l] === 0) }))
  return { rows, total, page, pageCount }
}

// NOTE: every account page reads these; prepared once, one variant per kind of viewer.
const accountById = (visible: SQL | undefined) =>
  db
    .select({ ...accountColumns, ownerId: accounts.ownerId })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(and(eq(accounts.id, sql.placeholder('id')), visible))
    .prepare()
const accountStatements = {
  any: accountById(undefined),
  team: accountById(inArray(accounts.id, teamAccounts(sql.placeholder('viewerId')))),
  members: db
    .select({ id: users.id, name: users.name })
    .from(accountTeamMembers)
    .innerJoin(users, eq(users.id, accountTeamMembers.userId))
    .where(eq(accountTeamMembers.accountId, sql.placeholder('id')))
    .orderBy(asc(users.name))
    .prepare(),
}

export function getAccount({ viewer, id }: { viewer: Viewer; id: number }) {
  // The same visibility as visibleAccounts(viewer), with the viewer as a parameter.
  const account = seesEveryAccount(viewer) ? accountStatements.any.get({ id }) : accountStatements.team.get({ id, viewerId: viewer.id })
  if (!account) return undefined
  return { ...account, team: accountStatements.members.all({ id }) }
}

/** Accounts the viewer may import people into, for matching CSV rows by domain or name. */
export function listImportTargets({ viewer }: { viewer: Viewer }) {
  return db
    .select({ id: accounts.id, name: accounts.name, domain: accounts.domain, ownerId: accounts.ownerId })
    .from(accounts)
    .where(and(isNull(accounts.archivedAt), visibleAccounts(viewer)))
    .all()
}

/** An account's editable fields as its form holds them (team as sorted ids): the audit trail's "before". */
export function accountValues({ id }: { id: number }): AccountInput | undefined {
  const row = db
    .select({ name: accounts.name, domain: accounts.domain, industry: accounts.industry, arr: accounts.arr, renewalDate: accounts.renewalDate, strategic: accounts.strategic, status: accounts.status, ownerId: accounts.ownerId })
    .from(accounts)
    .where(eq(accounts.id, id))
    .get()
  if (!row) return undefined
  const team = db.select({ id: accountTeamMembers.userId }).from(accountTeamMembers).where(eq(accountTeamMembers.accountId, id)).all()
  return { ...row, industry: row.industry ?? '', teamIds: team.map((t) => t.id).sort((a, b) => a - b) }
}

export class DomainTakenError extends Error {}

function writeTeam(tx: Tx, accountId: number, teamIds: number[]) {
  tx.delete(accountTeamMembers).where(eq(accountTeamMembers.accountId, accountId)).run()
  const unique = [...new Set(teamIds)]
  if (unique.length) tx.insert(accountTeamMembers).values(unique.map((userId) => ({ accountId, userId }))).run()
}

function rethrowDomain(error: unknown, domain: string): never {
  if (String(error).includes('accounts.domain')) throw new DomainTakenError(domain)
  throw error
}

export function createAccount({ input }: { input: AccountInput }): number {
  const { teamIds, ...values } = input
  try {
    return db.transaction((tx) => {
      const { id } = tx.insert(accounts).values(values).returning({ id: accounts.id }).get()
      writeTeam(tx, id, teamIds)
      return id
    })
  } catch (error) {
    rethrowDomain(error, input.domain)
  }
}

export function updateAccount({ id, input }: { id: number; input: AccountInput }) {
  const { teamIds, ...values } = input
  try {
    db.transaction((tx) => {
      tx.update(accounts)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(accounts.id, id))
        .run()
      writeTeam(tx, id, teamIds)
    })
  } catch (error) {
    rethrowDomain(error, input.domain)
  }
}

/** Returns whether anything changed (archiving an archived account keeps its first archive time). */
export function setAccountArchived({ id, archived }: { id: number; archived: boolean }): boolean {
  const { changes } = db
    .update(accounts)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
    .where(and(eq(accounts.id, id), archived ? isNull(accounts.archivedAt) : isNotNull(accounts.archivedAt)))
    .run()
  return changes > 0
}

