/* `npm run restore -- FILE`: puts a backup back, into a stopped deployment, after
   checking it. The database it replaces is kept aside, never deleted. */
import { pathToFileURL } from 'node:url'
import { BackupError, restoreBackup } from '#app/services/backups.server'
import { getEnv } from '#app/utils/env.server'
import type { CliIO } from './backup'

export const HELP = `Usage: npm run restore -- FILE [--help]

Puts the backup FILE in place of the database at DATABASE_PATH. Stop the server first:
a database another process has open is refused. FILE must pass PRAGMA integrity_check
and be a Hatescale database, or nothing is changed. The current database is kept as
<database>.before-restore-<UTC time>, and no -wal or -shm file of it stays beside the
restored one. Start the server afterwards; it applies any newer migrations.
Backups come from npm run backup and from the server's daily backup (in BACKUP_DIR).

Options:
  -h, --help   show this help`

/** The command; resolves with its exit code. */
export async function runRestore(args: string[], { log = console.log, error = console.error }: CliIO = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    log(HELP)
    return 0
  }
  const unknown = args.find((arg) => arg.startsWith('-'))
  if (unknown !== undefined || args.length !== 1) {
    error(`${unknown !== undefined ? `Unknown option: ${unknown}` : 'Give exactly one backup file.'}\n\n${HELP}`)
    return 2
  }
  try {
    const report = await restoreBackup({ file: args[0] })
    const lines = [`Checked ${args[0]}: integrity check ok, a Hatescale database.`]
    if (report.keptAside) lines.push(`Kept the database it replaces as ${report.keptAside}.`)
    for (const file of report.movedAside) lines.push(`Moved ${file.slice(report.keptAside!.length)} of the old database to ${file}.`)
    for (const file of report.removed) lines.push(`Removed ${file}.`)
    lines.push(`Restored ${args[0]} to ${getEnv().DATABASE_PATH} (${report.bytes} bytes). Start the server.`)
    log(lines.join('\n'))
    return 0
  } catch (failure) {
    if (!(failure instanceof BackupError)) throw failure
    error(failure.message)
    return 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await runRestore(process.argv.slice(2)))
}
