/* The people at a client. Callers have already checked the account is visible
   (getAccount) and, for writes, editable; every query is still pinned to the account. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { stakeholders } from '#db/schema'
import type { ExistingPerson, PlannedRow } from '#app/domain/stakeholder-import'
import type { StakeholderInput } from '#app/forms/accounts'
import { db } from '#app/utils/db.server'
import { designateIn, recordRemoval } from './champions.server'


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

// Prepared once: the account page reads the people on every view.
const listStatement = db.select(columns).from(stakeholders).where(eq(stakeholders.accountId, sql.placeholder('accountId'))).orderBy(LEVEL_ORDER, asc(stakeholders.name)).prepare()

export function listStakeholders({ accountId }: { accountId: number }): ExistingPerson[] {
  return listStatement.all({ accountId })
}

export function getStakeholder({ accountId, id }: { accountId: number; id: number }) {
  return db
    .select(columns)
    .from(stakeholders)
    .where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, id)))
    .get()
}

export class StakeholderEmailTakenError extends Error {}

function rethrowEmail(error: unknown, email: string): never {
  if (String(error).includes('stakeholders.account_id, stakeholders.email')) throw new StakeholderEmailTakenError(email)
  throw error
}

export function createStakeholder({ accountId, input, userId = null }: { accountId: number; input: StakeholderInput; userId?: number | null }): number {
  // Someone who has left cannot be the champion.
  const champion = input.isChampion && input.status === 'active'
  try {
    return db.transaction((tx) => {
      const id = tx.insert(stakeholders).values({ ...input, isChampion: false, accountId }).returning({ id: stakeholders.id }).get().id
      // Through the champion log, so the change is recorded with who made it.
      if (champion) designateIn(tx, { accountId, stakeholderId: id, userId, reason: 'replaced', note: '', source: 'manual' })
      return id
    })
  } catch (error) {
    rethrowEmail(error, input.email)
  }
}

export function updateStakeholder({ accountId, id, input, userId = null }: { accountId: number; id: number; input: StakeholderInput; userId?: number | null }) {
  const { isChampion: wantsChampion, ...values } = input
  const champion = wantsChampion && input.status === 'active'
  try {
    db.transaction((tx) => {
      const wasChampion = tx.select({ c: stakeholders.isChampion }).from(stakeholders).where(eq(stakeholders.id, id)).get()?.c ?? false
      tx.update(stakeholders)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, id)))
        .run()
      if (champion && !wasChampion) designateIn(tx, { accountId, stakeholderId: id, userId, reason: 'replaced', note: '', source: 'manual' })
      if (!champion && wasChampion) {
        tx.update(stakeholders).set({ isChampion: false }).where(eq(stakeholders.id, id)).run()
        recordRemoval(tx, { accountId, stakeholderId: id, reason: input.status === 'left' ? 'left_company' : null, userId, note: 'Champion flag taken off on the person form.' })
      }
    })
  } catch (error) {
    rethrowEmail(error, input.email)
  }
}

export function markStakeholderLeft({ accountId, id, userId = null }: { accountId: number; id: number; userId?: number | null }) {
  db.transaction((tx) => {
    const person = tx.select({ isChampion: stakeholders.isChampion }).from(stakeholders).where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, id))).get()
    tx.update(stakeholders)
      .set({ status: 'left', isChampion: false, updatedAt: new Date() })
      .where(and(eq(stakeholders.accountId, accountId), eq(stakeholders.id, id)))
      .run()
    if (person?.isChampion) recordRemoval(tx, { accountId, stakeholderId: id, reason: 'left_company', userId, note: 'Marked as left by staff.' })
  })
}

export function listStakeholdersOfAccounts({ accountIds }: { accountIds: number[] }): ExistingPerson[] {
  if (accountIds.length === 0) return []
  return db.select(columns).from(stakeholders).where(inArray(stakeholders.accountId, accountIds)).all()
}

/**
 * Applies a confirmed import plan in one transaction; unchanged rows are not touched.
 * Champion changes go through the champion log; an account the file covers that no
 * longer lists its champion gets a "possibly left" event for the owner.
 */
export function applyImport({ rows, userId = null }: { rows: PlannedRow[]; userId?: number | null }): { created: number; updated: number } {
  let created = 0
  let updated = 0
  db.transaction((tx) => {
    const champions: { accountId: number; id: number }[] = []
    const unset: { accountId: number; id: number }[] = []
    for (const row of rows) {
      const { isChampion, ...values } = row.values
      let id = row.existingId
      if (row.action === 'create') {
        id = tx.insert(stakeholders).values({ ...values, isChampion: false }).returning({ id: stakeholders.id }).get().id
        created++
      } else if (row.action === 'update' && id) {
        tx.update(stakeholders)
          .set({ ...values, updatedAt: new Date() })
          .where(and(eq(stakeholders.id, id), eq(stakeholders.accountId, row.values.accountId)))
          .run()
        updated++
      }
      // Someone who has left cannot be named champion, whatever the file says.
      if (isChampion && id && values.status === 'active') champions.push({ accountId: row.values.accountId, id })
      else if (id && row.action === 'update') unset.push({ accountId: row.values.accountId, id })
    }
    // A named champion replaces the old one (one "replaced" event); otherwise a file that
    // says the champion is not one any more takes the flag away.
    for (const c of champions) designateIn(tx, { accountId: c.accountId, stakeholderId: c.id, userId, reason: 'replaced', note: 'Named champion in a stakeholder import.', source: 'import' })
    for (const u of unset) {
      const still = tx.select({ c: stakeholders.isChampion }).from(stakeholders).where(eq(stakeholders.id, u.id)).get()?.c
      if (!still) continue
      tx.update(stakeholders).set({ isChampion: false }).where(eq(stakeholders.id, u.id)).run()
      recordRemoval(tx, { accountId: u.accountId, stakeholderId: u.id, reason: null, userId, note: 'A stakeholder import says they are not the champion.' })
    }
  })
  return { created, updated }
}
