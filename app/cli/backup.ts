/* `npm run backup`: a checked copy of the live database, now (the server takes one daily).
   Safe beside a running server: SQLite's online backup API copies a consistent state. */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { BackupError, backupSettings, takeBackup } from '#app/services/backups.server'
import { getEnv } from '#app/utils/env.server'

export const HELP = `Usage: npm run backup [-- --help]

Copies the live database (DATABASE_PATH) with SQLite's online backup API, safe while
the server runs and writes, checks the copy with PRAGMA integrity_check and saves it
in BACKUP_DIR (default: backups/ beside the database) as hatescale-<UTC time>.db.
A copy that fails the check is deleted and the command exits with 1. After a backup,
the newest BACKUP_KEEP (default 14) are kept and older ones deleted; no other file
there is touched. The server takes one a day as well.
To put a backup back: npm run restore -- FILE, with the server stopped.

Options:
  -h, --help   show this help`

export type CliIO = { log?: (line: string) => void; error?: (line: string) => void }

// A path under the working folder reads shorter relative; anything else stays absolute.
const shown = (file: string) => (path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file))
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`

/** The command; resolves with its exit code. */
export async function runBackup(args: string[], { log = console.log, error = console.error }: CliIO = {}): Promise<number> {
  const unknown = args.find((arg) => arg !== '--help' && arg !== '-h')
  if (unknown !== undefined) {
    error(`Unknown option: ${unknown}\n\n${HELP}`)
    return 2
  }
  if (args.length) {
    log(HELP)
    return 0
  }
  try {
    const backup = await takeBackup()
    const { keep } = backupSettings()
    const pruned = backup.removed.length ? ` Deleted ${backup.removed.length} older (keeping the newest ${keep}).` : ''
    log(`Backed up ${getEnv().DATABASE_PATH} to ${shown(backup.file)}: ${megabytes(backup.bytes)}, integrity check ok, in ${(backup.tookMs / 1000).toFixed(1)} s.${pruned}`)
    return 0
  } catch (failure) {
    if (!(failure instanceof BackupError)) throw failure
    error(failure.message)
    return 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await runBackup(process.argv.slice(2)))
}
