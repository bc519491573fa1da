/* The audit trail as workflows: every staff write calls recordChange inside its own
   transaction (who, from where, what, before and after), and admins read the trail
   page by page or as CSV. Scheduled work (queue refresh, reminders, champion silence)
   is no one's write and is not recorded. */
import type { AppLoadContext } from '@remix-run/node'
import { auditChange, SYSTEM_ACTOR_NAME, type AuditValues } from '#app/domain/audit'
import { AUDIT_PAGE_SIZE, type AuditQuery } from '#app/forms/audit'
import { auditFilterChoices, insertAuditEvent, listAuditEvents, streamAuditEvents, type AuditFilters } from '#app/models/audit.server'
import { getUserById } from '#app/models/users.server'
import { clientAddress } from '#app/utils/client-address.server'
import { csvStream } from '#app/utils/csv.server'
import { sqlite } from '#app/utils/db.server'

/** Who made a write: the signed-in user and the request's client address. */
export type Actor = { userId: number | null; clientAddress: string }

/**
 * A script's writes (the demo seed) and tests that are not about the trail: recorded as
 * "system". Routes never use it: their actor is the signed-in user (actorOf).
 */
export const SYSTEM_ACTOR: Actor = { userId: null, clientAddress: 'local' }

/** The actor of a route's write. */
export function actorOf(user: { id: number }, context: AppLoadContext | undefined): Actor {
  return { userId: user.id, clientAddress: clientAddress(context) }
}

export type AuditSubject = {
  /** `entity.verb`, e.g. "account.updated". */
  action: string
  entityType: string
  entityId: number | null
  /** The account the change belongs to, for the page's account filter. */
  accountId: number | null
}

/**
 * Records one change: for an update pass both sides (only the fields that differ are
 * kept, and an update that changed nothing records nothing), for a create `after`, for a
 * removal `before`. Secrets are redacted (app/domain/audit.ts).
 */
export function recordChange({ actor, before = null, after = null, ...subject }: AuditSubject & { actor: Actor; before?: AuditValues | null; after?: AuditValues | null }) {
  // NOTE: inside the write's transaction, or a crash between the two leaves a write nobody can account for.
  if (!sqlite.inTransaction) throw new Error(`recordChange(${subject.action}) must run inside the write's transaction.`)
  const change = auditChange(before, after)
  if (!change) return
  // The actor's name and email as they are now: a later rename does not rewrite history.
  const user = actor.userId === null ? undefined : getUserById({ id: actor.userId })
  insertAuditEvent({
    at: new Date(),
    actorId: actor.userId,
    actorName: user?.name ?? SYSTEM_ACTOR_NAME,
    actorEmail: user?.email ?? '',
    clientAddress: actor.clientAddress,
    ...subject,
    ...change,
  })
}

const DAY_MS = 86_400_000

/** The query's filters for the model: whole UTC days, `to` inclusive. */
export function auditFilters(query: Pick<AuditQuery, 'user' | 'account' | 'from' | 'to'>): AuditFilters {
  return {
    actorId: query.user,
    accountId: query.account,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) : undefined,
  }
}

/** One page of the trail, newest first, with the cursor of the next (older) page and the filters' choices. */
export function auditPage({ query }: { query: AuditQuery }) {
  // One more than shown tells whether an older page exists.
  const rows = listAuditEvents({ filters: auditFilters(query), olderThan: query.before, limit: AUDIT_PAGE_SIZE + 1 })
  const events = rows.slice(0, AUDIT_PAGE_SIZE)
  return { events, olderThan: rows.length > AUDIT_PAGE_SIZE ? events[events.length - 1].id : null, ...auditFilterChoices() }
}

export const AUDIT_CSV_HEADER = ['id', 'at', 'actor_name', 'actor_email', 'client_address', 'action', 'entity_type', 'entity_id', 'account_id', 'account', 'before', 'after']

/** The whole filtered trail as CSV, newest first, streamed (before and after as their JSON). */
export function exportAuditCsv({ query }: { query: AuditQuery }): ReadableStream<Uint8Array> {
  return csvStream({
    header: AUDIT_CSV_HEADER,
    rows: streamAuditEvents({ filters: auditFilters(query) }),
    toLine: (r) => [r.id, new Date(r.at), r.actorName, r.actorEmail, r.clientAddress, r.action, r.entityType, r.entityId, r.accountId, r.accountName, r.before, r.after],
  })
}
