/* The audit page's filters, read from the URL (a GET form: bookmarkable, and the CSV link
   carries the same query). Bad values are ignored rather than refused: a filter is a view. */
import { z } from 'zod'

/** Events per page; "Older" continues from the last one shown. */
export const AUDIT_PAGE_SIZE = 50

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined)
const id = z.coerce.number().int().positive().optional().catch(undefined)

export const AuditQuerySchema = z.object({
  user: id,
  account: id,
  /** First day shown (UTC), inclusive. */
  from: day,
  /** Last day shown (UTC), inclusive. */
  to: day,
  /** The cursor: show events older than this id. */
  before: id,
})
export type AuditQuery = z.infer<typeof AuditQuerySchema>

export function parseAuditQuery(url: URL): AuditQuery {
  return AuditQuerySchema.parse(Object.fromEntries(url.searchParams))
}

/** The query string of these filters (and cursor), for links that keep them. */
export function auditSearch({ user, account, from, to, before }: AuditQuery): string {
  const params = new URLSearchParams()
  if (user) params.set('user', String(user))
  if (account) params.set('account', String(account))
  if (from) params.set('from', from)
  if (to) params.set('to', to)
  if (before) params.set('before', String(before))
  const text = params.toString()
  return text ? `?${text}` : ''
}
