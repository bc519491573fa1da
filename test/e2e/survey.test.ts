/* Issue "Survey loop", end to end: the real production server (with its outbox
   dispatcher on and no RESEND_API_KEY, so emails land in the dev mailbox) on an
   empty database, driven by Chromium: first run, people, a wave, sending, the
   respondent page with and without JavaScript, and the results on the wave page. */
import { randomBytes } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ARTIFACTS } from '../setup/paths'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

const STEP = 60_000
const SEND_DEADLINE_MS = 20_000

const ADMIN = { name: 'Sam Surveyor', email: 'sam@hatescale.test', password: 'a long enough password' }
const ACCOUNT = { name: 'Globex Survey Co', domain: 'globex-e2e.test' }
const PEOPLE = [
  { name: 'Ada Executor', email: 'ada@globex-e2e.test', title: 'Analyst', level: 'executor', levelLabel: 'Executors', role: 'user' },
  { name: 'Max Manager', email: 'max@globex-e2e.test', title: 'Team lead', level: 'manager', levelLabel: 'Managers', role: 'buyer' },
  { name: 'Hal Head', email: 'hal@globex-e2e.test', title: 'Head of IT', level: 'head', levelLabel: 'Heads', role: 'both' },
] as const
const [ADA, MAX] = PEOPLE
const FOLLOW_UP = 'What should we fix first?'
const CATEGORY_LABEL = 'What is it mostly about? (optional)'
const ADA_COMMENT = 'Faster answers from support, please.'
const MAX_COMMENT = 'Deadlines keep slipping; tell us earlier.'

describe('The survey loop, in a real browser against the production server', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let context: BrowserContext
  let page: Page
  let accountId = 0
  let waveId = 0
  /** Ada's survey link path, /s/<token>. */
  let adaSurveyPath = ''
  const browserErrors: string[] = []

  const url = (p: string) => `${server!.baseUrl}${p}`
  const pathOf = (p: Page) => new URL(p.url()).pathname
  const serverLog = () => `\n--- server output (tail) ---\n${server!.output().slice(-3000)}`

  function watchErrors(ctx: BrowserContext) {
    ctx.on('weberror', (error) => browserErrors.push(`pageerror: ${error.error().message}`))
    ctx.on('console', (message) => {
      // A 404 answer (the unknown link, /setup once set up) is logged by Chromium as a failed resource.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) browserErrors.push(`console: ${message.text()}`)
    })
  }

  /** The Answered cell of a row in the "By level" or "By account" table. */
  async function answeredIn(p: Page, table: 'By level' | 'By account', rowLabel: string): Promise<number> {
    const row = p
      .locator('h2', { hasText: table })
      .locator('xpath=following-sibling::div[contains(@class, "table-wrap")][1]')
      .locator('tbody tr')
      .filter({ has: p.locator('td:first-child', { hasText: rowLabel }) })
    expect(await row.count(), `${table} has one row for ${rowLabel}`).toBe(1)
    // Columns: label, Invited, Queued, Sent, Bounced / failed, Answered, Response rate.
    return Number((await row.locator('td').nth(5).textContent())?.trim())
  }

  /** Opens the dev mailbox message sent to `email` and returns to its page. */
  async function openMessageFor(p: Page, email: string) {
    await p.goto('/dev/mailbox')
    await p.getByRole('heading', { name: 'Dev mailbox', level: 1 }).waitFor()
    const row = p.locator('tbody tr').filter({ hasText: email })
    expect(await row.count(), `one message for ${email} in the dev mailbox`).toBe(1)
    await Promise.all([p.waitForURL((u) => /^\/dev\/mailbox\/\d+$/.test(u.pathname)), row.getByRole('link').click()])
    const links = p.getByRole('list', { name: 'Links in this email' })
    await links.waitFor()
    expect(await p.locator('dl.facts').textContent()).toContain(email)
    return links
  }

  beforeAll(async () => {
    // The setup file turns the dispatcher off for in-process tests; this server must send.
    server = await startServer({ env: { DISPATCHER: 'on' } })
    browser = await launchBrowser()
    context = await browser.newContext({ baseURL: server.baseUrl })
    context.setDefaultTimeout(15_000)
    watchErrors(context)
    page = await context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('first run: creates the admin, an account and three people at different levels', { timeout: STEP }, async () => {
    const first = await page.goto('/')
    expect(pathOf(page)).toBe('/setup')
    expect(first?.status(), `GET /setup failed${serverLog()}`).toBe(200)
    await page.getByLabel('Your name').fill(ADMIN.name)
    await page.getByLabel('Work email').fill(ADMIN.email)
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
    await page.getByLabel('Repeat password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Create admin and sign in' }).click()
    await page.waitForURL((u) => u.pathname === '/accounts')
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    expect(await page.locator('header').textContent()).toContain(ADMIN.name)

    await page.goto('/accounts/new')
    await page.getByLabel('Company name').fill(ACCOUNT.name)
    await page.getByLabel('Domain').fill(ACCOUNT.domain)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL((u) => /^\/accounts\/\d+$/.test(u.pathname))
    accountId = Number(pathOf(page).split('/').pop())
    expect(accountId).toBeGreaterThan(0)
    await page.getByRole('heading', { name: ACCOUNT.name, level: 1 }).waitFor()

    const form = page.getByRole('form', { name: 'Add person' })
    for (const person of PEOPLE) {
      await form.getByLabel('Name').fill(person.name)
      await form.getByLabel('Email').fill(person.email)
      await form.getByLabel('Job title').fill(person.title)
      await form.getByLabel('Level').selectOption(person.level)
      await form.getByLabel('Relationship role').selectOption(person.role)
      await form.getByRole('button', { name: 'Add person' }).click()
      await page.getByRole('button', { name: `Mark ${person.name} as left` }).waitFor()
    }
    expect(await page.locator('table tbody tr').count()).toBe(3)
    const table = await page.locator('table').textContent()
    for (const person of PEOPLE) expect(table).toContain(person.email)
  })

  test('new wave: the preview counts 3 recipients and shows the email and the page; creating it opens the wave', { timeout: STEP }, async () => {
    await page.goto('/waves/new')
    await page.getByRole('heading', { name: 'New survey wave', level: 1 }).waitFor()
    // The defaults: all accounts, all levels, send now, confidential.
    expect(await page.getByLabel('All active accounts').isChecked()).toBe(true)
    for (const level of ['Executors', 'Managers', 'Heads', 'Top management']) expect(await page.getByLabel(level, { exact: true }).isChecked()).toBe(true)
    expect(await page.getByLabel('Now', { exact: true }).isChecked()).toBe(true)
    expect(await page.getByLabel(/^Confidential/).isChecked()).toBe(true)

    await page.getByRole('button', { name: 'Check recipients and preview' }).click()
    const previewSection = page.getByRole('region', { name: 'Recipients and preview' })
    await previewSection.waitFor()
    const count = previewSection.getByRole('status')
    const countText = (await count.textContent()) ?? ''
    expect(countText).toMatch(/^\s*3 people at 1 accounts will be asked:/)
    expect(countText).toContain('Executors 1')
    expect(countText).toContain('Managers 1')
    expect(countText).toContain('Heads 1')
    expect(await count.locator('strong').first().textContent()).toBe('3')

    const emailFrame = previewSection.locator('iframe[title^="Email to"]').first()
    expect(await emailFrame.isVisible()).toBe(true)
    const frame = await emailFrame.contentFrame()
    expect(frame).not.toBeNull()
    // The email preview shows the 0–10 scale as links.
    expect(await frame!.getByRole('link', { name: '8', exact: true }).count()).toBe(1)
    const surveyPreview = previewSection.locator('.survey').first()
    expect(await surveyPreview.isVisible()).toBe(true)
    expect(await surveyPreview.getByRole('note').textContent()).toBeTruthy()
    expect(await surveyPreview.getByLabel(FOLLOW_UP).isVisible()).toBe(true)
    expect(await surveyPreview.getByRole('button', { name: 'Send my answer' }).isDisabled()).toBe(true)

    await page.getByRole('button', { name: 'Create wave and send' }).click()
    await page.waitForURL((u) => /^\/waves\/\d+$/.test(u.pathname))
    waveId = Number(pathOf(page).split('/').pop())
    expect(waveId).toBeGreaterThan(0)
    await page.locator('[data-testid="progress"]').waitFor()
  })

  test('the dispatcher sends all three invitations within seconds', { timeout: STEP }, async () => {
    const progress = page.locator('[data-testid="progress"]')
    const deadline = Date.now() + SEND_DEADLINE_MS
    let text = ''
    while (Date.now() < deadline) {
      await page.goto(`/waves/${waveId}`)
      text = ((await progress.textContent()) ?? '').trim()
      if (text.startsWith('0 queued') && text.includes('3 sent')) break
      await page.waitForTimeout(1_000)
    }
    expect(text, `progress never reached "0 queued · 3 sent"${serverLog()}`).toMatch(/^0 queued · 3 sent · 0 failed/)
    expect(text).not.toContain('updating')
    expect(await page.getByText(/^0 of 3 answered/).isVisible()).toBe(true)
  })

  test('a respondent clicks 8 in the email, adds a comment and a category, and can come back to it', { timeout: STEP }, async () => {
    const links = await openMessageFor(page, ADA.email)
    const labels = await links.getByRole('link').allTextContents()
    for (let score = 0; score <= 10; score++) expect(labels).toContain(String(score))

    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/s/')), links.getByRole('link', { name: '8', exact: true }).click()])
    const opened = new URL(page.url())
    expect(opened.origin).toBe(server!.baseUrl)
    expect(opened.searchParams.get('score')).toBe('8')
    adaSurveyPath = opened.pathname
    expect(adaSurveyPath).toMatch(/^\/s\/[1-9][0-9]*\.[A-Za-z0-9_-]{43}$/) // names the invitation, then its MAC

    const eight = page.locator('input[type="radio"][name="score"][value="8"]')
    expect(await eight.isChecked()).toBe(true)
    expect(await page.locator('input[type="radio"][name="score"]:checked').count()).toBe(1)
    expect(await page.locator('fieldset').filter({ has: eight }).count()).toBe(1)
    // The staff chrome is not there.
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0)

    await page.getByLabel(FOLLOW_UP).fill(ADA_COMMENT)
    await page.getByLabel(CATEGORY_LABEL).selectOption('support')
    await Promise.all([
      page.waitForURL((u) => u.pathname === adaSurveyPath && u.searchParams.get('done') === 'answer'),
      page.getByRole('button', { name: 'Send my answer' }).click(),
    ])
    const thanks = page.getByRole('status').filter({ hasText: 'Thank you!' })
    await thanks.waitFor()
    expect(await thanks.textContent()).toContain('Your current answer: 8 out of 10.')

    // Reloaded, the answer is still there and the button offers to update it.
    await page.reload()
    await page.getByRole('button', { name: 'Update my answer' }).waitFor()
    expect(await page.getByRole('button', { name: 'Send my answer' }).count()).toBe(0)
    expect(await page.locator('input[name="score"][value="8"]').isChecked()).toBe(true)
    expect(await page.getByLabel(FOLLOW_UP).inputValue()).toBe(ADA_COMMENT)

    // A fresh visit of the bare link (no form state the browser could restore): the same, from the server.
    await page.goto(adaSurveyPath)
    await page.getByRole('button', { name: 'Update my answer' }).waitFor()
    const saved = page.locator('input[name="score"][value="8"]')
    expect(await saved.isChecked()).toBe(true)
    expect(await saved.getAttribute('checked')).not.toBeNull()
    expect(await page.getByLabel(FOLLOW_UP).inputValue()).toBe(ADA_COMMENT)
    expect(await page.getByLabel(CATEGORY_LABEL).inputValue()).toBe('support')
    expect(await page.getByText('Thank you!').count()).toBe(0)
  })

  test('the wave page counts the answer for that level and overall', { timeout: STEP }, async () => {
    await page.goto(`/waves/${waveId}`)
    await page.locator('[data-testid="progress"]').waitFor()
    expect(await answeredIn(page, 'By level', ADA.levelLabel)).toBe(1)
    expect(await answeredIn(page, 'By level', MAX.levelLabel)).toBe(0)
    expect(await answeredIn(page, 'By level', PEOPLE[2].levelLabel)).toBe(0)
    expect(await answeredIn(page, 'By account', ACCOUNT.name)).toBe(1)
    expect(await page.getByText(/^1 of 3 answered/).isVisible()).toBe(true)
  })

  test('without JavaScript: an admin signs in, opens another email, answers 3 with a comment', { timeout: STEP }, async () => {
    const noJs = await browser!.newContext({ baseURL: server!.baseUrl, javaScriptEnabled: false })
    noJs.setDefaultTimeout(15_000)
    watchErrors(noJs)
    try {
      const p = await noJs.newPage()
      await p.goto('/login')
      await p.getByLabel('Email', { exact: true }).fill(ADMIN.email)
      await p.getByLabel('Password', { exact: true }).fill(ADMIN.password)
      await Promise.all([p.waitForURL((u) => u.pathname === '/accounts'), p.getByRole('button', { name: 'Sign in' }).click()])

      const links = await openMessageFor(p, MAX.email)
      await Promise.all([p.waitForURL((u) => u.pathname.startsWith('/s/')), links.getByRole('link', { name: '3', exact: true }).click()])
      const maxPath = pathOf(p)
      expect(maxPath).not.toBe(adaSurveyPath)
      expect(await p.locator('input[name="score"][value="3"]').isChecked()).toBe(true)

      await p.getByLabel(FOLLOW_UP).fill(MAX_COMMENT)
      await Promise.all([
        p.waitForURL((u) => u.pathname === maxPath && u.searchParams.get('done') === 'answer'),
        p.getByRole('button', { name: 'Send my answer' }).click(),
      ])
      const thanks = p.getByRole('status').filter({ hasText: 'Thank you!' })
      await thanks.waitFor()
      expect(await thanks.textContent()).toContain('Your current answer: 3 out of 10.')
      expect(await p.getByLabel(FOLLOW_UP).inputValue()).toBe(MAX_COMMENT)

      await p.goto(`/waves/${waveId}`)
      await p.locator('[data-testid="progress"]').waitFor()
      expect(await p.getByText(/^2 of 3 answered/).isVisible()).toBe(true)
      expect(await answeredIn(p, 'By level', MAX.levelLabel)).toBe(1)
      expect(await answeredIn(p, 'By level', ADA.levelLabel)).toBe(1)
      expect(await answeredIn(p, 'By account', ACCOUNT.name)).toBe(2)
    } finally {
      await noJs.close()
    }

    // The JavaScript-driven staff page agrees.
    await page.goto(`/waves/${waveId}`)
    await page.locator('[data-testid="progress"]').waitFor()
    expect(await page.getByText(/^2 of 3 answered/).isVisible()).toBe(true)
  })

  test('the respondent page fits a 360 px phone; screenshots of it and of the wave page', { timeout: STEP }, async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    const respondentShot = path.join(ARTIFACTS, 'respondent-360.png')
    const waveShot = path.join(ARTIFACTS, 'wave-page.png')

    const phone = await context.newPage()
    try {
      await phone.setViewportSize({ width: 360, height: 800 })
      await phone.goto(adaSurveyPath)
      await phone.getByRole('button', { name: 'Update my answer' }).waitFor()
      const widths = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
      expect(widths.scroll, `the page scrolls sideways at 360 px (${JSON.stringify(widths)})`).toBeLessThanOrEqual(360)
      await phone.screenshot({ path: respondentShot, fullPage: true })
    } finally {
      await phone.close()
    }

    await page.goto(`/waves/${waveId}`)
    await page.locator('[data-testid="progress"]').waitFor()
    await page.screenshot({ path: waveShot, fullPage: true })

    for (const file of [respondentShot, waveShot]) {
      const stat = statSync(file)
      expect(stat.isFile()).toBe(true)
      expect(stat.size).toBeGreaterThan(0)
    }
  })

  test('the respondent page loads no JavaScript at all (and no chart code)', { timeout: STEP }, async () => {
    const p = await context.newPage()
    try {
      const requests: { url: string; type: string }[] = []
      p.on('request', (request) => requests.push({ url: request.url(), type: request.resourceType() }))
      const response = await p.goto(`${adaSurveyPath}?score=8`, { waitUntil: 'networkidle' })
      expect(response?.status()).toBe(200)
      await p.getByRole('button', { name: 'Update my answer' }).waitFor()

      expect(requests.some((r) => r.type === 'document' && new URL(r.url).pathname === adaSurveyPath)).toBe(true)
      // The survey stylesheet is the kind of thing that should load: the recorder works.
      expect(requests.some((r) => r.type === 'stylesheet')).toBe(true)
      const scripts = requests.filter((r) => r.type === 'script' || /\.m?js$/i.test(new URL(r.url).pathname))
      expect(scripts).toEqual([])
      expect(requests.filter((r) => r.url.toLowerCase().includes('chart'))).toEqual([])

      const html = await p.content()
      expect(html).not.toMatch(/<script\b[^>]*\bsrc\s*=/i)
      expect(html).not.toMatch(/modulepreload/i)
      // Not even an inline script (so no chart code either).
      expect(await p.locator('script').count()).toBe(0)
    } finally {
      await p.close()
    }
  })

  test('an unknown link answers 404 with the friendly page', { timeout: STEP }, async () => {
    const token = randomBytes(32).toString('base64url')
    expect(token).toHaveLength(43)
    const response = await page.goto(`/s/${token}`)
    expect(response?.status()).toBe(404)
    await page.getByRole('heading', { name: 'We could not find this link', level: 1 }).waitFor()
    expect(await page.getByRole('radio').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Send my answer' }).count()).toBe(0)

    const direct = await fetch(url(`/s/${token}?score=8`), { redirect: 'manual' })
    expect(direct.status).toBe(404)
    expect(await direct.text()).toContain('We could not find this link')
  })

  test('the browser reported no script errors along the way', { timeout: STEP }, async () => {
    expect(browserErrors).toEqual([])
  })
})
