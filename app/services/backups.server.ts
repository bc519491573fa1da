/* Backups of the live database (`npm run backup`, and the server's daily job): a copy made
   with SQLite's online backup API, checked before it takes its name, the newest BACKUP_KEEP
   kept, the outcome kept beside them for /admin/settings; and `npm run restore`. */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { getEnv } from '#app/utils/env.server'
import { backupDatabase, inspectDatabase, openElsewhere } from '#app/utils/sqlite-backup.server'

/** Only files named like this are backups: pruning never touches anything else. */
const BACKUP_NAME = /^hatescale-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.db$/
/** A copy still being made or checked: never taken for a backup, removed once surely dead. */
const PARTIAL_NAME = /^hatescale-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db\.\d+\.partial$/
const STATUS_FILE = 'last-backup.json'
const DAY = 86_400_000
/** What a restorable file must have: drizzle's record of migrations and the app's first table. */
const HATESCALE_TABLES = ['__drizzle_migrations', 'accounts']

export class BackupError extends Error {}

/** `hatescale-2026-12-04T19-05-00Z.db`: sorts by name in time order (UTC). */
export function backupFileName(at: Date): string {
  return `hatescale-${stamp(at)}.db`
}

/** When a backup was taken, from its name; null for any other file. */
export function backupTime(name: string): Date | null {
  const match = BACKUP_NAME.exec(name)
  return match ? new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`) : null
}

const stamp = (at: Date) => `${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z`

export function backupSettings(): { dir: string; keep: number } {
  const env = getEnv()
  return { dir: env.BACKUP_DIR, keep: env.BACKUP_KEEP }
}

export type BackupFile = { file: string; path: string; at: Date; bytes: number }

/** The backups in `dir`, newest first. */
export function listBackups(dir = backupSettings().dir): BackupFile[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .flatMap((file) => {
      const at = backupTime(file)
      return at ? [{ file, path: path.join(dir, file), at, bytes: statSync(path.join(dir, file)).size }] : []
    })
    .sort((a, b) => (a.file < b.file ? 1 : -1))
}

/** The newest backup; it passed its integrity check, or it would not have its name. */
export function latestBackup(dir = backupSettings().dir): (BackupFile & { integrity: 'ok' }) | null {
  const [newest] = listBackups(dir)
  return newest ? { ...newest, integrity: 'ok' } : null
}

/** Keeps the newest `keep` backups in `dir` and deletes older ones (and copies abandoned a day ago); returns what it deleted. */
export function pruneBackups({ dir = backupSettings().dir, keep = backupSettings().keep, now = new Date() }: { dir?: string; keep?: number; now?: Date } = {}): string[] {
  if (keep < 1) throw new Error('pruneBackups: keep at least one backup')
  const old = listBackups(dir).slice(keep).map((b) => b.file)
  const abandoned = existsSync(dir) ? readdirSync(dir).filter((file) => PARTIAL_NAME.test(file) && statSync(path.join(dir, file)).mtimeMs < now.getTime() - DAY) : []
  for (const file of [...old, ...abandoned]) rmSync(path.join(dir, file), { force: true })
  return [...old, ...abandoned]
}

/** The outcome of the last backup attempt, as shown at /admin/settings. */
export type BackupOutcome = { at: string; file: string | null; bytes: number | null; integrity: string | null; tookMs: number; error: string | null }

export function lastBackupOutcome(dir = backupSettings().dir): BackupOutcome | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, STATUS_FILE), 'utf8')) as BackupOutcome
  } catch {
    return null
  }
}

function recordOutcome(dir: string, outcome: BackupOutcome) {
  const file = path.join(dir, STATUS_FILE)
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(outcome, null, 2))
  renameSync(`${file}.${process.pid}.tmp`, file)
}

/** What /admin/settings shows: the last attempt, the newest backup, and where and how many are kept. */
export function backupOverview() {
  const { dir, keep } = backupSettings()
  const newest = latestBackup(dir)
  return {
    dir,
    keep,
    last: lastBackupOutcome(dir),
    newest: newest && { file: newest.file, at: newest.at.toISOString(), bytes: newest.bytes },
  }
}

/** Milliseconds until a daily backup is due (0: now), counted from the newest backup in `dir`. */
export function backupDueIn(now: Date, dir = backupSettings().dir): number {
  const newest = latestBackup(dir)
  if (!newest) return 0
  return Math.min(DAY, Math.max(0, newest.at.getTime() + DAY - now.getTime()))
}

export type BackupReport = { file: string; bytes: number; integrity: 'ok'; tookMs: number; pages: number; removed: string[] }

/**
 * Copies the live database into BACKUP_DIR with SQLite's online backup API, checks the
 * copy with PRAGMA integrity_check, names it, and prunes to BACKUP_KEEP. The copy is made
 * under a temporary name and renamed only once checked, so a half-written or failed copy
 * is never taken for a backup. Copy and check run on a worker thread (the server's
 * requests go on meanwhile). The outcome, failure included, is recorded for
 * /admin/settings; a failure throws a BackupError with one sentence.
 */
export async function takeBackup({
  now = new Date(),
  databasePath = getEnv().DATABASE_PATH,
  dir = backupSettings().dir,
  keep = backupSettings().keep,
}: { now?: Date; databasePath?: string; dir?: string; keep?: number } = {}): Promise<BackupReport> {
  const started = performance.now()
  const tookMs = () => Math.round(performance.now() - started)
  const file = path.join(dir, backupFileName(now))
  // NOTE: the process id keeps a CLI run and the server's job, started the same second, apart.
  const partial = `${file}.${process.pid}.partial`
  const fail = (error: string): never => {
    for (const leftover of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(leftover, { force: true })
    recordOutcome(dir, { at: now.toISOString(), file: null, bytes: null, integrity: null, tookMs: tookMs(), error })
    throw new BackupError(error)
  }
  mkdirSync(dir, { recursive: true })
  // Opening a missing file would make a new, empty database, and back that up.
  if (!existsSync(databasePath)) fail(`No database at ${databasePath} (DATABASE_PATH): nothing was backed up.`)

  const copy = await backupDatabase(databasePath, partial).catch((error: Error) => ({ ok: false, stage: 'copy', error: error.message }) as const)
  if (!copy.ok && copy.stage === 'copy') return fail(`Backup failed while copying ${databasePath}: ${copy.error}.`)
  if (!copy.ok) return fail(`Backup failed: the copy could not be checked (${copy.error}) and was deleted.`)
  if (copy.integrity !== 'ok') return fail(`Backup failed: the copy did not pass PRAGMA integrity_check (${copy.integrity}) and was deleted.`)
  await syncToDisk(partial) // on disk before it takes the name that says "checked"
  // NOTE: a backup of the same second already there is replaced by this later one.
  renameSync(partial, file)

  const bytes = statSync(file).size
  recordOutcome(dir, { at: now.toISOString(), file: path.basename(file), bytes, integrity: 'ok', tookMs: tookMs(), error: null })
  const removed = pruneBackups({ dir, keep, now })
  return { file, bytes, integrity: 'ok', tookMs: tookMs(), pages: copy.pages ?? 0, removed }
}

/** fsync off the event loop (a fresh copy's data may still be on its way to the disk). */
async function syncToDisk(file: string) {
  const handle = await open(file, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export type RestoreReport = { databasePath: string; bytes: number; keptAside: string | null; movedAside: string[]; removed: string[] }

/**
 * Puts a backup in place of the database at `databasePath`, for a stopped deployment.
 * Refuses (BackupError, nothing changed) a file that fails integrity_check or is not a
 * Hatescale database, and a database another process has open. The current database is
 * kept as `<db>.before-restore-<time>` (with its -wal, if one was left), and no -wal or
 * -shm of the old database stays beside the new one: SQLite would apply it to the wrong file.
 */
export async function restoreBackup({ file, databasePath = getEnv().DATABASE_PATH, now = new Date() }: { file: string; databasePath?: string; now?: Date }): Promise<RestoreReport> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`No backup file at ${file}: nothing was changed.`)
  const inspection = await inspectDatabase(file)
  if (!inspection.ok) throw new BackupError(`${file} is not a readable SQLite database (${inspection.error}): nothing was changed.`)
  if (inspection.integrity !== 'ok') throw new BackupError(`${file} did not pass PRAGMA integrity_check (${inspection.integrity}): nothing was changed.`)
  const missing = HATESCALE_TABLES.filter((table) => !inspection.tables.includes(table))
  if (missing.length) throw new BackupError(`${file} is not a Hatescale database (it has no ${missing.join(' or ')} table): nothing was changed.`)

  const target = path.resolve(databasePath)
  const exists = existsSync(target)
  if (exists && openElsewhere(target)) {
    throw new BackupError(`The database at ${databasePath} is open in another process (is the server running?): stop it first, then restore. Nothing was changed.`)
  }
  mkdirSync(path.dirname(target), { recursive: true })
  const at = stamp(now)
  const incoming = `${target}.restoring-${at}`
  copyFileSync(file, incoming)
  await syncToDisk(incoming)

  let keptAside: string | null = null
  const movedAside: string[] = []
  const removed: string[] = []
  if (exists) {
    keptAside = `${target}.before-restore-${at}`
    // A second name for the old file, then one rename over it: there is never a moment
    // without a database at DATABASE_PATH (a server started then would create an empty one).
    try {
      linkSync(target, keptAside)
    } catch {
      copyFileSync(target, keptAside)
    }
  }
  for (const suffix of ['-wal', '-journal', '-shm']) {
    if (!existsSync(target + suffix)) continue
    // A journal holds the old database's last writes: it goes with the copy kept aside.
    if (keptAside && suffix !== '-shm') {
      renameSync(target + suffix, keptAside + suffix)
      movedAside.push(keptAside + suffix)
    } else {
      rmSync(target + suffix)
      removed.push(target + suffix)
    }
  }
  renameSync(incoming, target)
  return { databasePath: target, bytes: statSync(target).size, keptAside, movedAside, removed }
}
