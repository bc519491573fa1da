/* Upgrading a database that already holds data: what a migration does to rows
   written before it. The database is migrated to an older migration, filled, then
   opened the way the server opens it (which applies the rest). */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '#db/client'

const MIGRATIONS = path.resolve('db/migrations')
const open: Database.Database[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

/** A database file migrated up to and including migration `tag`. */
function databaseAt(tag: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hatescale-migration-'))
  const folder = path.join(dir, 'migrations')
  cpSync(MIGRATIONS, folder, { recursive: true })
  const journalFile = path.join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
  const upTo = journal.entries.findIndex((e) => e.tag === tag)
  expect(upTo, tag).toBeGreaterThanOrEqual(0)
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo + 1) }))
  const file = path.join(dir, 'app.db')
  const sqlite = new Database(file)
  migrate(drizzle(sqlite), { migrationsFolder: folder })
  sqlite.close()
  return file
}

// One invitation per wave, so that only the hash indexes can conflict.
const insertInvitation = (sqlite: Database.Database, id: number, hash: string) =>
  sqlite
    .prepare(
      `insert into invitations (id, wave_id, stakeholder_id, account_id, level, role, locale, token_salt, token_hash, unsubscribe_hash)
       values (?, ?, 1, 1, 'top', 'decision_maker', 'en', ?, ?, ?)`,
    )
    .run(id, id, `salt-${id}`, hash, `u-${hash}`)

describe('0007 named invitation links', () => {
  it('invitations sent before keep their bare-MAC links (format 1, unique by hash); new rows are format 2 and outside the hash indexes', () => {
    const file = databaseAt('0006_at_risk_queue')
    const old = new Database(file)
    old.exec(`
      insert into accounts (id, name, domain) values (1, 'Acme', 'acme.test');
      insert into stakeholders (id, account_id, name, email, level, role) values (1, 1, 'Ann', 'ann@acme.test', 'top', 'decision_maker');
      insert into waves (id, name, levels, questions, follow_up, reminder_policy, send_at, closes_at)
        values (1, 'Q1', '[]', '{}', '{}', '{}', 0, 1), (2, 'Q2', '[]', '{}', '{}', '{}', 0, 1), (3, 'Q3', '[]', '{}', '{}', '{}', 0, 1);
    `)
    insertInvitation(old, 1, 'hash-1')
    old.close()

    const { sqlite } = openDatabase(file)
    open.push(sqlite)
    expect(sqlite.prepare('select link_format from invitations where id = 1').get()).toEqual({ link_format: 1 })
    // The legacy lookup (answers.server.ts) is served by the partial index.
    const plan = sqlite.prepare("explain query plan select id from invitations where token_hash = ? and link_format = 1").all('hash-1') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('invitations_token_uq')
    // A row inserted now takes the column's default, format 2, and is outside the unique
    // hash index: sharing row 1's hash does not conflict (no index entry is written)...
    insertInvitation(sqlite, 2, 'hash-1')
    expect(sqlite.prepare('select link_format from invitations where id = 2').get()).toEqual({ link_format: 2 })
    // ...while format-1 hashes stay unique.
    insertInvitation(sqlite, 3, 'hash-3')
    expect(() => sqlite.prepare("update invitations set link_format = 1, token_hash = 'hash-1' where id = 3").run()).toThrow(/UNIQUE/)
  })
})
