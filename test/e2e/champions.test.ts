/* Champions in a real browser, on the demo portfolio: the production server on a
   database seeded by db/seed.ts (champions who left — one learned from a bounce, one
   from the respondent —, one cooling, events awaiting confirmation, accounts without a
   champion), Chromium signed in as the demo admin. The owner confirms a pending event
   on an account page and the timeline and status follow. */
import { existsSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ARTIFACTS } from '../setup/paths'
import { openDemo } from './demo'
import type { RunningServer } from './server'

const STEP = 60_000
const ADMIN_NAME = 'Alex Admin'

function expectScreenshot(file: string) {
  expect(existsSync(file), file).toBe(true)
  expect(statSync(file).size, file).toBeGreaterThan(10_000)
}

describe('Champions in a real browser, on the demo portfolio', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let page: Page
  const browserErrors: string[] = []
  /** The account the second test decides on: the first row of /champions. */
  let pendingAccount: { href: string; name: string; pending: string } | undefined

  beforeAll(async () => {
    ;({ server, browser, page } = await openDemo('champions', { browserErrors }))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('/champions lists every account by champion status, events to confirm first', { timeout: STEP }, async () => {
    await page.goto('/champions')
    await page.getByRole('heading', { name: 'Champions', level: 1 }).waitFor()
    const table = page.getByTestId('champions-table')
    await table.waitFor()
    const rows = table.locator('tbody tr')
    expect(await rows.count()).toBeGreaterThan(5)

    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status') ?? ''))
    const labels = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[1]?.textContent?.trim() ?? ''))
    // The demo: events awaiting confirmation, champions who left (a bounce, the respondent), one cooling, some with none.
    for (const label of ['Event to confirm', 'Champion left', 'Champion cooling', 'No champion', 'Champion in place']) expect(labels, label).toContain(label)
    expect(statuses.filter((s) => s === 'left').length).toBeGreaterThanOrEqual(2)
    // Events awaiting confirmation come first.
    const firstOther = statuses.findIndex((s) => s !== 'unconfirmed')
    expect(firstOther).toBeGreaterThan(0)
    expect(statuses.slice(firstOther)).not.toContain('unconfirmed')

    const first = rows.first()
    const link = first.locator('td').first().getByRole('link')
    pendingAccount = {
      href: (await link.getAttribute('href')) ?? '',
      name: (await link.textContent())?.trim() ?? '',
      pending: (await first.locator('td').nth(3).textContent())?.trim() ?? '',
    }
    expect(pendingAccount.href).toMatch(/^\/accounts\/\d+#champion$/)
    expect(pendingAccount.pending).not.toBe('—')

    // The status filter narrows the table to one status.
    await page.goto('/champions?status=left')
    await table.waitFor()
    const leftOnly = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')))
    expect(leftOnly.length).toBeGreaterThanOrEqual(2)
    expect(new Set(leftOnly)).toEqual(new Set(['left']))

    await page.goto('/champions')
    await table.waitFor()
    mkdirSync(ARTIFACTS, { recursive: true })
    const file = path.join(ARTIFACTS, 'champions.png')
    await page.screenshot({ path: file, fullPage: true })
    expectScreenshot(file)
    expect(browserErrors).toEqual([])
  })

  test('confirming a pending event on the account page adds "Confirmed" to the timeline and changes the status', { timeout: STEP }, async () => {
    expect(pendingAccount, 'the /champions test found an account with a pending event').toBeDefined()
    await page.goto(pendingAccount!.href)
    await page.getByRole('heading', { name: pendingAccount!.name, level: 1 }).waitFor()
    const status = page.getByTestId('champion-status')
    await status.waitFor()
    expect((await status.textContent())?.trim()).toBe('Event to confirm')
    const timeline = page.getByTestId('champion-timeline').locator('li')
    const before = await timeline.count()
    expect(before).toBeGreaterThanOrEqual(2)
    expect(await page.getByTestId('champion-timeline').locator('li[data-kind="confirmed"]').count()).toBe(0)
    const pending = page.getByTestId('pending-event')
    expect(await pending.count()).toBe(1)
    expect(await page.getByTestId('champion-timeline').getByText('awaiting confirmation').count()).toBe(1)

    await pending.getByRole('button', { name: 'Confirm' }).click()
    // The page reloads its data after the action: the status leaves "Event to confirm".
    await page.getByTestId('champion-status').filter({ hasNotText: 'Event to confirm' }).waitFor()
    const confirmed = page.getByTestId('champion-timeline').locator('li[data-kind="confirmed"]')
    await confirmed.waitFor()
    expect((await confirmed.textContent()) ?? '').toContain(`Confirmed by ${ADMIN_NAME}`)
    expect(await timeline.count()).toBeGreaterThan(before)
    expect(await page.getByTestId('pending-event').count()).toBe(0)
    const after = (await page.getByTestId('champion-status').textContent())?.trim()
    // A confirmed "possibly left" leaves the account without its champion; a confirmed successor is the new champion.
    expect(['Champion left', 'Champion in place']).toContain(after)
    if (pendingAccount!.pending.includes('successor')) {
      expect(after).toBe('Champion in place')
      expect(await page.getByTestId('champion-timeline').locator('li[data-kind="replaced"]').count()).toBeGreaterThan(0)
    } else {
      expect(after).toBe('Champion left')
    }
    // The decided event is marked as such in the timeline.
    expect(await page.getByTestId('champion-timeline').getByText('awaiting confirmation').count()).toBe(0)
    expect(await page.getByTestId('champion-timeline').locator('.badge', { hasText: 'confirmed' }).count()).toBe(1)

    const file = path.join(ARTIFACTS, 'champion-timeline.png')
    await page.locator('#champion').scrollIntoViewIfNeeded()
    await page.screenshot({ path: file, fullPage: true })
    expectScreenshot(file)

    // Back on /champions the account no longer waits for a decision.
    await page.goto('/champions')
    const row = page.getByTestId('champions-table').locator('tbody tr', { has: page.getByRole('link', { name: pendingAccount!.name, exact: true }) })
    await row.waitFor()
    expect(await row.getAttribute('data-status')).not.toBe('unconfirmed')
    expect(browserErrors).toEqual([])
  })
})
