/* Reading an uploaded stakeholder CSV (with csv-parse, a maintained parser) and
   turning it into a plan; nothing is written until the plan is confirmed. */
import { parse } from 'csv-parse/sync'
import { canEditAccount, type Viewer } from '#app/domain/access'
import {
  checkColumns,
  ImportFileError,
  listedEmails,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  planImport,
  type ExistingPerson,
  type ImportPlan,
  type ImportTarget,
} from '#app/domain/stakeholder-import'
import { listImportTargets } from '#app/models/accounts.server'
import { detectMissingFromImport } from '#app/models/champions.server'
import { applyImport, listStakeholdersOfAccounts } from '#app/models/stakeholders.server'
import { auditChange, type AuditValues } from '#app/domain/audit'
import { db } from '#app/utils/db.server'
import { afterCommit } from './after-commit.server'
import { recordChange, type Actor } from './audit.server'

/** Bytes → header-keyed records, or an ImportFileError a person can act on. */
export function readCsv(bytes: Uint8Array, { singleAccount }: { singleAccount: boolean }): Record<string, string>[] {
  if (bytes.byteLength === 0) throw new ImportFileError('The file is empty.')
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new ImportFileError(`The file is too large (${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB); the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`)
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportFileError('This is not a UTF-8 text file. Export the spreadsheet as "CSV UTF-8" and try again.')
  }
  if (text.includes('\u0000')) throw new ImportFileError('This looks like a binary file, not a CSV text file.')
  let rows: string[][]
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_quotes: false })
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid Record Length: /, '') : 'unreadable'
    throw new ImportFileError(`The file could not be read as CSV: ${reason}`)
  }
  const [header, ...body] = rows
  if (!header) throw new ImportFileError('The file is empty.')
  checkColumns(header, singleAccount)
  if (body.length === 0) throw new ImportFileError('The file has a header row but no people.')
  if (body.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${body.length} rows; the limit is ${MAX_IMPORT_ROWS} per import.`)
  const keys = header.map((h) => h.trim().toLowerCase())
  return body.map((cells) => Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? ''])))
}

export function previewImport({
  viewer,
  bytes,
  intoAccount,
}: {
  viewer: Viewer
  bytes: Uint8Array
  intoAccount?: ImportTarget
}): ImportPlan {
  const records = readCsv(bytes, { singleAccount: Boolean(intoAccount) })
  // Importing people edits an account: only the accounts this viewer may edit can be named.
  const targets = intoAccount ? [intoAccount] : listImportTargets({ viewer }).filter((a) => canEditAccount(viewer, a))
  const existing = listStakeholdersOfAccounts({ accountIds: targets.map((t) => t.id) })
  return planImport({ records, targets, existing, intoAccount })
}

/**
 * What an import changes, per account, for the audit trail: each person created or
 * updated, keyed by email, with the fields that changed (one event per account, so the
 * trail's account filter finds it; not one per person, so a big file is a line per account).
 */
function importTrail(plan: ImportPlan, existing: ExistingPerson[]): Map<number, { before: AuditValues; after: AuditValues }> {
  const byId = new Map(existing.map((p) => [p.id, p]))
  const trail = new Map<number, { before: AuditValues; after: AuditValues }>()
  for (const row of plan.good) {
    if (row.action === 'unchanged') continue
    const { accountId, ...values } = row.values
    const current = row.existingId ? byId.get(row.existingId) : undefined
    const was = current ? { name: current.name, email: current.email, title: current.title, level: current.level, role: current.role, locale: current.locale, isChampion: current.isChampion, status: current.status } : null
    const change = auditChange(was, values)
    if (!change) continue
    const entry = trail.get(accountId) ?? { before: {}, after: {} }
    entry.before[values.email] = change.before
    entry.after[values.email] = change.after
    trail.set(accountId, entry)
  }
  return trail
}

/**
 * Applies the plan. `fullList`: the importer says the file lists every person of the
 * accounts it covers (a box on the preview, off by default); only then does a current
 * champion missing from it raise "possibly left" (once per person), in the same transaction.
 */
export function confirmImport({ fullList = false, actor, ...args }: Parameters<typeof previewImport>[0] & { fullList?: boolean; actor: Actor }) {
  const plan = previewImport(args)
  const listed = listedEmails(plan)
  const applied = db.transaction((tx) => {
    const trail = importTrail(plan, listStakeholdersOfAccounts({ accountIds: [...listed.keys()] }))
    const result = applyImport({ rows: plan.good, userId: args.viewer.id })
    detectMissingFromImport(tx, { accountIds: [...listed.keys()], listedEmails: listed, fullList })
    for (const [accountId, change] of trail) recordChange({ actor, action: 'stakeholders.imported', entityType: 'account', entityId: accountId, accountId, ...change })
    return result
  })
  afterCommit({ reassess: [...listed.keys()] })
  return { plan, ...applied }
}

export { ImportFileError }
