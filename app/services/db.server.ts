/* The process-wide database handle. Opening it applies pending migrations, so a
   server start (the build imports this module) always runs on the current schema. */
import Database from 'better-sqlite3'
import { openDatabase } from '#db/client'
import { getEnv } from './env.server'

export const { db, sqlite } = openDatabase(getEnv().DATABASE_PATH)

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
