/* Backups and restores: `npm run backup` while the production server takes answers, the
   backup restored and served with every answer acknowledged before it began; a copy
   that fails its check never becomes a backup; restore refuses bad files and a database
   in use; pruning; the server's daily job and what /admin/settings shows of it. */
import { spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runBackup, HELP as BACKUP_HELP } from '#app/cli/backup'
import { runRestore, HELP as RESTORE_HELP } from '#app/cli/restore'
import { loader as settingsLoader } from '#app/routes/admin.settings'
import { BackupError, backupFileName, backupTime, lastBackupOutcome, listBackups, pruneBackups, restoreBackup, takeBackup } from '#app/services/backups.server'
import { BACKUP_SETTLE_MS, JOBS, scheduledJobs } from '#app/services/scheduled-work.server'
import { createScheduler } from '#app/utils/scheduler.server'
import { makeUser, signedIn, TEST_PASSWORD } from '#test/factories'
import { call } from '#test/route'
import { ROOT, TMP_DIR } from '#test/setup/paths'
import { makeWave, surveyToken } from '#test/survey-factories'
import { startServer, type RunningServer } from '#test/e2e/server'

// Before any app module reads the environment: this file's backups go to a folder of its own.
const PAGE_BACKUP_DIR = vi.hoisted(() => (process.env.BACKUP_DIR = process.env.DATABASE_PATH!.replace(/\.db$/, '-backups')))

const scratch = (name: string) => {
  const dir = path.join(TMP_DIR, `backup-${name}-${randomUUID()}`)
  mkdirSync(dir, { recursive: true })
  return dir
}
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const files = (dir: string) => readdirSync(dir).sort()

/** Runs `npm run <script>` as an operator would, with this environment on top of the test's. */
function npmRun(script: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * A database that opens and reads but fails PRAGMA integrity_check (an index that no longer
 * matches its table), with the tables a Hatescale database has: the backup API copies its
 * pages as they are, so its copy fails too.
 */
function corruptDatabase(file: string) {
  const db = new Database(file)
  db.exec('create table accounts (id integer primary key, name text, code text); create index accounts_code on accounts(code); create table __drizzle_migrations (id integer primary key, hash text)')
  const insert = db.prepare('insert into accounts (name, code) values (?, ?)')
  for (let i = 0; i < 200; i++) insert.run(`name ${i}`, `code ${1000 - i}`)
  db.unsafeMode(true)
  db.pragma('writable_schema = ON')
  db.prepare("update sqlite_master set sql = 'CREATE INDEX accounts_code ON accounts(name)' where name = 'accounts_code'").run()
  db.close()
}

/** A WAL database of about `megabytes` MB, as the server keeps it. */
function bigDatabase(file: string, megabytes: number) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec('create table filler (id integer primary key, body blob)')
  const insert = db.prepare('insert into filler (body) values (randomblob(4000))')
  db.transaction(() => {
    for (let i = 0; i < megabytes * 250; i++) insert.run()
  })()
  return db
}

const countRows = (file: string, table: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}
const integrityOf = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.pragma('integrity_check', { simple: true })
  } finally {
    db.close()
  }
}

describe('a backup taken while answers are being written, restored and served', () => {
  let servers: RunningServer[] = []
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    servers = []
  })

  it('has every answer acknowledged before the backup began, and the restored server serves them', { timeout: 180_000 }, async () => {
    const dir = scratch('live')
    const backupDir = path.join(dir, 'backups')
    const admin = await makeUser('admin')
    const wave = await makeWave({ count: 300, anonymity: 'named' })
    const tokens = wave.invitationIds.map(surveyToken)
    const serverEnv = { SESSION_SECRET: process.env.SESSION_SECRET!, DISPATCHER: 'off' }
    // The server writes to this test's database; its own start-up backup goes elsewhere.
    const live = await startServer({ databasePath: process.env.DATABASE_PATH!, env: { ...serverEnv, BACKUP_DIR: path.join(dir, 'server-backups') } })
    servers.push(live)

    type Post = { submissionId: string; invitation: number; comment: string; status: number }
    const posts: Post[] = []
    let next = 0
    let posting = true
    const poster = async () => {
      while (posting) {
        const invitation = next++ % tokens.length
        const submissionId = randomUUID()
        const comment = `answer-${submissionId}`
        const res = await fetch(`${live.baseUrl}/s/${tokens[invitation]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: live.baseUrl },
          body: new URLSearchParams({ intent: 'answer', submissionId, score: String(invitation % 11), comment, category: 'support' }).toString(),
          redirect: 'manual',
        })
        await res.arrayBuffer()
        posts.push({ submissionId, invitation, comment, status: res.status })
      }
    }
    // NOTE: a reader holding one snapshot from before the first answer keeps the server's
    // checkpoints from moving any answer into the database file: they stay in the WAL until
    // the backup is taken, so a copy of the database file alone would miss every one.
    const holder = new Database(process.env.DATABASE_PATH!, { readonly: true })
    holder.exec('BEGIN')
    holder.prepare('select count(*) from responses').get()
    const posters = Array.from({ length: 6 }, poster)
    while (posts.filter((p) => p.status === 303).length < 300) await new Promise((r) => setTimeout(r, 20))

    // Counted, not timed: a post is pushed once acknowledged, so these are exactly the
    // answers acknowledged before the backup began (a clock in ms ties within one).
    const ackedBeforeBackup = posts.length
    const backup = await npmRun('backup', [], { DATABASE_PATH: process.env.DATABASE_PATH!, BACKUP_DIR: backupDir })
    const ackedByBackupEnd = posts.length
    holder.exec('COMMIT')
    holder.close()
    await new Promise((r) => setTimeout(r, 200)) // and a few more after it
    posting = false
    await Promise.all(posters)
    await live.stop()

    expect(backup.stderr).toBe('')
    expect(backup.code).toBe(0)
    expect(backup.stdout).toMatch(/^Backed up .+ to .+hatescale-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db: [\d.]+ MB, integrity check ok, in [\d.]+ s\.$/m)
    expect(posts.every((p) => p.status === 303), `statuses: ${[...new Set(posts.map((p) => p.status))]}`).toBe(true)
    const before = posts.slice(0, ackedBeforeBackup)
    const during = posts.slice(ackedBeforeBackup, ackedByBackupEnd)
    expect(before.length).toBeGreaterThanOrEqual(300)
    expect(during.length, 'answers acknowledged while the backup ran').toBeGreaterThan(20)
    const [taken] = listBackups(backupDir)
    expect(taken).toBeDefined()
    expect(files(backupDir)).toEqual([taken.file, 'last-backup.json'])
    // The server takes its own only once settled after start (BACKUP_SETTLE_MS), not during this test.
    expect(listBackups(path.join(dir, 'server-backups')), live.output()).toHaveLength(0)
    // Measured for the report: the backup command's own figures.
    console.log(`backup of the live test database: ${taken.bytes} bytes; ${backup.stdout.trim()}; ${before.length} answers before it, ${during.length} during it`)

    // Restored into a fresh deployment with the restore command, then served.
    const restoredPath = path.join(scratch('restored'), 'hatescale.db')
    const restore = await npmRun('restore', [taken.path], { DATABASE_PATH: restoredPath })
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(restore.stdout).toContain(`Restored ${taken.path} to ${restoredPath}`)
    expect(integrityOf(restoredPath)).toBe('ok')

    const restoredDb = new Database(restoredPath, { readonly: true })
    const stored = new Set((restoredDb.prepare('select submission_id as id from response_revisions').all() as { id: string }[]).map((r) => r.id))
    // A consistent snapshot: each response's revision count agrees with its revisions, written in the same transaction.
    const disagreeing = restoredDb.prepare('select count(*) as n from responses r where r.revisions != (select count(*) from response_revisions rr where rr.response_id = r.id)').get() as { n: number }
    restoredDb.close()
    expect(before.filter((p) => !stored.has(p.submissionId)).map((p) => p.submissionId)).toEqual([])
    const posted = new Set(posts.map((p) => p.submissionId))
    expect([...stored].filter((id) => !posted.has(id))).toEqual([])
    expect(disagreeing.n).toBe(0)

    const restored = await startServer({ databasePath: restoredPath, env: { ...serverEnv, BACKUP_DIR: path.join(dir, 'restored-server-backups') } })
    servers.push(restored)
    expect((await fetch(`${restored.baseUrl}/healthz`)).status).toBe(200)
    const login = await fetch(`${restored.baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: restored.baseUrl },
      body: new URLSearchParams({ email: admin.email, password: TEST_PASSWORD, redirectTo: '/accounts' }).toString(),
      redirect: 'manual',
    })
    expect([302, 303]).toContain(login.status)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const csv = await fetch(`${restored.baseUrl}/sentiment/export.csv`, { headers: { cookie } })
    expect(csv.status).toBe(200)
    const rows = (parse(await csv.text(), { columns: true, bom: true }) as Record<string, string>[]).filter((r) => r.row === 'answer')
    // Every person who had answered before the backup is in the export, with an answer they gave.
    const emailOf = (invitation: number) => wave.recipients[invitation].email
    const exported = new Map(rows.map((r) => [r.email, r.comment]))
    for (const invitation of new Set(before.map((p) => p.invitation))) {
      const comment = exported.get(emailOf(invitation))
      expect(comment, emailOf(invitation)).toBeDefined()
      expect(posts.some((p) => p.invitation === invitation && p.comment === comment)).toBe(true)
    }
    const settingsPage = await fetch(`${restored.baseUrl}/admin/settings`, { headers: { cookie } })
    expect(settingsPage.status).toBe(200)
    expect(await settingsPage.text()).toMatch(/<h2 id="backups">Backups<\/h2>[\s\S]*(Last backup: |No backup yet)/)
    // The page of an answered link opens there too (same link key, restored hashes).
    expect((await fetch(`${restored.baseUrl}/s/${tokens[before[0].invitation]}`)).status).toBe(200)

    // While that server runs, restoring over its database is refused and changes nothing.
    const restoredDir = path.dirname(restoredPath)
    const filesBefore = files(restoredDir)
    const refused = await npmRun('restore', [taken.path], { DATABASE_PATH: restoredPath })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/is open in another process \(is the server running\?\): stop it first, then restore\. Nothing was changed\./)
    expect(files(restoredDir)).toEqual(filesBefore)
    expect((await fetch(`${restored.baseUrl}/sentiment/export.csv`, { headers: { cookie } })).status).toBe(200)
  })
})

describe('npm run backup', () => {
  it('writes a checked, self-contained copy named by its UTC time, records it, and says so', async () => {
    const dir = scratch('take')
    const now = new Date('2030-05-06T07:08:09.500Z')
    const report = await takeBackup({ now, dir })
    expect(path.basename(report.file)).toBe('hatescale-2030-05-06T07-08-09Z.db')
    expect(report).toMatchObject({ integrity: 'ok', bytes: statSync(report.file).size, removed: [] })
    // One file, no -wal beside it, nothing half-written left.
    expect(files(dir)).toEqual(['hatescale-2030-05-06T07-08-09Z.db', 'last-backup.json'])
    const copy = new Database(report.file, { readonly: true })
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    copy.close()
    expect(integrityOf(report.file)).toBe('ok')
    expect(countRows(report.file, '__drizzle_migrations')).toBe(countRows(process.env.DATABASE_PATH!, '__drizzle_migrations'))
    expect(lastBackupOutcome(dir)).toEqual({ at: now.toISOString(), file: 'hatescale-2030-05-06T07-08-09Z.db', bytes: report.bytes, integrity: 'ok', tookMs: expect.any(Number), error: null })
    expect(backupTime(backupFileName(now))).toEqual(new Date('2030-05-06T07:08:09Z'))
    expect(backupTime('hatescale-2030-05-06T07-08-09Z.db.1.partial')).toBeNull()
  })

  it('deletes a copy that fails integrity_check, records the failure, and exits 1 with one sentence', async () => {
    const dir = scratch('corrupt')
    const bad = path.join(dir, 'live.db')
    corruptDatabase(bad)
    const backups = path.join(dir, 'backups')

    await expect(takeBackup({ dir: backups, databasePath: bad })).rejects.toThrow(BackupError)
    expect(files(backups)).toEqual(['last-backup.json'])
    expect(lastBackupOutcome(backups)).toMatchObject({ file: null, integrity: null, error: expect.stringMatching(/did not pass PRAGMA integrity_check \(row 1 missing from index accounts_code/) })

    const run = await npmRun('backup', [], { DATABASE_PATH: bad, BACKUP_DIR: backups })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^Backup failed: the copy did not pass PRAGMA integrity_check \(row 1 missing from index accounts_code.*\) and was deleted\.$/m)
    expect(files(backups)).toEqual(['last-backup.json'])
  })

  it('refuses to back up a database that is not there (instead of copying a new, empty one)', async () => {
    const backups = scratch('missing')
    const run = await npmRun('backup', [], { DATABASE_PATH: path.join(backups, 'nope.db'), BACKUP_DIR: backups })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^No database at .+nope\.db \(DATABASE_PATH\): nothing was backed up\.$/m)
    expect(existsSync(path.join(backups, 'nope.db'))).toBe(false)
  })

  it('--help describes both commands; unknown options and a missing FILE are refused with 2', async () => {
    const lines: string[] = []
    const io = { log: (l: string) => void lines.push(l), error: (l: string) => void lines.push(l) }
    expect(await runBackup(['--help'], io)).toBe(0)
    expect(await runRestore(['--help'], io)).toBe(0)
    expect(lines).toEqual([BACKUP_HELP, RESTORE_HELP])
    expect(BACKUP_HELP).toMatch(/online backup API[\s\S]*integrity_check[\s\S]*BACKUP_DIR[\s\S]*BACKUP_KEEP \(default 14\)/)
    expect(RESTORE_HELP).toMatch(/Stop the server first[\s\S]*before-restore/)
    expect(await runBackup(['--now'], io)).toBe(2)
    expect(await runRestore([], io)).toBe(2)
    expect(await runRestore(['a.db', 'b.db'], io)).toBe(2)
    expect(lines.slice(2).map((l) => l.split('\n')[0])).toEqual(['Unknown option: --now', 'Give exactly one backup file.', 'Give exactly one backup file.'])
  })
})

describe('a backup of a database being written', () => {
  it('is a consistent copy with every write committed before it began, and leaves the event loop free', { timeout: 60_000 }, async () => {
    const dir = scratch('busy')
    const file = path.join(dir, 'live.db')
    // 40 MB: copied and checked on this thread, it would hold it for well over half a second.
    const writer = bigDatabase(file, 40)
    writer.exec('create table log (id integer primary key, n integer not null); create table tally (id integer primary key check (id = 1), n integer not null); insert into tally values (1, 0)')
    const append = writer.transaction((n: number) => {
      writer.prepare('insert into log (n) values (?)').run(n)
      writer.prepare('update tally set n = n + 1').run()
    })
    let n = 0
    let writing = true
    const writes = (async () => {
      while (writing) {
        append(++n)
        await new Promise((r) => setImmediate(r))
      }
    })()
    while (n < 50) await new Promise((r) => setImmediate(r))
    const committedBefore = n
    const lag = monitorEventLoopDelay({ resolution: 5 })
    lag.enable()
    const report = await takeBackup({ databasePath: file, dir: path.join(dir, 'backups') })
    lag.disable()
    const writtenDuring = n - committedBefore
    writing = false
    await writes
    writer.close()

    const copy = new Database(report.file, { readonly: true })
    const logged = (copy.prepare('select count(*) as n, max(n) as last from log').get() as { n: number; last: number })
    const tally = (copy.prepare('select n from tally').get() as { n: number }).n
    copy.close()
    expect(logged.n).toBeGreaterThanOrEqual(committedBefore)
    expect(logged.last).toBe(logged.n) // no gap: a prefix of the writes, as of one moment
    expect(tally).toBe(logged.n) // both tables from the same moment
    expect(writtenDuring, 'writes while the backup ran').toBeGreaterThan(0)
    expect(integrityOf(report.file)).toBe('ok')
    // Measured for the report.
    console.log(`40 MB backup beside a writer: ${report.tookMs} ms, ${report.bytes} bytes, ${writtenDuring} writes meanwhile, event loop delay max ${(lag.max / 1e6).toFixed(0)} ms`)
    expect(lag.max / 1e6).toBeLessThan(250)
  })
})

describe('pruning', () => {
  it(`keeps exactly BACKUP_KEEP newest backups and never deletes another file`, async () => {
    const dir = scratch('prune')
    const start = Date.parse('2030-01-01T03:00:00Z')
    const names = Array.from({ length: 20 }, (_, i) => backupFileName(new Date(start + i * 86_400_000)))
    const others = ['notes.txt', 'hatescale.db', 'hatescale-manual.db', 'hatescale-2030-01-01T03-00-00Z.db.bak', 'last-backup.json', 'hatescale-2030-02-01T00-00-00Z.db.77.partial']
    for (const name of [...names, ...others]) writeFileSync(path.join(dir, name), name)
    const abandoned = 'hatescale-2029-12-01T00-00-00Z.db.66.partial'
    writeFileSync(path.join(dir, abandoned), 'x')
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000)
    utimesSync(path.join(dir, abandoned), twoDaysAgo, twoDaysAgo)

    const removed = pruneBackups({ dir, keep: 14 })
    expect(removed).toEqual([...names.slice(0, 6).reverse(), abandoned])
    expect(files(dir)).toEqual([...names.slice(6), ...others].sort())
    expect(listBackups(dir).map((b) => b.file)).toEqual(names.slice(6).reverse())
    expect(pruneBackups({ dir, keep: 14 })).toEqual([])
  })

  it('a backup prunes to BACKUP_KEEP as it is taken', async () => {
    const dir = scratch('prune-take')
    const day = (n: number) => new Date(Date.parse('2030-01-01T03:00:00Z') + n * 86_400_000)
    for (let n = 0; n < 4; n++) await takeBackup({ dir, keep: 3, now: day(n) })
    expect(listBackups(dir).map((b) => b.file)).toEqual([3, 2, 1].map((n) => backupFileName(day(n))))
  })
})

describe('npm run restore', () => {
  /** A stopped deployment: a migrated database, not open anywhere. */
  function deployment() {
    const dir = scratch('deploy')
    const databasePath = path.join(dir, 'hatescale.db')
    writeFileSync(databasePath, readFileSync(path.join(TMP_DIR, 'base.db')))
    return { dir, databasePath }
  }

  it('refuses a corrupt or non-Hatescale file and leaves the current database untouched', async () => {
    const { dir, databasePath } = deployment()
    const bad = scratch('bad-files')
    const garbage = path.join(bad, 'garbage.db')
    writeFileSync(garbage, Buffer.alloc(64 * 1024, 'not a database '))
    const other = path.join(bad, 'other.db')
    const db = new Database(other)
    db.exec('create table notes (id integer primary key, body text)')
    db.close()
    const corrupt = path.join(bad, 'corrupt.db')
    corruptDatabase(corrupt)
    const hash = sha(databasePath)
    const listing = files(dir)

    const cases: [string, RegExp][] = [
      [path.join(bad, 'missing.db'), /^No backup file at .+missing\.db: nothing was changed\.$/],
      [garbage, /garbage\.db is not a readable SQLite database \(file is not a database\): nothing was changed\.$/],
      [other, /other\.db is not a Hatescale database \(it has no __drizzle_migrations or accounts table\): nothing was changed\.$/],
      [corrupt, /corrupt\.db did not pass PRAGMA integrity_check \(row 1 missing from index accounts_code.*\): nothing was changed\.$/],
    ]
    for (const [file, message] of cases) {
      await expect(restoreBackup({ file, databasePath })).rejects.toThrow(message)
      expect(sha(databasePath), file).toBe(hash)
      expect(files(dir), file).toEqual(listing)
    }
  })

  it('refuses while another process has the database open, changing nothing', async () => {
    const { dir, databasePath } = deployment()
    const backup = await takeBackup({ dir: path.join(dir, 'backups'), now: new Date('2030-01-01T00:00:00Z') })
    const server = new Database(databasePath) // as the server holds it: WAL, idle between requests
    server.pragma('journal_mode = WAL')
    server.prepare('select count(*) from accounts').get()
    const listing = files(dir)
    await expect(restoreBackup({ file: backup.file, databasePath })).rejects.toThrow(/is open in another process/)
    expect(files(dir)).toEqual(listing)
    expect(server.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: countRows(backup.file, '__drizzle_migrations') })
    server.close()
  })

  it('keeps the old database aside, leaves no old -wal/-shm beside the new one, and puts the backup in place', async () => {
    const { dir, databasePath } = deployment()
    const backup = await takeBackup({ dir: path.join(dir, 'backups'), now: new Date('2030-01-01T00:00:00Z') })
    // The old database, with a write still in its WAL and a stale -shm, as a killed server leaves them.
    const old = new Database(databasePath)
    old.pragma('journal_mode = WAL')
    old.pragma('wal_autocheckpoint = 0')
    old.prepare("insert into accounts (name, domain, created_at) values ('Kept aside', 'aside.test', 0)").run()
    const oldAccounts = (old.prepare('select count(*) as n from accounts').get() as { n: number }).n
    // Copies of the files as they are now, without the clean close that would checkpoint them.
    const crashed = deployment()
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(crashed.databasePath + suffix, readFileSync(databasePath + suffix))
    old.close()

    const now = new Date('2030-02-03T04:05:06Z')
    const report = await restoreBackup({ file: backup.file, databasePath: crashed.databasePath, now })
    const aside = `${crashed.databasePath}.before-restore-2030-02-03T04-05-06Z`
    expect(report.keptAside).toBe(aside)
    expect(files(crashed.dir)).toEqual(['hatescale.db', path.basename(aside)])
    expect(sha(crashed.databasePath)).toBe(sha(backup.file))
    // Nothing of the old database is lost: its last write is in the copy kept aside.
    expect(countRows(aside, 'accounts')).toBe(oldAccounts)
    expect(integrityOf(aside)).toBe('ok')
  })
})

describe('the daily backup job and /admin/settings', () => {
  const clock = (start: string) => {
    let current = Date.parse(start)
    return { now: () => new Date(current), advance: (ms: number) => void (current += ms) }
  }
  const backupJobOn = (now: () => Date) => {
    const on = createScheduler({ now, manual: true })
    const log: string[] = []
    const job = scheduledJobs({ on, sendEmail: false, log: (line) => void log.push(line) }).find((j) => j.name === JOBS.backup)!
    on.add(job)
    on.start()
    return { on, log }
  }

  it('runs daily whatever DISPATCHER says, records each backup, and the settings page shows the last one', async () => {
    const { cookie } = await signedIn('admin')
    const settings = async () => (await call(settingsLoader, '/admin/settings', { cookie })).data.backups
    expect(await settings()).toEqual({ dir: PAGE_BACKUP_DIR, keep: 14, last: null, newest: null })

    const c = clock('2030-06-01T09:50:00Z')
    const { on, log } = backupJobOn(c.now)
    expect(await on.runDue()).toEqual([JOBS.backup]) // at start: none yet, but the start settles first
    expect(listBackups(PAGE_BACKUP_DIR)).toEqual([])
    c.advance(BACKUP_SETTLE_MS)
    expect(await on.runDue()).toEqual([JOBS.backup])
    const first = backupFileName(c.now())
    expect(listBackups(PAGE_BACKUP_DIR).map((b) => b.file)).toEqual([first])
    expect(log).toEqual([expect.stringMatching(new RegExp(`^scheduler: backed up the database to .+${first} \\(\\d+ bytes, integrity check ok\\) in \\d+ ms$`))])
    const shown = await settings()
    expect(shown).toMatchObject({ dir: PAGE_BACKUP_DIR, keep: 14, last: { at: '2030-06-01T10:00:00.000Z', file: first, integrity: 'ok', error: null }, newest: { file: first } })
    expect(shown.last.bytes).toBe(statSync(path.join(PAGE_BACKUP_DIR, first)).size)

    c.advance(23 * 3_600_000)
    expect(await on.runDue()).toEqual([])
    c.advance(3_600_000)
    expect(await on.runDue()).toEqual([JOBS.backup])
    expect(listBackups(PAGE_BACKUP_DIR)).toHaveLength(2)
    expect((await settings()).last.at).toBe('2030-06-02T10:00:00.000Z')
    await on.stop()

    // A restart 6 h later takes none at start: the next is due a day after the newest.
    c.advance(6 * 3_600_000)
    const restarted = backupJobOn(c.now)
    expect(await restarted.on.runDue()).toEqual([JOBS.backup])
    expect(listBackups(PAGE_BACKUP_DIR)).toHaveLength(2)
    expect(restarted.on.jobs()[0].nextAt.toISOString()).toBe('2030-06-03T10:00:00.000Z')
    await restarted.on.stop()
  })

  it('a failed backup shows as a failure on the settings page, with the newest good one', async () => {
    const { cookie } = await signedIn('admin')
    const bad = path.join(scratch('page-corrupt'), 'live.db')
    corruptDatabase(bad)
    await expect(takeBackup({ databasePath: bad, now: new Date('2030-06-05T10:00:00Z') })).rejects.toThrow(BackupError)
    const { backups } = (await call(settingsLoader, '/admin/settings', { cookie })).data
    expect(backups.last).toMatchObject({ at: '2030-06-05T10:00:00.000Z', file: null, error: expect.stringContaining('did not pass PRAGMA integrity_check') })
    expect(backups.newest).toMatchObject({ file: backupFileName(new Date('2030-06-02T10:00:00Z')) })
  })
})
