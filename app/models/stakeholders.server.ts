/* The people at a client. Callers have already checked the account is visible
   (getAccount) and, for writes, editable; every query is still pinned to the account. */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import { stakeholders } from '#db/schema'
import type { ExistingPerson, PlannedRow } from '#app/domain/stakeholder-import'
import type { StakeholderInput } from '#app/forms/accounts'
import { db } from '#app/services/db.server'

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]

const columns = {
  id: stakeholders.id,
  accountId: stakeholders.accountId,
  name: stakeholders.name,
  email: stakeholders.email,
  title: stakeholders.title,
  level: stakeholders.level,
  role: stakeholders.role,
  locale: stakeholders.locale,
  isChampion: stakeholders.isChampion,
  status: stakeholders.status,
}

const LEVEL_ORDER = sql`case ${stakeholders.level} when 'top' then 0 when 'head' then 1 when 'manager' then 2 else 3 end`

export function listStakeholders({ accountId }: { accountId: number }): ExistingPerson[] {
  return db
    .select(columns)
    .from(stakeholders)
    .where(eq(stakeholders.accountId, accountId))
    .orderBy(LEVEL_ORDER, asc(stakeholders.name))
    .all()
}

export function getStakeholder({ accountId, id }: { accountId: number; id: number }) {
  return db
    .select(columns)
    .from(stakeholders)
    .where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, id)))
    .get()
}

export class StakeholderEmailTakenError extends Error {}

/** At most one current champion per account: naming one clears the others first. */
function clearOtherChampions(tx: Tx, accountId: number, keepId?: number) {
  tx.update(stakeholders)
    .set({ isChampion: false, updatedAt: new Date() })
    .where(
      and(
        eq(stakeholders.accountId, accountId),
        eq(stakeholders.isChampion, true),
        keepId ? ne(stakeholders.id, keepId) : undefined,
      ),
    )
    .run()
}

function rethrowEmail(error: unknown, email: string): never {
  if (String(error).includes('stakeholders.account_id, stakeholders.email')) throw new StakeholderEmailTakenError(email)
  throw error
}

export function createStakeholder({ accountId, input }: { accountId: number; input: StakeholderInput }): number {
  // Someone who has left cannot be the champion.
  const values = { ...input, isChampion: input.isChampion && input.status === 'active', accountId }
  try {
    return db.transaction((tx) => {
      if (values.isChampion) clearOtherChampions(tx, accountId)
      return tx.insert(stakeholders).values(values).returning({ id: stakeholders.id }).get().id
    })
  } catch (error) {
    rethrowEmail(error, input.email)
  }
}

export function updateStakeholder({ accountId, id, input }: { accountId: number; id: number; input: StakeholderInput }) {
  const values = { ...input, isChampion: input.isChampion && input.status === 'active', updatedAt: new Date() }
  try {
    db.transaction((tx) => {
      if (values.isChampion) clearOtherChampions(tx, accountId, id)
      tx.update(stakeholders)
        .set(values)
        .where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, id)))
        .run()
    })
  } catch (error) {
    rethrowEmail(error, input.email)
  }
}

export function markStakeholderLeft({ accountId, id }: { accountId: number; id: number }) {
  db.update(stakeholders)
    .set({ status: 'left', isChampion: false, updatedAt: new Date() })
    .where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, id)))
    .run()
}

export function listStakeholdersOfAccounts({ accountIds }: { accountIds: number[] }): ExistingPerson[] {
  if (accountIds.length === 0) return []
  return db.select(columns).from(stakeholders).where(inArray(stakeholders.accountId, accountIds)).all()
}

/** Applies a confirmed import plan in one transaction; unchanged rows are not touched. */
export function applyImport({ rows }: { rows: PlannedRow[] }): { created: number; updated: number } {
  let created = 0
  let updated = 0
  db.transaction((tx) => {
    for (const row of rows) {
      if (row.action === 'unchanged') continue
      if (row.values.isChampion) clearOtherChampions(tx, row.values.accountId, row.existingId)
      if (row.action === 'create') {
        tx.insert(stakeholders).values(row.values).run()
        created++
      } else if (row.existingId) {
        tx.update(stakeholders)
          .set({ ...row.values, updatedAt: new Date() })
          .where(and(eq(stakeholders.id, row.existingId), eq(stakeholders.accountId, row.values.accountId)))
          .run()
        updated++
      }
    }
  })
  return { created, updated }
}
