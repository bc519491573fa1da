/* What the audit trail keeps of a change: for an update only the fields that changed,
   old and new; for a create what was written; for a removal what was there. Secrets
   (passwords, their hashes, link tokens, salts) never enter it, whatever a write passes. */

export type AuditValues = Record<string, unknown>
export type AuditChange = { before: AuditValues | null; after: AuditValues | null }

/** Field names whose values are never stored: credentials and link secrets. */
const SECRET_FIELD = /password|hash|salt|secret|token/i
export const REDACTED = '[redacted]'

/** What a script's write (the demo seed) is recorded as: no person made it. */
export const SYSTEM_ACTOR_NAME = 'system'

/** A value as JSON will keep it, so that "changed" means the same before and after storing. */
function plain(value: unknown): unknown {
  if (value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  return value
}

function cleaned(values: AuditValues, keys: readonly string[]): AuditValues {
  return Object.fromEntries(keys.map((k) => [k, SECRET_FIELD.test(k) ? REDACTED : plain(values[k])]))
}

const same = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b))

/**
 * The change to record, or null when an update changed nothing (a repeated submit, a
 * form saved as it was) or neither side has values: such a write leaves no event. A
 * secret field that changed is kept as changed, with its values redacted.
 */
export function auditChange(before: AuditValues | null, after: AuditValues | null): AuditChange | null {
  if (before && after) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k]))
    if (keys.length === 0) return null
    return { before: cleaned(before, keys), after: cleaned(after, keys) }
  }
  if (!before && !after) return null
  return { before: before && cleaned(before, Object.keys(before)), after: after && cleaned(after, Object.keys(after)) }
}

/** One line of the page's "before → after": a field, its old value and its new one (null: none). */
export type AuditLine = { field: string; before: string | null; after: string | null }

/** A stored value as a person reads it. */
export function auditValueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.length ? value.map(auditValueText).join(', ') : '—'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** camelCase field names as words ("renewalDate" → "renewal date"). */
export function auditFieldName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
}

/** A stored change as lines, field by field, in the order the write gave them. */
export function auditLines({ before, after }: AuditChange): AuditLine[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
  return keys.map((k) => ({
    field: auditFieldName(k),
    before: before ? auditValueText(before[k]) : null,
    after: after ? auditValueText(after[k]) : null,
  }))
}
