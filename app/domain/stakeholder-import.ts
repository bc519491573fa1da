/* CSV import of stakeholders, as a pure plan: every row is checked before anything
   is written, and each good row is classified create / update / unchanged so that
   importing the same file twice changes nothing. */
import { z } from 'zod'
import {
  EmailSchema,
  LevelSchema,
  LocaleSchema,
  NameSchema,
  RelationshipRoleSchema,
  StakeholderStatusSchema,
  TitleSchema,
} from '#app/forms/fields'
import { LOCALE_LABELS, LOCALES, type Level, type Locale, type RelationshipRole, type StakeholderStatus } from './vocabulary'

/** What a bad locale cell is told to use: "en (English), ru (Russian), zh (Simplified Chinese) or ms (Malay)". */
const LOCALE_CODES = LOCALES.map((l) => `${l} (${LOCALE_LABELS[l]})`)
  .join(', ')
  .replace(/, (?=[^,]*$)/, ' or ')

export const REQUIRED_COLUMNS = ['name', 'email', 'level', 'role'] as const
export const OPTIONAL_COLUMNS = ['account', 'title', 'locale', 'champion', 'status'] as const
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024
export const MAX_IMPORT_ROWS = 5000

const ImportRowSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  title: TitleSchema,
  level: LevelSchema,
  role: RelationshipRoleSchema,
  locale: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v : 'en'))
    .pipe(LocaleSchema),
  champion: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().toLowerCase())
    .refine((v) => ['', 'yes', 'y', 'no', 'n', 'true', 'false', '1', '0'].includes(v), 'champion must be yes or no.')
    .transform((v) => v === 'yes' || v === 'y' || v === 'true' || v === '1'),
  status: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v : 'active'))
    .pipe(StakeholderStatusSchema),
})

export type ImportTarget = { id: number; name: string; domain: string }
export type ExistingPerson = {
  id: number
  accountId: number
  email: string
  name: string
  title: string
  level: Level
  role: RelationshipRole
  locale: Locale
  isChampion: boolean
  status: StakeholderStatus
}
export type ImportValues = Omit<ExistingPerson, 'id'>
export type PlannedRow = { line: number; action: 'create' | 'update' | 'unchanged'; existingId?: number; values: ImportValues; accountName: string }
export type BadRow = { line: number; reason: string; raw: Record<string, string> }
export type ImportPlan = { good: PlannedRow[]; bad: BadRow[] }

export class ImportFileError extends Error {}

/** Header check: the file-level error a person can act on. */
export function checkColumns(headers: string[], singleAccount: boolean): void {
  const lower = headers.map((h) => h.trim().toLowerCase())
  const missing = REQUIRED_COLUMNS.filter((c) => !lower.includes(c))
  if (!singleAccount && !lower.includes('account')) missing.push('account' as never)
  if (missing.length) {
    throw new ImportFileError(
      `The file is missing the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. Expected a header row with: ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')}.`,
    )
  }
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS])
  const unknown = lower.filter((h) => !known.has(h))
  if (unknown.length) throw new ImportFileError(`Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`)
}

function findAccount(key: string, targets: ImportTarget[]): ImportTarget | undefined {
  const k = key.trim().toLowerCase()
  return targets.find((t) => t.domain === k) ?? targets.find((t) => t.name.toLowerCase() === k)
}

const sameValues = (a: ImportValues, b: ExistingPerson) =>
  a.name === b.name &&
  a.title === b.title &&
  a.level === b.level &&
  a.role === b.role &&
  a.locale === b.locale &&
  a.isChampion === b.isChampion &&
  a.status === b.status

const actionFor = (values: ImportValues, current: ExistingPerson | undefined): PlannedRow['action'] =>
  !current ? 'create' : sameValues(values, current) ? 'unchanged' : 'update'

/**
 * Plan an import. `records` are header-keyed rows (line numbers count the header as 1).
 * With `intoAccount`, rows without an account column go to that account and rows
 * naming another account are refused.
 */
export function planImport({
  records,
  targets,
  existing,
  intoAccount,
}: {
  records: Record<string, string>[]
  targets: ImportTarget[]
  existing: ExistingPerson[]
  intoAccount?: ImportTarget
}): ImportPlan {
  const good: PlannedRow[] = []
  const bad: BadRow[] = []
  const seen = new Map<string, number>()
  const championLine = new Map<number, number>()
  const byKey = new Map(existing.map((p) => [`${p.accountId}|${p.email}`, p]))

  records.forEach((raw, index) => {
    const line = index + 2
    const row = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.trim().toLowerCase(), v ?? '']))
    const accountKey = row.account?.trim() ?? ''
    let account: ImportTarget | undefined
    if (intoAccount) {
      account = accountKey && findAccount(accountKey, [intoAccount]) === undefined ? undefined : intoAccount
      if (!account) return bad.push({ line, raw, reason: `Unknown account "${accountKey}": this import is into ${intoAccount.name} only.` })
    } else {
      if (!accountKey) return bad.push({ line, raw, reason: 'Unknown account: the account column is empty.' })
      account = findAccount(accountKey, targets)
      if (!account) return bad.push({ line, raw, reason: `Unknown account "${accountKey}".` })
    }

    const parsed = ImportRowSchema.safeParse(row)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = String(issue.path[0] ?? '')
      const reason =
        field === 'email'
          ? `Bad email "${row.email ?? ''}".`
          : field === 'level'
            ? `Unknown level "${row.level ?? ''}" (use executor, manager, head or top).`
            : field === 'role'
              ? `Unknown role "${row.role ?? ''}" (use user, buyer or both).`
              : field === 'locale'
                ? `Unknown language "${row.locale ?? ''}" (use ${LOCALE_CODES}).`
                : `${field ? `${field}: ` : ''}${issue.message}`
      return bad.push({ line, raw, reason })
    }
    const { champion, ...rest } = parsed.data
    const key = `${account.id}|${rest.email}`
    const firstLine = seen.get(key)
    if (firstLine) return bad.push({ line, raw, reason: `Duplicate: ${rest.email} already appears on line ${firstLine} for ${account.name}.` })
    seen.set(key, line)
    if (champion) {
      const other = championLine.get(account.id)
      if (other) return bad.push({ line, raw, reason: `Duplicate champion: line ${other} already names the champion of ${account.name}.` })
      championLine.set(account.id, line)
    }

    const current = byKey.get(key)
    // A file that says nothing about champions leaves the current champion alone.
    const values: ImportValues = {
      ...rest,
      accountId: account.id,
      isChampion: row.champion === undefined || row.champion.trim() === '' ? (current?.isChampion ?? false) : champion,
    }
    good.push({ line, action: actionFor(values, current), existingId: current?.id, values, accountName: account.name })
  })
  // A file that names a new champion takes the title from everyone else in that account.
  for (const row of good) {
    const championAt = championLine.get(row.values.accountId)
    if (championAt && championAt !== row.line && row.values.isChampion) {
      row.values.isChampion = false
      row.action = actionFor(row.values, byKey.get(`${row.values.accountId}|${row.values.email}`))
    }
  }
  return { good, bad }
}

export function summarizePlan(plan: ImportPlan) {
  const count = (a: PlannedRow['action']) => plan.good.filter((r) => r.action === a).length
  return { create: count('create'), update: count('update'), unchanged: count('unchanged'), bad: plan.bad.length }
}

/**
 * Who a file lists, by account it covers (for "possibly left" on a full-list import).
 * A bad row still names its person: its email counts for every account the file
 * covers, so a typo elsewhere in the champion's row never reads as them having left.
 */
export function listedEmails(plan: ImportPlan): Map<number, Set<string>> {
  const named = plan.bad.map((b) => (b.raw.email ?? '').trim().toLowerCase()).filter(Boolean)
  const listed = new Map<number, Set<string>>()
  for (const row of plan.good) listed.set(row.values.accountId, (listed.get(row.values.accountId) ?? new Set(named)).add(row.values.email))
  return listed
}
