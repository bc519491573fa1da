/* Issue 15's must-show, end to end: the real production server driven by Chromium. An
   admin changes an account's ARR through the edit form; /admin/audit then lists that
   change with its before and after, who made it and from where, and its CSV carries it. */
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ARTIFACTS } from '../setup/paths'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

const STEP = 60_000
const ADMIN = { name: 'Audra Admin', email: 'audra@hatescale.test', password: 'a long enough password' }
const ACCOUNT = { name: 'Ledger Ltd', domain: 'ledger-e2e.test', arr: '125000' }

describe('the audit trail, in a real browser against the production server', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let context: BrowserContext
  let page: Page
  let accountId = 0
  const browserErrors: string[] = []

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    context = await browser.newContext({ baseURL: server.baseUrl })
    context.setDefaultTimeout(15_000)
    page = await context.newPage()
    page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('an admin sets up, creates an account and changes its ARR through the edit form', { timeout: STEP }, async () => {
    await page.goto('/setup')
    await page.getByLabel('Your name').fill(ADMIN.name)
    await page.getByLabel('Work email').fill(ADMIN.email)
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
    await page.getByLabel('Repeat password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Create admin and sign in' }).click()
    await page.waitForURL((u) => u.pathname === '/accounts')

    await page.goto('/accounts/new')
    await page.getByLabel('Company name').fill(ACCOUNT.name)
    await page.getByLabel('Domain').fill(ACCOUNT.domain)
    await page.getByLabel('ARR (USD per year)').fill(ACCOUNT.arr)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL((u) => /^\/accounts\/\d+$/.test(u.pathname))
    accountId = Number(new URL(page.url()).pathname.split('/').pop())

    await page.getByRole('link', { name: 'Edit account' }).click()
    await page.waitForURL((u) => u.pathname === `/accounts/${accountId}/edit`)
    await page.getByLabel('ARR (USD per year)').fill('250000')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.waitForURL((u) => u.pathname === `/accounts/${accountId}`)
  })

  test('/admin/audit lists the change with its before and after, who and from where', { timeout: STEP }, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click()
    await page.waitForURL((u) => u.pathname === '/admin/audit')
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor()

    const row = page.locator('[data-testid="audit-table"] tr[data-action="account.updated"]')
    expect(await row.count()).toBe(1)
    const text = (await row.textContent()) ?? ''
    expect(text).toContain(ADMIN.name)
    expect(text).toContain(ADMIN.email)
    expect(text).toContain('127.0.0.1')
    expect(text).toContain(ACCOUNT.name)
    // Only what changed: the ARR, from 125000 to 250000 (the name did not change).
    const change = row.locator('.audit-change li')
    expect(await change.count()).toBe(1)
    expect(await change.locator('.audit-field').textContent()).toBe('arr')
    expect(await change.locator('del').textContent()).toBe('from 125000')
    expect(await change.locator('ins').textContent()).toBe('to 250000')
    // The account's creation is there too, older, below it.
    expect(await page.locator('tr[data-action="account.created"]').count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit.png'), fullPage: true })

    // Filtered by the account (a GET form), then as CSV with the same filter.
    await page.getByLabel('Account').selectOption({ label: ACCOUNT.name })
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.waitForURL((u) => u.searchParams.get('account') === String(accountId))
    await page.locator('tr[data-action="account.updated"]').waitFor()
    expect(await page.locator('tr[data-action="user.created"]').count()).toBe(0)

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    expect(href).toBe(`/admin/audit.csv?account=${accountId}`)
    const csv = await context.request.get(href!)
    expect(csv.status()).toBe(200)
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines).toHaveLength(3) // header, the update, the creation
    expect(lines[1]).toContain('account.updated')
    expect(lines[1]).toContain('"{""arr"":125000}","{""arr"":250000}"')
    expect(lines[1]).toContain(ADMIN.email)
    expect(browserErrors).toEqual([])
  })
})
