/* SQLite plumbing for backups, on a worker thread: a copy made with SQLite's online backup
   API and checked with PRAGMA integrity_check, the same check of a file to restore, and
   whether another connection has a database open. The workflow: app/services/backups.server.ts. */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'

/** What a copy or a file turned out to be: its check ('ok', or the first problems) and tables. */
export type Inspection = { ok: true; pages: number | null; integrity: string; tables: string[] } | { ok: false; stage: 'copy' | 'check'; error: string }

// The worker's whole program. With `from`: copy it to `file` first, in one step (a single
// read transaction, a consistent snapshot that in WAL mode blocks no writer), and make the
// copy one self-contained file (journal_mode DELETE: nothing beside it). Then check `file`,
// list its tables, close. better-sqlite3 takes at most 0x7fffffff pages a step: "all".
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const { from, file, maxProblems } = workerData
let stage = 'copy'
async function main() {
  let pages = null
  if (from) {
    const source = new Database(from, { readonly: true, fileMustExist: true })
    try {
      source.pragma('busy_timeout = 5000')
      pages = (await source.backup(file, { progress: () => 0x7fffffff })).totalPages
    } finally {
      source.close()
    }
  }
  stage = 'check'
  const db = new Database(file, { readonly: !from, fileMustExist: true })
  try {
    if (from) db.pragma('journal_mode = DELETE')
    const problems = db.pragma('integrity_check(' + maxProblems + ')').map((row) => row.integrity_check)
    const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all().map((row) => row.name)
    return { ok: true, pages, integrity: problems.join('; '), tables }
  } finally {
    db.close()
  }
}
main().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ ok: false, stage, error: error && error.message ? error.message : String(error) }),
)
`

function inWorker(data: { from: string | null; file: string; maxProblems: number }): Promise<Inspection> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      execArgv: [], // not the parent's flags: under a loader the script would not be CommonJS
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), ...data },
    })
    let answered = false
    worker.once('message', (result: Inspection) => {
      answered = true
      resolve(result)
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`The backup worker stopped (exit code ${code}) before answering.`))
    })
  })
}

/**
 * Copies the database at `from` to `file` and checks the copy, off the calling thread.
 * NOTE: measured on a 154 MB database: the copy takes 0.7–0.8 s, stepped or not, and its
 * last step (the copy's commit) ~0.25 s in one piece; the check 2.4 s in one piece. On
 * the server's thread each would stall every request for as long; here none does. Done
 * in one step, the copy is never restarted by the server's writes (a stepped copy from a
 * connection other than the writer's starts over after each one).
 */
export function backupDatabase(from: string, file: string, { maxProblems = 5 } = {}): Promise<Inspection> {
  return inWorker({ from, file, maxProblems })
}

/** PRAGMA integrity_check of a database file, and its tables, read-only, off the calling thread. */
export function inspectDatabase(file: string, { maxProblems = 5 } = {}): Promise<Inspection> {
  return inWorker({ from: null, file, maxProblems })
}

/**
 * Whether another connection (a running server, a script) has this database open.
 * NOTE: BEGIN EXCLUSIVE alone does not tell: in WAL mode it only keeps out other writers,
 * and an idle server holds no lock at all. In exclusive locking mode SQLite needs the
 * database file's exclusive lock, which the shared lock every open WAL connection keeps
 * denies. Run with the server stopped, the probe is the last connection: closing it
 * checkpoints the WAL into the database file.
 */
export function openElsewhere(file: string, { waitMs = 250 } = {}): boolean {
  const probe = new Database(file, { fileMustExist: true, timeout: waitMs })
  try {
    probe.pragma('locking_mode = EXCLUSIVE')
    probe.exec('BEGIN EXCLUSIVE')
    probe.exec('COMMIT')
    return false
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true
    throw error
  } finally {
    probe.close()
  }
}
