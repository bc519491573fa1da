/* Loads the demo portfolio (db/demo.ts) into the configured database and prints
   the demo admin's sign-in. `--if-empty` leaves an existing database alone. */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { getEnv } from '../app/services/env.server'
import { hashPassword } from '../app/services/password.server'
import { openDatabase, type DB } from './client'
import { DEMO_ADMIN_EMAIL, DEMO_STAFF, demoPortfolio } from './demo'
import { accounts, accountTeamMembers, stakeholders, users } from './schema'

/** DEMO_PASSWORD wins; otherwise a generated one, kept beside the database. */
function demoPassword(databasePath: string, configured?: string): string {
  if (configured) return configured
  const file = path.join(path.dirname(path.resolve(databasePath)), 'demo-password')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const password = randomBytes(9).toString('base64url')
  writeFileSync(file, password, { mode: 0o600 })
  return password
}

export async function seedDemo(db: DB, password: string, today = new Date()) {
  const hashes = new Map<string, string>()
  for (const s of DEMO_STAFF) hashes.set(s.key, await hashPassword(password))
  db.transaction((tx) => {
    const staffIds = new Map<string, number>()
    for (const s of DEMO_STAFF) {
      const row = tx
        .insert(users)
        .values({ email: s.email, name: s.name, role: s.role, passwordHash: hashes.get(s.key)! })
        .returning({ id: users.id })
        .get()
      staffIds.set(s.key, row.id)
    }
    for (const a of demoPortfolio()) {
      const renewal = new Date(today.getTime() + a.renewalInDays * 86_400_000).toISOString().slice(0, 10)
      const { id } = tx
        .insert(accounts)
        .values({ name: a.name, domain: a.domain, industry: a.industry, arr: a.arr, renewalDate: renewal, strategic: a.strategic, status: a.status, ownerId: staffIds.get(a.owner) })
        .returning({ id: accounts.id })
        .get()
      tx.insert(accountTeamMembers).values(a.team.map((k) => ({ accountId: id, userId: staffIds.get(k)! }))).run()
      tx.insert(stakeholders).values(a.people.map((p) => ({ ...p, accountId: id }))).run()
    }
  })
}

async function main() {
  const env = getEnv()
  const { db, sqlite } = openDatabase(env.DATABASE_PATH)
  const password = demoPassword(env.DATABASE_PATH, env.DEMO_PASSWORD)
  const ifEmpty = process.argv.includes('--if-empty')
  const hasUsers = db.select({ id: users.id }).from(users).limit(1).get()
  if (hasUsers && !ifEmpty) {
    console.error(`The database at ${env.DATABASE_PATH} already has data; delete it to seed again.`)
    process.exit(1)
  }
  if (!hasUsers) {
    await seedDemo(db, password)
    console.log(`Seeded the demo portfolio into ${env.DATABASE_PATH}.`)
  } else if (env.DEMO_PASSWORD) {
    // Scripted runs set the password they will use, whatever the database had.
    db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.email, DEMO_ADMIN_EMAIL)).run()
  }
  sqlite.close()
  const admin = hasUsers ? undefined : DEMO_ADMIN_EMAIL
  console.log(
    [
      '',
      '  Hatescale demo',
      `  Open ${env.APP_URL} and sign in as ${admin ?? DEMO_ADMIN_EMAIL} with password ${password}`,
      '  (every demo staff user, e.g. maria@hatescale.demo, has the same password)',
      '',
    ].join('\n'),
  )
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main()
}
