/* Issue "Foundation", end to end: the real production server on an empty database,
   driven by Chromium through first run, accounts, people, CSV import, coverage,
   sign-out, and sign-in with JavaScript turned off. */
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ARTIFACTS } from '../setup/paths'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

const STEP = 60_000

const ADMIN = { name: 'Grace Admin', email: 'grace@hatescale.test', password: 'a long enough password' }
const ACCOUNT = { name: 'Acme E2E Corp', domain: 'acme-e2e.test', industry: 'Manufacturing', arr: '125000', renewalDate: '2027-06-30' }
const FORM_PEOPLE = [
  { name: 'Ada Executor', email: 'ada@acme-e2e.test', title: 'Analyst', level: 'executor', role: 'user' },
  { name: 'Max Manager', email: 'max@acme-e2e.test', title: 'Team lead', level: 'manager', role: 'buyer' },
] as const
const CSV = [
  'name,email,title,level,role',
  'Mia Manager,mia@acme-e2e.test,Ops manager,manager,user',
  'Hal Head,hal@acme-e2e.test,Head of IT,head,buyer',
  'Tess Top,tess@acme-e2e.test,CTO,top,both',
  'Ian Intern,ian@acme-e2e.test,Intern,intern,user',
].join('\n')
// Every level after the import: two managers (one typed, one imported), one of each other.
const EXPECTED_COVERAGE = { executor: 1, manager: 2, head: 1, top: 1 } as const

describe('Foundation, in a real browser against the production server', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let context: BrowserContext
  let page: Page
  let accountId = 0
  const browserErrors: string[] = []

  const url = (p: string) => `${server!.baseUrl}${p}`
  const pathOf = (p: Page) => new URL(p.url()).pathname

  async function coverageCounts(p: Page): Promise<Record<string, number>> {
    const counts: Record<string, number> = {}
    for (const level of Object.keys(EXPECTED_COVERAGE)) {
      const text = await p.locator(`[data-testid="coverage"] [data-level="${level}"] .count`).textContent()
      counts[level] = Number(text)
    }
    return counts
  }

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    context = await browser.newContext({ baseURL: server.baseUrl })
    context.setDefaultTimeout(15_000)
    page = await context.newPage()
    page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      // A 404 answer (the /setup check) is logged by Chromium as a failed resource.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) browserErrors.push(`console: ${message.text()}`)
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('first run: / goes to /setup, which creates the admin and signs in, then is gone', { timeout: STEP }, async () => {
    const first = await page.goto('/')
    expect(pathOf(page)).toBe('/setup')
    expect(first?.status(), `GET /setup failed; server output:\n${server!.output().slice(-3000)}`).toBe(200)
    await page.getByRole('heading', { name: 'Welcome to Hatescale' }).waitFor()

    await page.getByLabel('Your name').fill(ADMIN.name)
    await page.getByLabel('Work email').fill(ADMIN.email)
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
    await page.getByLabel('Repeat password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Create admin and sign in' }).click()
    await page.waitForURL((u) => u.pathname === '/accounts')

    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor()
    const signOut = page.getByRole('button', { name: 'Sign out' })
    await signOut.waitFor()
    expect(await page.locator('header').textContent()).toContain(ADMIN.name)
    expect(await page.getByText('No accounts yet.').isVisible()).toBe(true)

    const again = await page.goto('/setup')
    expect(again?.status()).toBe(404)
    const direct = await fetch(url('/setup'), { redirect: 'manual' })
    expect(direct.status).toBe(404)
  })

  test('creates an account and lands on its page', { timeout: STEP }, async () => {
    await page.goto('/accounts')
    await page.getByRole('link', { name: 'New account' }).click()
    await page.waitForURL((u) => u.pathname === '/accounts/new')

    await page.getByLabel('Company name').fill(ACCOUNT.name)
    await page.getByLabel('Domain').fill(ACCOUNT.domain)
    await page.getByLabel('Industry').fill(ACCOUNT.industry)
    await page.getByLabel('ARR (USD per year)').fill(ACCOUNT.arr)
    await page.getByLabel('Renewal date').fill(ACCOUNT.renewalDate)
    await page.getByLabel('Strategic account').check()
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL((u) => /^\/accounts\/\d+$/.test(u.pathname))

    accountId = Number(pathOf(page).split('/').pop())
    expect(accountId).toBeGreaterThan(0)
    await page.getByRole('heading', { name: ACCOUNT.name, level: 1 }).waitFor()
    const facts = await page.getByRole('region', { name: 'Account facts' }).textContent()
    expect(facts).toContain(ACCOUNT.renewalDate)
    expect(facts).toContain('strategic')
    expect(await page.getByText('No people yet.').isVisible()).toBe(true)
    // A fresh account has a gap at every level.
    expect(await page.locator('[data-testid="coverage"] .cell.gap').count()).toBe(4)
  })

  test('adds two people; a bad email is refused at the field and keeps what was typed', { timeout: STEP }, async () => {
    await page.goto(`/accounts/${accountId}`)
    const form = page.getByRole('form', { name: 'Add person' })
    const [ada] = FORM_PEOPLE

    await form.getByLabel('Name').fill(ada.name)
    await form.getByLabel('Email').fill('ada-at-acme')
    await form.getByLabel('Job title').fill(ada.title)
    await form.getByLabel('Level').selectOption(ada.level)
    await form.getByLabel('Relationship role').selectOption(ada.role)
    await form.getByRole('button', { name: 'Add person' }).click()

    const emailError = form.locator('#f-email-error')
    await emailError.waitFor()
    expect(await emailError.textContent()).toBe('Enter a valid email address, like name@company.com.')
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true')
    expect(await form.getByLabel('Name').inputValue()).toBe(ada.name)
    expect(await form.getByLabel('Level').inputValue()).toBe(ada.level)
    expect(await page.getByText('No people yet.').isVisible()).toBe(true)

    for (const person of FORM_PEOPLE) {
      await form.getByLabel('Name').fill(person.name)
      await form.getByLabel('Email').fill(person.email)
      await form.getByLabel('Job title').fill(person.title)
      await form.getByLabel('Level').selectOption(person.level)
      await form.getByLabel('Relationship role').selectOption(person.role)
      await form.getByRole('button', { name: 'Add person' }).click()
      await page.getByRole('button', { name: `Mark ${person.name} as left` }).waitFor()
    }

    expect(pathOf(page)).toBe(`/accounts/${accountId}`)
    expect(await form.locator('#f-email-error').count()).toBe(0)
    const rows = page.locator('table tbody tr')
    expect(await rows.count()).toBe(2)
    const table = await page.locator('table').textContent()
    for (const person of FORM_PEOPLE) {
      expect(table).toContain(person.name)
      expect(table).toContain(person.email)
    }
    expect(await coverageCounts(page)).toEqual({ executor: 1, manager: 1, head: 0, top: 0 })
  })

  test('imports people from a CSV: preview lists the bad row and writes nothing until confirmed', { timeout: STEP }, async () => {
    await page.goto(`/accounts/${accountId}`)
    await page.getByRole('link', { name: 'Import people', exact: true }).click()
    await page.waitForURL((u) => u.pathname === '/accounts/import' && u.searchParams.get('account') === String(accountId))
    await page.getByRole('heading', { name: `Import people into ${ACCOUNT.name}` }).waitFor()

    await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') })
    await page.getByRole('button', { name: 'Preview import' }).click()
    await page.getByRole('heading', { name: 'Preview' }).waitFor()

    const summary = await page.getByRole('status').textContent()
    expect(summary).toContain('3 to add, 0 to update, 0 unchanged, 1 with problems')
    const badRows = page.locator('[data-testid="bad-row"]')
    expect(await badRows.count()).toBe(1)
    const bad = await badRows.first().locator('td').allTextContents()
    expect(bad).toEqual(['5', 'ian@acme-e2e.test', 'Unknown level "intern" (use executor, manager, head or top).'])
    const toImport = await page.getByRole('table', { name: 'Rows to import' }).textContent()
    for (const name of ['Mia Manager', 'Hal Head', 'Tess Top']) expect(toImport).toContain(name)
    expect(toImport).not.toContain('Ian Intern')

    // Nothing is written by a preview: the account page still shows the two typed people.
    const check = await context.newPage()
    await check.goto(`/accounts/${accountId}`)
    await check.getByRole('heading', { name: ACCOUNT.name, level: 1 }).waitFor()
    expect(await check.locator('table tbody tr').count()).toBe(2)
    expect(await coverageCounts(check)).toEqual({ executor: 1, manager: 1, head: 0, top: 0 })
    expect(await check.getByText('Mia Manager').count()).toBe(0)
    await check.close()

    await page.getByRole('button', { name: 'Import 3 rows and skip 1' }).click()
    const done = page.getByRole('status').filter({ hasText: 'Imported:' })
    await done.waitFor()
    expect(await done.textContent()).toContain('Imported: 3 added, 0 updated, 0 already up to date, 1 bad rows skipped.')
    await done.getByRole('link', { name: `Back to ${ACCOUNT.name}` }).click()
    await page.waitForURL((u) => u.pathname === `/accounts/${accountId}`)
    await page.getByRole('button', { name: 'Mark Tess Top as left' }).waitFor()
    expect(await page.locator('table tbody tr').count()).toBe(5)
    expect(await page.getByText('Ian Intern').count()).toBe(0)
  })

  test('coverage shows every level covered, with the counts added', { timeout: STEP }, async () => {
    await page.goto(`/accounts/${accountId}`)
    const coverage = page.locator('[data-testid="coverage"]')
    await coverage.waitFor()
    expect(await coverage.locator('[data-level]').count()).toBe(4)
    expect(await coverageCounts(page)).toEqual(EXPECTED_COVERAGE)
    expect(await coverage.getByText('No one reachable here').count()).toBe(0)
    expect(await coverage.locator('.cell.gap').count()).toBe(0)

    await page.goto('/accounts')
    const row = page.locator('tbody tr').filter({ hasText: ACCOUNT.name })
    await row.waitFor()
    const cells = await row.locator('td').allTextContents()
    expect(cells).toContain('5')
    expect(cells.at(-1)).toBe('all levels')
  })

  test('saves screenshots of the accounts list and the account page', { timeout: STEP }, async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    const list = path.join(ARTIFACTS, 'accounts-list.png')
    const account = path.join(ARTIFACTS, 'account-page.png')

    await page.goto('/accounts')
    await page.getByRole('link', { name: ACCOUNT.name }).waitFor()
    await page.screenshot({ path: list })

    await page.goto(`/accounts/${accountId}`)
    await page.locator('[data-testid="coverage"]').waitFor()
    await page.screenshot({ path: account, fullPage: true })

    for (const file of [list, account]) {
      const stat = statSync(file)
      expect(stat.isFile()).toBe(true)
      expect(stat.size).toBeGreaterThan(0)
    }
  })

  test('signs out to /login, after which /accounts needs a sign-in again', { timeout: STEP }, async () => {
    await page.goto('/accounts')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL((u) => u.pathname === '/login')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0)

    await page.goto('/accounts')
    expect(pathOf(page)).toBe('/login')
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/accounts')
  })

  test('without JavaScript: signs in and sees the account; forms still validate on the server', { timeout: STEP }, async () => {
    const noJs = await browser!.newContext({ baseURL: server!.baseUrl, javaScriptEnabled: false })
    noJs.setDefaultTimeout(15_000)
    try {
      const p = await noJs.newPage()
      await p.goto('/accounts')
      expect(pathOf(p)).toBe('/login')

      await p.getByLabel('Email', { exact: true }).fill(ADMIN.email)
      await p.getByLabel('Password', { exact: true }).fill(ADMIN.password)
      await Promise.all([p.waitForURL((u) => u.pathname === '/accounts'), p.getByRole('button', { name: 'Sign in' }).click()])

      const link = p.getByRole('link', { name: ACCOUNT.name })
      await link.waitFor()
      expect(await p.getByText('1 account', { exact: true }).isVisible()).toBe(true)
      expect(await p.locator('header').textContent()).toContain(ADMIN.name)

      // A full-page round trip: the server renders the field error and the typed name.
      await Promise.all([p.waitForURL((u) => u.pathname === `/accounts/${accountId}`), link.click()])
      const form = p.getByRole('form', { name: 'Add person' })
      await form.getByLabel('Name').fill('Nora NoScript')
      await form.getByLabel('Email').fill('nora-at-acme')
      await form.getByLabel('Level').selectOption('head')
      await form.getByLabel('Relationship role').selectOption('user')
      await form.getByRole('button', { name: 'Add person' }).click()
      // Without JavaScript the error can only come from a server-rendered page.
      await form.locator('#f-email-error').waitFor()
      expect(await form.locator('#f-email-error').textContent()).toBe('Enter a valid email address, like name@company.com.')
      expect(await form.getByLabel('Name').inputValue()).toBe('Nora NoScript')
      expect(await form.getByLabel('Email').inputValue()).toBe('nora-at-acme')
      expect(await p.locator('table tbody tr').count()).toBe(5)
    } finally {
      await noJs.close()
    }
  })

  test('the browser reported no script errors along the way', { timeout: STEP }, async () => {
    expect(browserErrors).toEqual([])
  })
})
