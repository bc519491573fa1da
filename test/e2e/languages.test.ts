/* Issue 16, point 1, end to end: a Chinese and a Malay respondent, on a 360-px phone
   with JavaScript off, follow the score link in their email to a page in their language
   with that score chosen, answer, and read the thank-you in their language. The Chinese
   page must render real glyphs (Debian's fonts-noto-cjk), not boxes. */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { messages } from '#app/i18n/messages'
import { ARTIFACTS } from '../setup/paths'
import { launchBrowser } from './browser'
import { startServer, type RunningServer } from './server'

const STEP = 60_000
const SEND_DEADLINE_MS = 20_000

const ADMIN = { name: 'Lin Admin', email: 'lin@hatescale.test', password: 'a long enough password' }
const ACCOUNT = { name: 'Lion City Logistics', domain: 'lioncity-e2e.test' }
const PEOPLE = [
  { name: 'Chen Wei', email: 'chen.wei@lioncity-e2e.test', level: 'executor', role: 'user', locale: 'zh', score: 7, comment: '工单处理太慢了，希望能快一点。' },
  { name: 'Nurul Aisyah', email: 'nurul@lioncity-e2e.test', level: 'manager', role: 'buyer', locale: 'ms', score: 4, comment: 'Laporan bulanan selalu lewat.' },
] as const

describe('Chinese and Malay respondents, in a real browser against the production server', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let staff: BrowserContext
  let phone: BrowserContext
  let page: Page
  const browserErrors: string[] = []
  const serverLog = () => `\n--- server output (tail) ---\n${server!.output().slice(-3000)}`

  function watchErrors(ctx: BrowserContext) {
    ctx.on('weberror', (error) => browserErrors.push(`pageerror: ${error.error().message}`))
    ctx.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) browserErrors.push(`console: ${message.text()}`)
    })
  }

  async function signIn(p: Page) {
    await p.goto('/login')
    // Already signed in (the phone context keeps its cookie): the login page sends us on.
    if (new URL(p.url()).pathname !== '/login') return
    await p.getByLabel('Email', { exact: true }).fill(ADMIN.email)
    await p.getByLabel('Password', { exact: true }).fill(ADMIN.password)
    await Promise.all([p.waitForURL((u) => u.pathname === '/accounts'), p.getByRole('button', { name: 'Sign in' }).click()])
  }

  /** Opens the dev mailbox message sent to `email`; returns its subject line and links. */
  async function openMessageFor(p: Page, email: string) {
    await p.goto('/dev/mailbox')
    const row = p.locator('tbody tr').filter({ hasText: email })
    expect(await row.count(), `one message for ${email} in the dev mailbox`).toBe(1)
    const rowText = (await row.textContent()) ?? ''
    await Promise.all([p.waitForURL((u) => /^\/dev\/mailbox\/\d+$/.test(u.pathname)), row.getByRole('link').click()])
    const links = p.getByRole('list', { name: 'Links in this email' })
    await links.waitFor()
    return { rowText, links }
  }

  beforeAll(async () => {
    server = await startServer({ env: { DISPATCHER: 'on' } })
    browser = await launchBrowser()
    staff = await browser.newContext({ baseURL: server.baseUrl })
    staff.setDefaultTimeout(15_000)
    watchErrors(staff)
    page = await staff.newPage()
    // The respondents: a phone, no JavaScript.
    phone = await browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false, viewport: { width: 360, height: 800 } })
    phone.setDefaultTimeout(15_000)
    watchErrors(phone)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the machine has a Chinese font for Chromium (fonts-noto-cjk)', () => {
    const fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' })
    expect(fonts, 'no Chinese font: run test/setup/ensure-chromium.sh (apt-get install fonts-noto-cjk)').toMatch(/Noto Sans CJK/)
  })

  test('setup: an admin, an account, a Chinese and a Malay person, and a wave sent to them', { timeout: STEP * 2 }, async () => {
    const first = await page.goto('/')
    expect(first?.status(), `GET /setup failed${serverLog()}`).toBe(200)
    await page.getByLabel('Your name').fill(ADMIN.name)
    await page.getByLabel('Work email').fill(ADMIN.email)
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
    await page.getByLabel('Repeat password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Create admin and sign in' }).click()
    await page.waitForURL((u) => u.pathname === '/accounts')

    await page.goto('/accounts/new')
    await page.getByLabel('Company name').fill(ACCOUNT.name)
    await page.getByLabel('Domain').fill(ACCOUNT.domain)
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL((u) => /^\/accounts\/\d+$/.test(u.pathname))

    const form = page.getByRole('form', { name: 'Add person' })
    for (const person of PEOPLE) {
      await form.getByLabel('Name').fill(person.name)
      await form.getByLabel('Email').fill(person.email)
      await form.getByLabel('Level').selectOption(person.level)
      await form.getByLabel('Relationship role').selectOption(person.role)
      await form.getByLabel('Language').selectOption(person.locale)
      await form.getByRole('button', { name: 'Add person' }).click()
      await page.getByRole('button', { name: `Mark ${person.name} as left` }).waitFor()
    }

    await page.goto('/waves/new')
    // The form offers the default wording in Chinese and Malay too.
    expect(await page.locator('textarea[name="question_executor_zh"]').inputValue()).toBe(messages.zh.defaultQuestion.executor)
    expect(await page.locator('input[name="followUp_ms"]').inputValue()).toBe(messages.ms.defaultFollowUp)
    await page.getByRole('button', { name: 'Create wave and send' }).click()
    await page.waitForURL((u) => /^\/waves\/\d+$/.test(u.pathname))
    const waveUrl = new URL(page.url()).pathname

    const progress = page.locator('[data-testid="progress"]')
    const deadline = Date.now() + SEND_DEADLINE_MS
    let text = ''
    while (Date.now() < deadline) {
      await page.goto(waveUrl)
      text = ((await progress.textContent()) ?? '').trim()
      if (text.startsWith('0 queued') && text.includes('2 sent')) break
      await page.waitForTimeout(1_000)
    }
    expect(text, `progress never reached "0 queued · 2 sent"${serverLog()}`).toMatch(/^0 queued · 2 sent · 0 failed/)
  })

  for (const person of PEOPLE) {
    test(`${person.locale}: email link → page with ${person.score} chosen → answer → thank-you, at 360 px without JavaScript`, { timeout: STEP }, async () => {
      const m = messages[person.locale]
      const p = await phone.newPage()
      try {
        await signIn(p)
        const { rowText, links } = await openMessageFor(p, person.email)
        expect(rowText, 'the subject is in their language').toContain(m.invitation.subject(''))

        await Promise.all([p.waitForURL((u) => u.pathname.startsWith('/s/')), links.getByRole('link', { name: String(person.score), exact: true }).click()])
        const surveyPath = new URL(p.url()).pathname
        expect(await p.locator('html').getAttribute('lang')).toBe(person.locale)
        expect(await p.locator('legend.survey-question').textContent()).toContain(m.defaultQuestion[person.level])
        expect(await p.locator(`input[name="score"][value="${person.score}"]`).isChecked()).toBe(true)
        expect(await p.getByText(m.scaleHigh).count()).toBe(1)
        const widths = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
        expect(widths.scroll, `the page scrolls sideways at 360 px (${JSON.stringify(widths)})`).toBeLessThanOrEqual(360)

        await p.getByLabel(m.defaultFollowUp).fill(person.comment)
        await Promise.all([
          p.waitForURL((u) => u.pathname === surveyPath && u.searchParams.get('done') === 'answer'),
          p.getByRole('button', { name: m.survey.submit }).click(),
        ])
        const thanks = p.getByRole('status').filter({ hasText: m.survey.thanksTitle })
        await thanks.waitFor()
        expect(await thanks.textContent()).toContain(m.survey.currentAnswer(person.score))
        expect(await thanks.textContent()).toContain(`${m.survey.thanksTitle}${m.sentenceGap}${m.survey.thanksBody}`)
        expect(await p.locator('html').getAttribute('lang')).toBe(person.locale)
        expect(await p.getByRole('button', { name: m.survey.update }).count()).toBe(1)

        if (person.locale === 'zh') {
          // What Chromium actually drew the question with: a real CJK face, every glyph found.
          const cdp = await phone.newCDPSession(p)
          const { root } = await cdp.send('DOM.getDocument')
          const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'legend.survey-question' })
          await cdp.send('CSS.enable')
          const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
          const cjk = fonts.filter((f) => /Noto Sans CJK/.test(f.familyName))
          expect(cjk.reduce((n, f) => n + f.glyphCount, 0), `fonts used: ${JSON.stringify(fonts)}`).toBeGreaterThan(0)
          await cdp.detach()
        }

        mkdirSync(ARTIFACTS, { recursive: true })
        const shot = path.join(ARTIFACTS, `respondent-${person.locale}.png`)
        await p.screenshot({ path: shot, fullPage: true })
        expect(statSync(shot).size).toBeGreaterThan(0)
      } finally {
        await p.close()
      }
    })
  }

  test('an unknown link speaks the visitor’s language from Accept-Language', { timeout: STEP }, async () => {
    const token = randomBytes(32).toString('base64url')
    for (const [header, locale] of [['zh-CN,zh;q=0.9', 'zh'], ['ms-MY,ms;q=0.9,en;q=0.5', 'ms']] as const) {
      const res = await fetch(`${server!.baseUrl}/s/${token}`, { headers: { 'accept-language': header } })
      expect(res.status).toBe(404)
      const html = await res.text()
      expect(html).toMatch(new RegExp(`<html lang="${locale}"`))
      expect(html).toContain(messages[locale].pages.unknownTitle)
    }
  })

  test('the browser reported no script errors along the way', () => {
    expect(browserErrors).toEqual([])
  })
})
