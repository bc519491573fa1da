/* One SQLite connection per process, migrated on first use.
   Imported only from *.server.ts modules (a lint rule keeps it out of the browser). */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type DB = BetterSQLite3Database<typeof schema>

// NOTE: this file runs from db/ (scripts, tests) and from build/index.js (bundled
// by Remix), so the migrations folder is looked up from both places.
const here = path.dirname(fileURLToPath(import.meta.url))
const MIGRATIONS = [path.join(here, 'migrations'), path.join(here, '..', 'db', 'migrations')].find((dir) =>
  existsSync(path.join(dir, 'meta', '_journal.json')),
)

function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()
  return table ? (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0
}

/**
 * A read-only connection to a database the server has already opened and migrated: for
 * a thread that only reads (app/services/queue-worker.server.ts). It cannot write, so
 * the server's connection stays the only writer and its transactions never meet
 * another's commit between their reads and their writes (SQLITE_BUSY_SNAPSHOT).
 */
export function openReader(file: string): { db: DB; sqlite: Database.Database } {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  sqlite.pragma('busy_timeout = 5000')
  return { db: drizzle(sqlite, { schema }), sqlite }
}

export function openDatabase(file: string): { db: DB; sqlite: Database.Database } {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  // NOTE: NORMAL in WAL mode is durable against application crashes and only
  // risks the last transactions on power loss; see README "Decisions".
  sqlite.pragma('synchronous = NORMAL')
  const db = drizzle(sqlite, { schema })
  if (!MIGRATIONS) throw new Error('db/migrations not found: run from the project folder.')
  // NOTE: migrations run with foreign keys off, as SQLite prescribes for rebuilding a
  // table (drizzle's own PRAGMA inside the migration transaction is a no-op): otherwise
  // dropping the old copy of a table would cascade-delete the rows that refer to it.
  // What they leave behind is then checked before foreign keys go back on.
  sqlite.pragma('foreign_keys = OFF')
  const before = appliedMigrations(sqlite)
  migrate(db, { migrationsFolder: MIGRATIONS })
  // The check reads every table (over a second at portfolio scale): only after a migration ran.
  if (appliedMigrations(sqlite) !== before) {
    const broken = sqlite.pragma('foreign_key_check') as unknown[]
    if (broken.length) throw new Error(`Migrations left ${broken.length} rows with broken references in ${file}.`)
  }
  sqlite.pragma('foreign_keys = ON')
  return { db, sqlite }
}
