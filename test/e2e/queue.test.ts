/* The at-risk queue end to end, on the demo portfolio with the dispatcher on: a top
   manager of an account nobody is working on answers 9 from the demo email, the account
   appears in /queue, and its owner (signed in as themselves) marks the 24-hour step done
   and sends the "open honestly" draft, which the dispatcher delivers to the dev mailbox. */
import { existsSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ARTIFACTS } from '../setup/paths'
import { openDemo } from './demo'
import type { RunningServer } from './server'

const STEP = 60_000
const DELIVERY_DEADLINE_MS = 30_000
const SCORE = '9'
const COMMENT = 'We are reviewing all vendors; too expensive for what we get.'
const FOLLOW_UP = 'What should we fix first?'
const SENIOR_HATE = 'High hate from a buyer or senior person'
/** The playbook: each step's key and hours from opening to its due time. */
const STEPS = [
  ['contact', 24],
  ['team', 48],
  ['workaround', 72],
  ['rca', 7 * 24],
  ['fix', 30 * 24],
] as const

type Target = {
  personId: number
  personName: string
  personEmail: string
  personRole: string
  accountId: number
  accountName: string
  ownerEmail: string
  ownerName: string
  /** Whether the open wave (or the last closed one the queue reads with it) is confidential. */
  confidential: boolean
}

function expectScreenshot(file: string) {
  expect(existsSync(file), file).toBe(true)
  expect(statSync(file).size, file).toBeGreaterThan(10_000)
}

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ')

describe('The at-risk queue in a real browser, on the demo portfolio', () => {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let page: Page
  let password = ''
  let databasePath = ''
  let owner: BrowserContext | undefined
  let ownerPage: Page
  let target: Target | undefined
  let itemPath = ''
  const browserErrors: string[] = []
  const serverLog = () => `\n--- server output (tail) ---\n${server!.output().slice(-3000)}`

  /** The server's database, read-only: only to pick the demo's people, never to change them. */
  function query<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(databasePath, { readonly: true, fileMustExist: true })
    try {
      return db.prepare(sql).all(...params) as T[]
    } finally {
      db.close()
    }
  }

  /** The dev mailbox rows for one recipient (admin page), newest first. */
  async function mailFor(email: string) {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`)
    await page.getByRole('heading', { name: 'Dev mailbox', level: 1 }).waitFor()
    return page.locator('tbody tr')
  }

  beforeAll(async () => {
    // The setup file turns the dispatcher off; this server delivers the open wave and the item's letters.
    ;({ server, browser, page, password, databasePath } = await openDemo('queue', { serverEnv: { DISPATCHER: 'on' }, browserErrors }))
  }, 120_000)

  afterAll(async () => {
    await owner?.close()
    await browser?.close()
    await server?.stop()
  })

  test('a top manager of an account with no open item answers 9 from the demo email', { timeout: STEP }, async () => {
    // The dispatcher's first pass reassesses the whole queue, then delivers the open wave:
    // once mail is in, the open items in the database are the ones the demo starts with.
    const deadline = Date.now() + DELIVERY_DEADLINE_MS
    while (Date.now() < deadline && (await (await mailFor('')).count()) === 0) await page.waitForTimeout(500)
    expect(await page.locator('tbody tr').count(), `the open wave never reached the dev mailbox${serverLog()}`).toBeGreaterThan(0)

    const now = Date.now()
    const candidates = query<Omit<Target, 'confidential'>>(
      `select s.id personId, s.name personName, s.email personEmail, s.role personRole, a.id accountId, a.name accountName, u.email ownerEmail, u.name ownerName
         from invitations i
         join waves w on w.id = i.wave_id
         join stakeholders s on s.id = i.stakeholder_id
         join accounts a on a.id = i.account_id
         join users u on u.id = a.owner_id
        where w.closed_at is null and w.send_at <= ? and w.closes_at > ?
          and s.level = 'top' and s.role in ('buyer', 'both') and s.status = 'active' and s.locale = 'en'
          and a.archived_at is null and a.status <> 'churned' and u.disabled_at is null
          and not exists (select 1 from responses r where r.invitation_id = i.id)
          and not exists (select 1 from queue_items q where q.account_id = a.id and q.status = 'open')
        order by a.id, s.id`,
      now,
      now,
    )
    expect(candidates.length, 'the demo has a top-level buyer, invited in the open wave, at an account with no open queue item').toBeGreaterThan(0)
    const picked = candidates[0]
    // The queue reads the open wave together with the last closed one: confidential if either is.
    const waves = query<{ anonymity: string; isOpen: number }>(
      `select anonymity, (closed_at is null and closes_at > ?) isOpen from waves
        where send_at <= ? order by (closed_at is null and closes_at > ?) desc, send_at desc`,
      now,
      now,
      now,
    )
    const recent = [...waves.filter((w) => w.isOpen), ...waves.filter((w) => !w.isOpen).slice(0, 1)]
    target = { ...picked, confidential: recent.some((w) => w.anonymity === 'confidential') }

    // Their invitation, found by recipient.
    const rows = await mailFor(target.personEmail)
    const poll = Date.now() + DELIVERY_DEADLINE_MS
    while (Date.now() < poll && (await rows.count()) === 0) {
      await page.waitForTimeout(500)
      await mailFor(target.personEmail)
    }
    expect(await rows.count(), `one invitation for ${target.personEmail}${serverLog()}`).toBe(1)
    await Promise.all([page.waitForURL((u) => /^\/dev\/mailbox\/\d+$/.test(u.pathname)), rows.first().getByRole('link').click()])
    const links = page.getByRole('list', { name: 'Links in this email' })
    await links.waitFor()
    expect(await page.locator('dl.facts').textContent()).toContain(target.personEmail)

    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/s/')), links.getByRole('link', { name: SCORE, exact: true }).click()])
    const surveyPath = new URL(page.url()).pathname
    expect(await page.locator(`input[type="radio"][name="score"][value="${SCORE}"]`).isChecked()).toBe(true)
    await page.getByLabel(FOLLOW_UP).fill(COMMENT)
    await Promise.all([
      page.waitForURL((u) => u.pathname === surveyPath && u.searchParams.get('done') === 'answer'),
      page.getByRole('button', { name: 'Send my answer' }).click(),
    ])
    const thanks = page.getByRole('status').filter({ hasText: 'Thank you!' })
    await thanks.waitFor()
    expect(await thanks.textContent()).toContain(`Your current answer: ${SCORE} out of 10.`)
    expect(browserErrors).toEqual([])
  })

  test('/queue lists the account as high risk, and links to its item', { timeout: STEP }, async () => {
    expect(target, 'the first test answered as a top manager').toBeDefined()
    const table = page.getByTestId('queue-table')
    const row = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: target!.accountName, exact: true }) })
    // The server reassesses marked accounts 200 ms after the answer: reload until it has.
    await expect
      .poll(
        async () => {
          await page.goto('/queue')
          await page.getByRole('heading', { name: 'At-risk queue', level: 1 }).waitFor()
          return row.count()
        },
        { timeout: 10_000, interval: 250 },
      )
      .toBe(1)
    expect(await row.getAttribute('data-risk')).toBe('high')
    expect((await row.locator('.badge[class*="risk-"]').textContent())?.trim()).toBe('High risk')
    expect(await row.textContent()).toContain(SENIOR_HATE)

    // One open item for the account, and it is the one the row links to.
    const items = query<{ id: number }>(`select id from queue_items where account_id = ? and status = 'open'`, target!.accountId)
    expect(items).toHaveLength(1)
    itemPath = (await row.getByRole('link', { name: target!.accountName, exact: true }).getAttribute('href')) ?? ''
    expect(itemPath).toBe(`/queue/${items[0].id}`)

    mkdirSync(ARTIFACTS, { recursive: true })
    const file = path.join(ARTIFACTS, 'queue.png')
    await page.screenshot({ path: file, fullPage: true })
    expectScreenshot(file)
    expect(browserErrors).toEqual([])
  })

  test("the owner opens the item: the signal with its evidence, the triage and five dated steps", { timeout: STEP }, async () => {
    expect(itemPath, 'the /queue test found the item').toMatch(/^\/queue\/\d+$/)
    // The account's owner works the item, signed in as themselves (demo staff share the password).
    owner = await browser!.newContext({ baseURL: server!.baseUrl, viewport: { width: 1280, height: 900 } })
    owner.setDefaultTimeout(15_000)
    owner.on('weberror', (error) => browserErrors.push(`pageerror: ${error.error().message}`))
    owner.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) browserErrors.push(`console: ${message.text()}`)
    })
    ownerPage = await owner.newPage()
    await ownerPage.goto('/login')
    await ownerPage.getByLabel('Email', { exact: true }).fill(target!.ownerEmail)
    await ownerPage.getByLabel('Password', { exact: true }).fill(password)
    await Promise.all([ownerPage.waitForURL((u) => u.pathname === '/accounts'), ownerPage.getByRole('button', { name: 'Sign in' }).click()])
    // The URL changes before the new page renders: wait for the signed-in header.
    await ownerPage.getByRole('button', { name: 'Sign out' }).waitFor()
    expect(await ownerPage.locator('header').textContent()).toContain(target!.ownerName)

    await ownerPage.goto(itemPath)
    await ownerPage.getByRole('heading', { name: target!.accountName, level: 1 }).waitFor()
    expect(await ownerPage.locator('h1 .badge', { hasText: 'High risk' }).count()).toBe(1)

    const signals = ownerPage.getByTestId('signals')
    const senior = signals.locator('tbody tr[data-kind="senior_hate"]')
    expect(await senior.count()).toBe(1)
    expect((await senior.locator('td').first().textContent())?.trim()).toBe(SENIOR_HATE)
    const evidence = (await senior.locator('td').nth(1).textContent()) ?? ''
    const history = ownerPage.getByTestId('history')
    if (target!.confidential) {
      // A confidential answer is never attributed: not by name, nor by its exact score.
      expect(evidence).not.toContain(target!.personName)
      expect(evidence).not.toContain(`${SCORE}/10`)
      expect(await signals.textContent()).not.toContain(target!.personName)
      expect(await history.textContent()).not.toContain(target!.personName)
    } else {
      expect(evidence).toContain(`${target!.personName} (top, ${target!.personRole}) answered ${SCORE}/10`)
    }
    // Health is 100 minus every signal's points, as the table shows it.
    const points = await signals.locator('tbody tr[data-kind] td.num').allTextContents()
    const health = Number((await ownerPage.locator('.health-score').textContent())?.trim())
    expect(health).toBe(Math.max(0, 100 - points.reduce((sum, p) => sum + Number(p.replace('−', '')), 0)))

    const triage = ownerPage.getByTestId('triage')
    const triageText = (await triage.textContent()) ?? ''
    for (const term of ['Effort', 'Save probability', 'Value', 'Runway', 'Priority']) expect(triageText, term).toContain(term)
    expect(triageText).toMatch(/Full save|Standard|Light|None: graceful exit/)

    // Five steps, each due a fixed time after the item was opened.
    const [{ openedAt }] = query<{ openedAt: number }>(`select opened_at openedAt from queue_items where id = ?`, Number(itemPath.split('/').pop()))
    const steps = ownerPage.locator('ol.steps > li')
    expect(await steps.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-step')))).toEqual(STEPS.map(([key]) => key))
    for (const [key, hours] of STEPS) {
      const text = (await ownerPage.locator(`li[data-step="${key}"]`).textContent()) ?? ''
      expect(text, key).toContain(`Due ${when(new Date(openedAt + hours * 3_600_000))} UTC`)
    }
    expect(await ownerPage.locator('ol.steps > li.done').count()).toBe(0)
    expect(await history.locator('li[data-kind="opened"]').count()).toBe(1)
    expect(browserErrors).toEqual([])
  })

  test('the owner marks the 24-hour step done and sends the "open honestly" draft to the top manager', { timeout: STEP }, async () => {
    expect(ownerPage, 'the previous test signed the owner in').toBeDefined()
    const contact = ownerPage.locator('li[data-step="contact"]')
    expect((await contact.textContent()) ?? '').toContain('Personal contact')
    await contact.getByRole('button', { name: 'Mark done' }).click()
    await ownerPage.locator('li[data-step="contact"].done').waitFor()
    expect(await contact.locator('.badge', { hasText: 'done' }).count()).toBe(1)
    expect(await contact.getByRole('button', { name: 'Mark done' }).count()).toBe(0)
    // Only that step: the others still wait.
    expect(await ownerPage.locator('ol.steps > li.done').count()).toBe(1)
    const stepDone = ownerPage.getByTestId('history').locator('li[data-kind="step_done"]')
    expect(await stepDone.count()).toBe(1)
    const stepDoneText = (await stepDone.textContent()) ?? ''
    expect(stepDoneText).toContain('step done')
    expect(stepDoneText).toContain(target!.ownerName)

    const draft = ownerPage.locator('details[data-draft="open"]')
    expect(await draft.getAttribute('open')).not.toBeNull()
    expect(await draft.locator('summary').textContent()).toContain('Open honestly')
    const subject = `${target!.accountName}: we heard you — can we talk this week?`
    await draft.getByLabel('Subject').fill(subject)
    const recipient = draft.locator(`#to-open-${target!.personId}`)
    await recipient.check()
    expect(await recipient.isChecked()).toBe(true)
    await draft.getByRole('button', { name: 'Send through the outbox' }).click()

    const sent = ownerPage.getByTestId('letters').locator('li', { hasText: subject }).filter({ hasText: target!.personEmail })
    await sent.waitFor()
    expect((await sent.textContent()) ?? '').toContain(`by ${target!.ownerName}`)
    expect(await ownerPage.getByTestId('history').locator('li[data-kind="message_sent"]', { hasText: subject }).count()).toBe(1)

    // The dispatcher delivers the letter to the top manager's (dev) mailbox.
    const deadline = Date.now() + DELIVERY_DEADLINE_MS
    let delivered = 0
    while (Date.now() < deadline) {
      delivered = await (await mailFor(target!.personEmail)).filter({ hasText: subject }).count()
      if (delivered > 0) break
      await page.waitForTimeout(500)
    }
    expect(delivered, `the letter never reached the dev mailbox${serverLog()}`).toBe(1)

    await ownerPage.reload()
    await ownerPage.locator('li[data-step="contact"].done').waitFor()
    mkdirSync(ARTIFACTS, { recursive: true })
    const file = path.join(ARTIFACTS, 'queue-item.png')
    await ownerPage.screenshot({ path: file, fullPage: true })
    expectScreenshot(file)
    expect(browserErrors).toEqual([])
  })

  test('the item page fits a 360 px phone without sideways scrolling', { timeout: STEP }, async () => {
    expect(owner, 'the owner is signed in').toBeDefined()
    const phone = await owner!.newPage()
    try {
      await phone.setViewportSize({ width: 360, height: 800 })
      await phone.goto(itemPath)
      await phone.getByRole('heading', { name: target!.accountName, level: 1 }).waitFor()
      const widths = await phone.evaluate(() => {
        const limit = document.documentElement.clientWidth
        const past = (el: Element) => el.getBoundingClientRect().right > limit + 1
        // Inside a scrolling box (a wide table's wrapper), reaching past the edge is fine.
        const clipped = (el: Element) => {
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true
          return false
        }
        // The outermost elements that widen the page, to name the culprit.
        const wide = [...document.body.querySelectorAll('*')]
          .filter((el) => past(el) && !clipped(el) && !(el.parentElement && el.parentElement !== document.body && past(el.parentElement)))
          .slice(0, 8)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right ${Math.round(el.getBoundingClientRect().right)})`)
        return { scroll: document.documentElement.scrollWidth, client: limit, wide }
      })
      const file = path.join(ARTIFACTS, 'queue-item-360.png')
      await phone.screenshot({ path: file, fullPage: true })
      expectScreenshot(file)
      expect(widths.scroll, `the item page scrolls sideways at 360 px: ${JSON.stringify(widths)}`).toBeLessThanOrEqual(361)
    } finally {
      await phone.close()
    }
    expect(browserErrors).toEqual([])
  })
})
