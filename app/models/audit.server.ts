/* The audit trail's rows: appended, read newest first under the page's filters, and
   streamed for the CSV export. NOTE: there is deliberately no update or delete here; the
   database refuses both anyway (triggers in db/migrations/0009_audit_trail.sql). */
import { and, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import { accounts, auditEvents, users } from '#db/schema'
import { db, streamRows } from '#app/utils/db.server'

export type NewAuditEvent = Omit<typeof auditEvents.$inferInsert, 'id'>

/** One event; call it inside the write's own transaction, so both land or neither does. */
export function insertAuditEvent(event: NewAuditEvent) {
  db.insert(auditEvents).values(event).run()
}

/** `to` is exclusive; each filter is optional. */
export type AuditFilters = { actorId?: number; accountId?: number; from?: Date; to?: Date }

function where(f: AuditFilters, olderThan?: number): SQL | undefined {
  return and(
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.accountId ? eq(auditEvents.accountId, f.accountId) : undefined,
    f.from ? gte(auditEvents.at, f.from) : undefined,
    f.to ? lt(auditEvents.at, f.to) : undefined,
    olderThan ? lt(auditEvents.id, olderThan) : undefined,
  )
}

const columns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actorId: auditEvents.actorId,
  actorName: auditEvents.actorName,
  actorEmail: auditEvents.actorEmail,
  clientAddress: auditEvents.clientAddress,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  accountId: auditEvents.accountId,
  accountName: accounts.name,
  before: auditEvents.before,
  after: auditEvents.after,
}

// The export names the actor by name and email as they were; the id is the page's filter only.
const { actorId: _actorId, ...exportColumns } = columns

/** Newest first (ids grow with time); `olderThan` is the cursor: the last id of the previous page. */
export function listAuditEvents({ filters, olderThan, limit }: { filters: AuditFilters; olderThan?: number; limit: number }) {
  return db
    .select(columns)
    .from(auditEvents)
    .leftJoin(accounts, eq(accounts.id, auditEvents.accountId))
    .where(where(filters, olderThan))
    .orderBy(desc(auditEvents.id))
    .limit(limit)
    .all()
}

export type AuditExportRow = { id: number; at: number; actorName: string; actorEmail: string; clientAddress: string; action: string; entityType: string; entityId: number | null; accountId: number | null; accountName: string | null; before: string | null; after: string | null }

/** The same rows, newest first, read lazily on a connection of their own (app/utils/db.server.ts streamRows). */
export function streamAuditEvents({ filters }: { filters: AuditFilters }): IterableIterator<AuditExportRow> {
  const { sql: text, params } = db
    .select(exportColumns)
    .from(auditEvents)
    .leftJoin(accounts, eq(accounts.id, auditEvents.accountId))
    .where(where(filters))
    .orderBy(desc(auditEvents.id))
    .toSQL()
  const raw = streamRows(text, params)
  return (function* () {
    // Raw rows (arrays in select order): the JSON columns stay as stored text.
    for (const [id, at, actorName, actorEmail, clientAddress, action, entityType, entityId, accountId, accountName, before, after] of raw) {
      yield { id, at, actorName, actorEmail, clientAddress, action, entityType, entityId, accountId, accountName, before, after } as AuditExportRow
    }
  })()
}

/** The filters' choices: every staff member (disabled ones too: their changes stay) and every account. */
export function auditFilterChoices() {
  return {
    staff: db.select({ id: users.id, name: users.name, email: users.email }).from(users).orderBy(asc(users.name)).all(),
    accounts: db.select({ id: accounts.id, name: accounts.name }).from(accounts).orderBy(asc(accounts.name)).all(),
  }
}
