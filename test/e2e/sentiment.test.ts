/* Sentiment by level, end to end: the production server on the demo portfolio
   (db/seed.ts run against the server's database before it starts), Chromium signed
   in as the demo admin. Charts render after hydration next to their data tables, and
   chart code is its own chunk: pages without charts (and the respondent page) never
   load it. */
import { mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page, Response as PwResponse } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ARTIFACTS } from '../setup/paths'
import { openDemo } from './demo'
import type { RunningServer } from './server'

const STEP = 60_000
/** Chart.js announces itself in its bundle; no page without charts may download it. */
const CHART_JS_MARKER = 'Chart.js v'

/** Every request a page makes, and the JavaScript it downloads, while `load` runs. */
async function watchLoading(page: Page, load: () => Promise<unknown>) {
  const urls: string[] = []
  const scripts: Promise<{ url: string; body: string }>[] = []
  const onRequest = (r: { url: () => string }) => urls.push(r.url())
  const onResponse = (r: PwResponse) => {
    if (r.request().resourceType() === 'script' || r.url().endsWith('.js')) scripts.push(r.text().then((body) => ({ url: r.url(), body })).catch(() => ({ url: r.url(), body: '' })))
  }
  page.on('request', onRequest)
  page.on('response', onResponse)
  try {
    await load()
    await page.waitForLoadState('networkidle')
  } finally {
    page.off('request', onRequest)
    page.off('response', onResponse)
  }
  return { urls, scripts: await Promise.all(scripts) }
}

const fileName = (url: string) => new URL(url).pathname.split('/').pop() ?? ''

describe('Sentiment pages in a real browser, on the demo portfolio', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let context: BrowserContext
  let page: Page
  const browserErrors: string[] = []

  beforeAll(async () => {
    // The setup file turns the dispatcher off; this server delivers the open wave to the dev mailbox.
    ;({ server, browser, context, page } = await openDemo('sentiment', { serverEnv: { DISPATCHER: 'on' }, browserErrors }))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('/sentiment renders its charts after hydration, each next to a data table, and a heat table linking to accounts', { timeout: STEP }, async () => {
    const { urls } = await watchLoading(page, () => page.goto('/sentiment'))
    await page.getByRole('heading', { name: 'Sentiment', level: 1 }).waitFor()
    await page.locator('[data-chart] canvas').nth(1).waitFor()
    expect(await page.locator('[data-chart] canvas').count()).toBeGreaterThanOrEqual(2)
    // The chart code came as its own file, on demand.
    expect(urls.some((u) => fileName(u).includes('chart')), 'the chart chunk is loaded on /sentiment').toBe(true)

    // The numbers behind the charts are on the page as tables.
    const byLevel = page.getByRole('heading', { name: 'By level', exact: true }).locator('xpath=following-sibling::div[contains(@class, "table-wrap")][1]')
    expect(await byLevel.locator('tbody tr').count()).toBe(4)
    const seriesTable = page.locator('table', { has: page.locator('caption', { hasText: 'Hate Index per level for each wave' }) })
    expect(await seriesTable.count()).toBe(1)
    expect(await seriesTable.locator('tbody tr').count()).toBeGreaterThanOrEqual(3)
    // The line chart and its table sit in the same section.
    const trendSection = page.locator('section', { has: page.locator('#trend-title') })
    expect(await trendSection.locator('[data-chart] canvas').count()).toBe(1)
    expect(await trendSection.locator('table').count()).toBe(1)

    const heat = page.locator('.heat table tbody tr')
    expect(await heat.count()).toBeGreaterThan(5)
    const firstLink = heat.first().locator('td').first().getByRole('link')
    expect(await firstLink.getAttribute('href')).toMatch(/^\/accounts\/\d+$/)
    // The demo's past waves are confidential (k = 3): some cells are withheld, in words.
    expect(await page.locator('.heat abbr.hidden-figure').count()).toBeGreaterThan(0)

    mkdirSync(ARTIFACTS, { recursive: true })
    const file = path.join(ARTIFACTS, 'sentiment.png')
    await page.screenshot({ path: file, fullPage: true })
    expect(statSync(file).size).toBeGreaterThan(10_000)
    expect(browserErrors).toEqual([])
  })

  test('an account page renders its level chart and the coverage matrix', { timeout: STEP }, async () => {
    await page.goto('/accounts/1')
    await page.locator('#sentiment').waitFor()
    await page.locator('#sentiment [data-chart] canvas').first().waitFor()
    expect(await page.locator('#sentiment [data-chart="line"] canvas').count()).toBe(1)
    const matrix = page.locator('[data-testid="coverage-matrix"]')
    await matrix.waitFor()
    expect(await matrix.locator('[data-level]').count()).toBe(4)
    // Next to the chart, the same numbers as a table.
    expect(await page.locator('#sentiment table caption', { hasText: 'Hate Index per level for each wave' }).count()).toBe(1)

    const file = path.join(ARTIFACTS, 'account-sentiment.png')
    await page.screenshot({ path: file, fullPage: true })
    expect(statSync(file).size).toBeGreaterThan(10_000)
    expect(browserErrors).toEqual([])
  })

  test('a page without charts (/accounts) loads no chart code', { timeout: STEP }, async () => {
    const fresh = await context.newPage()
    try {
      const { urls, scripts } = await watchLoading(fresh, () => fresh.goto('/accounts'))
      await fresh.getByRole('heading', { level: 1 }).first().waitFor()
      expect(scripts.length, 'the page did load its JavaScript').toBeGreaterThan(0)
      expect(urls.filter((u) => fileName(u).includes('chart'))).toEqual([])
      expect(scripts.filter((s) => s.body.includes(CHART_JS_MARKER)).map((s) => s.url)).toEqual([])
    } finally {
      await fresh.close()
    }
  })

  test('the respondent page (/s/:token) loads no chart code', { timeout: STEP }, async () => {
    // The dispatcher delivers the open demo wave to the dev mailbox shortly after start.
    const deadline = Date.now() + 30_000
    let rows = 0
    while (Date.now() < deadline) {
      await page.goto('/dev/mailbox')
      rows = await page.locator('tbody tr').count()
      if (rows > 0) break
      await page.waitForTimeout(500)
    }
    expect(rows, `no message in the dev mailbox\n${server!.output().slice(-2000)}`).toBeGreaterThan(0)
    await Promise.all([page.waitForURL((u) => /^\/dev\/mailbox\/\d+$/.test(u.pathname)), page.locator('tbody tr').first().getByRole('link').first().click()])
    const links = page.getByRole('list', { name: 'Links in this email' }).getByRole('link')
    await links.first().waitFor()
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))
    const survey = hrefs.find((h) => new URL(h).pathname.startsWith('/s/'))
    expect(survey, `a survey link among ${hrefs.join(', ')}`).toBeDefined()

    // A respondent has no staff session: a context of its own.
    const respondent = await browser!.newContext({ baseURL: server!.baseUrl })
    try {
      const p = await respondent.newPage()
      const { urls, scripts } = await watchLoading(p, () => p.goto(new URL(survey!).pathname))
      expect(await p.locator('input[type="radio"][name="score"]').count()).toBe(11)
      // (Respondent pages ship no JavaScript at all; whatever they load, it is not chart code.)
      expect(urls.filter((u) => fileName(u).includes('chart'))).toEqual([])
      expect(scripts.filter((s) => s.body.includes(CHART_JS_MARKER)).map((s) => s.url)).toEqual([])
    } finally {
      await respondent.close()
    }
  })
})
