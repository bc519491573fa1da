/* The demo portfolio in a real browser: db/seed.ts run against a fresh database, the
   production server started on it, Chromium signed in as the demo admin, and every
   script or console error collected. Shared by the browser tests that need demo data. */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { ROOT, TMP_DIR } from '../setup/paths'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

export const DEMO_ADMIN_EMAIL = 'admin@hatescale.demo'

export type Demo = { server: RunningServer; browser: Browser; context: BrowserContext; page: Page; password: string; /** The seeded database the server runs on. */ databasePath: string }

export async function openDemo(name: string, { serverEnv = {}, browserErrors }: { serverEnv?: Record<string, string>; browserErrors: string[] }): Promise<Demo> {
  const password = `demo-${randomUUID().slice(0, 12)}`
  // The server keeps its generated session secret beside the database, and the seed
  // derives the wave's link tokens from the same one (so no SESSION_SECRET here).
  const dir = path.join(TMP_DIR, `e2e-${name}-${randomUUID()}`)
  mkdirSync(dir, { recursive: true })
  const databasePath = path.join(dir, 'hatescale.db')
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databasePath, DEMO_PASSWORD: password }
  delete env.SESSION_SECRET
  delete env.RESEND_API_KEY
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'db/seed.ts'], { cwd: ROOT, env, stdio: 'pipe' })

  const server = await startServer({ env: { DATABASE_PATH: databasePath, ...serverEnv } })
  const browser = await launchBrowser()
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } })
  context.setDefaultTimeout(15_000)
  context.on('weberror', (error) => browserErrors.push(`pageerror: ${error.error().message}`))
  context.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) browserErrors.push(`console: ${message.text()}`)
  })
  const page = await context.newPage()
  await page.goto('/login')
  await page.getByLabel('Email', { exact: true }).fill(DEMO_ADMIN_EMAIL)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await Promise.all([page.waitForURL((u) => u.pathname === '/accounts'), page.getByRole('button', { name: 'Sign in' }).click()])
  return { server, browser, context, page, password, databasePath }
}
