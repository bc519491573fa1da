/* The process-wide database handle. Opening it applies pending migrations, so a
   server start (the build imports this module) always runs on the current schema. */
import { createRequire } from 'node:module'
import { Worker, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { openDatabase, openReader } from '#db/client'
import { getEnv } from './env.server'

/** The workerData of the server's background thread (background.server.ts): there, these modules only read. */
export const READER_THREAD = { role: 'background-reader' } as const
export const inReaderThread = (workerData as { role?: string } | null)?.role === READER_THREAD.role

export const { db, sqlite } = inReaderThread ? openReader(getEnv().DATABASE_PATH) : openDatabase(getEnv().DATABASE_PATH)

/**
 * How often the checkpoint worker copies the WAL into the database file. Every second was
 * too seldom under a queue recompute on the server: the WAL passed the fallback's 10,000
 * pages between two checkpoints, and slices with 5 ms of work took 30–33 ms to commit
 * (the commit checkpointing itself); every 200 ms they took 15–22 ms.
 */
const CHECKPOINT_EVERY_MS = 200
/** If the worker stops, the connection checkpoints again itself past this many WAL pages (~40 MiB). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000

// The worker's whole program: its own connection, a PASSIVE checkpoint on a timer.
// PASSIVE takes no lock a writer waits for; it copies what no reader still needs.
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {} // busy now: the next tick tries again
}, workerData.everyMs)
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close() })
`

/**
 * Moves WAL checkpoints off the request path, as SQLite's WAL notes suggest: a worker
 * thread checkpoints five times a second on a connection of its own, and this connection's
 * automatic checkpoint (SQLite's default runs one inside whichever commit takes the WAL
 * past 1,000 pages) only remains as a fallback at 10,000.
 * NOTE: measured on the portfolio, refreshQueue() after one answer had p99 5.1 ms with
 * automatic checkpoints and 2.9 ms without: two or three commits in 200 paid for one.
 * The server starts it once (entry.server.tsx); scripts keep SQLite's default.
 */
export function startCheckpointer(): () => Promise<void> {
  if (globalThis.__hatescaleCheckpointer) return globalThis.__hatescaleCheckpointer
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    execArgv: [], // not the parent's flags: under --input-type=module (or a loader) the script would not be CommonJS
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: getEnv().DATABASE_PATH, everyMs: CHECKPOINT_EVERY_MS },
  })
  worker.unref() // never what keeps a process alive
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
  worker.on('error', (error) => console.error('checkpoint worker stopped; the connection checkpoints itself again past 10,000 pages:', error))
  const stop = async () => {
    globalThis.__hatescaleCheckpointer = undefined
    worker.ref() // an unref'd worker's exit would not keep the process waiting for it
    worker.postMessage('stop')
    await new Promise((resolve) => worker.once('exit', resolve))
  }
  globalThis.__hatescaleCheckpointer = stop
  return stop
}

declare global {
  // Kept on globalThis so a dev-server rebuild that re-imports this module starts no second worker.
  var __hatescaleCheckpointer: (() => Promise<void>) | undefined
}

/** Page cache of a streamed read (4 MiB; the shared connection keeps SQLite's 16 MiB default). */
const STREAM_CACHE_KIB = 4 * 1024

/**
 * Rows of one query, read lazily on a read-only connection of their own, closed when
 * the rows are done or the reader stops (return()).
 * NOTE: better-sqlite3 refuses every write on a connection while one of its iterators
 * is open, and a streamed export keeps its iterator open between chunks: on the shared
 * connection, every answer during a long export would fail. In WAL mode this reader
 * sees one consistent snapshot and blocks no writer. Its caches are small on purpose:
 * the temporary b-trees of the export's GROUP BYs get their own page caches too.
 */
export function* streamRows(text: string, params: unknown[]): Generator<unknown[]> {
  const reader = new Database(getEnv().DATABASE_PATH, { readonly: true, fileMustExist: true })
  try {
    reader.pragma(`cache_size = -${STREAM_CACHE_KIB}`)
    reader.pragma(`temp.cache_size = -${STREAM_CACHE_KIB}`)
    yield* reader.prepare(text).raw(true).iterate(...params) as IterableIterator<unknown[]>
  } finally {
    reader.close()
  }
}
export type { DB } from '#db/client'

/** A transaction handle, for model functions that take part in a caller's transaction. */
export type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]
