/* Sentiment by level, through the real loaders: confidential mode on every page and
   export under every filter, and account teams seeing only their accounts.
   Every figure is checked against group statistics recomputed in plain SQL from the
   raw responses (test/sentiment-factories.ts), not against the app's own queries. */
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Figure } from '#app/domain/sentiment'
import { ACCOUNT_STATUSES, LEVELS, type AccountStatus, type Level } from '#app/domain/vocabulary'
import { loader as accountLoader } from '#app/routes/accounts.$accountId._index'
import { loader as exportLoader } from '#app/routes/sentiment.export[.]csv'
import { loader as sentimentLoader } from '#app/routes/sentiment._index'
import { makeUser, signedIn } from '#test/factories'
import { call, type RouteResult } from '#test/route'
import {
  accountsWithActivity,
  answer,
  DAY,
  hateIndexOf,
  makeSurveyWave,
  makeSurveyedAccount,
  meanOf,
  responseStats,
  showable,
  strictest,
  type Account,
  type Person,
  type Scope,
  type Stats,
  type Wave,
} from '#test/sentiment-factories'

const now = new Date()

let admin: { cookie: string }
let team: { cookie: string; user: { id: number } }
let o1: number
let o2: number
let A: Account // "Conf Co": top 2 respondents, executors 4 (2 users, 1 buyer, 1 both)
let B: Account
let C: Account
let D: Account // asked, silent in the confidential wave
let E: Account // only two respondents in the confidential wave
let W1: Wave // named, oldest, closed
let W2: Wave // confidential, k = 3, closed: the default view
let W3: Wave // named, newest, still open
let everyone: Person[]

const comment = (w: Wave, p: Person) => `${w.name} note ${p.key}`

beforeAll(async () => {
  admin = await signedIn('admin')
  team = await signedIn('account_team')
  o1 = (await makeUser('service_manager', { name: 'Olga Owner' })).id
  o2 = (await makeUser('service_manager', { name: 'Oscar Owner' })).id

  A = makeSurveyedAccount({
    name: 'Conf Co',
    ownerId: o1,
    strategic: true,
    status: 'active',
    teamIds: [team.user.id],
    people: [
      { key: 'A_T1', level: 'top', role: 'buyer' },
      { key: 'A_T2', level: 'top', role: 'buyer' },
      { key: 'A_E1', level: 'executor', role: 'user' },
      { key: 'A_E2', level: 'executor', role: 'user' },
      { key: 'A_E3', level: 'executor', role: 'buyer' },
      { key: 'A_E4', level: 'executor', role: 'both' },
      { key: 'A_H1', level: 'head', role: 'user' },
      { key: 'A_H2', level: 'head', role: 'user' },
      { key: 'A_H3', level: 'head', role: 'buyer' },
      { key: 'A_M1', level: 'manager', role: 'user' },
    ],
  })
  B = makeSurveyedAccount({
    name: 'Beta Ltd',
    ownerId: o2,
    strategic: false,
    status: 'at_risk',
    people: [
      { key: 'B_E1', level: 'executor', role: 'user' },
      { key: 'B_E2', level: 'executor', role: 'user' },
      { key: 'B_T1', level: 'top', role: 'buyer' },
      { key: 'B_T2', level: 'top', role: 'both' },
      { key: 'B_M1', level: 'manager', role: 'user' },
      { key: 'B_M2', level: 'manager', role: 'buyer' },
      { key: 'B_M3', level: 'manager', role: 'both' },
    ],
  })
  C = makeSurveyedAccount({
    name: 'Gamma Inc',
    ownerId: o1,
    strategic: false,
    status: 'active',
    teamIds: [team.user.id],
    people: [
      { key: 'C_E1', level: 'executor', role: 'user' },
      { key: 'C_E2', level: 'executor', role: 'user' },
      { key: 'C_E3', level: 'executor', role: 'user' },
      { key: 'C_H1', level: 'head', role: 'buyer' },
      { key: 'C_T1', level: 'top', role: 'buyer' },
    ],
  })
  D = makeSurveyedAccount({
    name: 'Delta Quiet',
    ownerId: o2,
    strategic: true,
    status: 'churned',
    people: [
      { key: 'D_E1', level: 'executor', role: 'user' },
      { key: 'D_E2', level: 'executor', role: 'user' },
      { key: 'D_T1', level: 'top', role: 'buyer' },
    ],
  })
  E = makeSurveyedAccount({
    name: 'Epsilon Tiny',
    ownerId: o2,
    strategic: false,
    status: 'saved',
    people: [
      { key: 'E_E1', level: 'executor', role: 'user' },
      { key: 'E_E2', level: 'executor', role: 'user' },
    ],
  })
  everyone = [A, B, C, D, E].flatMap((a) => Object.values(a.people))

  const all = [A, B, C, D, E].map((a) => a.id)
  W1 = await makeSurveyWave({ name: 'W1 named', anonymity: 'named', sendAt: new Date(now.getTime() - 120 * DAY), closesAt: new Date(now.getTime() - 106 * DAY), accountIds: all })
  W2 = await makeSurveyWave({ name: 'W2 confidential', anonymity: 'confidential', minAnswers: 3, sendAt: new Date(now.getTime() - 40 * DAY), closesAt: new Date(now.getTime() - 26 * DAY), accountIds: all })
  W3 = await makeSurveyWave({ name: 'W3 named', anonymity: 'named', sendAt: new Date(now.getTime() - 5 * DAY), closesAt: new Date(now.getTime() + 9 * DAY), accountIds: [A.id, B.id, C.id] })

  const say = (w: Wave, scores: Record<string, number>) => {
    for (const [key, score] of Object.entries(scores)) {
      const person = everyone.find((p) => p.key === key)!
      const text = key === 'A_E1' && w === W2 ? 'Slow, "really" slow\nfix it' : comment(w, person)
      answer({ wave: w, person, score, comment: text, category: 'support' })
    }
  }
  // W1 (named): nearly everyone answers.
  say(W1, { A_T1: 0, A_T2: 3, A_E1: 6, A_E2: 7, A_E3: 5, A_E4: 8, A_H1: 2, A_H2: 3, A_H3: 4, A_M1: 1 })
  say(W1, { B_E1: 1, B_E2: 2, B_T1: 8, B_T2: 9, B_M1: 4, B_M2: 4, B_M3: 5, C_E1: 0, C_E2: 1, C_E3: 1, C_H1: 6, C_T1: 9, D_E1: 3, D_E2: 4, E_E1: 2, E_E2: 2 })
  // W2 (confidential, k = 3). Conf Co: top 2 (happy), executors 4 (furious), heads 3, one manager.
  say(W2, { A_T1: 1, A_T2: 2, A_E1: 8, A_E2: 9, A_E3: 7, A_E4: 10, A_H1: 5, A_H2: 6, A_H3: 4, A_M1: 3 })
  say(W2, { B_E1: 2, B_E2: 3, B_T1: 9, B_T2: 10, B_M1: 5, B_M2: 5, B_M3: 6, C_E1: 1, C_E2: 2, C_E3: 0, C_H1: 7, C_T1: 10, E_E1: 4, E_E2: 6 })
  // W3 (named, open): the first answers are in.
  say(W3, { A_T1: 9, A_E1: 2, B_E1: 4 })
})

// ——— Views and filter combinations ———

/** A wave choice in the URL and the waves it must select (unknown ids: whatever the page chose, checked all the same). */
type View = { label: string; params: Record<string, string>; selected?: () => Wave[]; window?: boolean }
const VIEWS: View[] = [
  { label: 'default (latest closed wave)', params: {}, selected: () => [W2] },
  { label: 'confidential wave by id', params: { wave: 'W2' }, selected: () => [W2] },
  { label: 'newest named wave by id', params: { wave: 'W3' }, selected: () => [W3] },
  { label: 'oldest named wave by id', params: { wave: 'W1' }, selected: () => [W1] },
  { label: 'unknown wave id', params: { wave: '999999' } },
  { label: '90-day window', params: { window: '90' }, selected: () => [W2, W3], window: true },
  { label: '365-day window', params: { window: '365' }, selected: () => [W1, W2, W3], window: true },
]

/** The wave sent just before a single chosen wave: what its trend compares against. */
function previousOf(view: View, selected: Wave[]): Wave | null {
  if (view.window || selected.length !== 1) return null
  const older = [W1, W2, W3].filter((w) => w.sendAt.getTime() < selected[0].sendAt.getTime())
  return older.sort((a, b) => b.sendAt.getTime() - a.sendAt.getTime())[0] ?? null
}

type Filters = { owner?: number; strategic?: 'yes' | 'no'; status?: AccountStatus; role?: 'user' | 'buyer' }
function filterCombinations(): Filters[] {
  const out: Filters[] = []
  for (const owner of [undefined, o1, o2])
    for (const strategic of [undefined, 'yes', 'no'] as const)
      for (const status of [undefined, ...ACCOUNT_STATUSES])
        for (const role of [undefined, 'user', 'buyer'] as const) out.push({ owner, strategic, status, role })
  return out
}

function queryString(view: View, filters: Filters) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(view.params)) q.set(k, v === 'W1' ? String(W1.id) : v === 'W2' ? String(W2.id) : v === 'W3' ? String(W3.id) : v)
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) q.set(k, String(v))
  return q.toString()
}

const scopeOf = (waves: Wave[], filters: Filters, teamUserId?: number): Scope => ({ waveIds: waves.map((w) => w.id), teamUserId, ...filters })
const waveById = (id: number) => [W1, W2, W3].find((w) => w.id === id)!
const accountById = (id: number) => [A, B, C, D, E].find((a) => a.id === id)!

const levelStats = (scope: Scope) => new Map(responseStats<'level'>(scope, ['level']).map((s) => [s.level as Level, s as Stats]))
const accountLevelStats = (scope: Scope) => new Map(responseStats<'account_id' | 'level'>(scope, ['account_id', 'level']).map((s) => [`${s.account_id}|${s.level}`, s as Stats]))

/** A figure agrees with the oracle: shown exactly when the rules allow, with the right numbers, and nothing more when hidden. */
function expectFigure(f: Figure, stats: Stats | undefined, privacy: { confidential: boolean; k: number }, where: string) {
  expect(f.n, `${where}: n`).toBe(stats?.n ?? 0)
  const allowed = showable(stats, privacy)
  expect(f.shown, `${where}: shown (people ${stats?.people ?? 0}, k ${privacy.k}, confidential ${privacy.confidential})`).toBe(allowed)
  if (f.shown) {
    expect(f.hateIndex, `${where}: Hate Index`).toBeCloseTo(hateIndexOf(stats!), 9)
    expect(f.mean, `${where}: mean`).toBeCloseTo(meanOf(stats!), 9)
  } else {
    expect(Object.keys(f).sort(), `${where}: a hidden figure carries only its count`).toEqual(['n', 'shown'])
  }
}

/** No stakeholder's name or email anywhere in a page's data. */
function expectNoPeople(value: unknown, where: string) {
  const json = JSON.stringify(value)
  for (const p of everyone) {
    expect(json.includes(p.name), `${where}: contains ${p.name}`).toBe(false)
    expect(json.includes(p.email), `${where}: contains ${p.email}`).toBe(false)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loader data is checked field by field
function checkPortfolio(data: any, view: View, filters: Filters, teamUserId: number | undefined, where: string, trendLeaks: string[] = []) {
  const selected: Wave[] = view.selected?.() ?? data.selected.map((w: { id: number }) => waveById(w.id))
  expect(selected.length, `${where}: a view selects some wave`).toBeGreaterThan(0)
  const privacy = strictest(selected)
  expect(data.selected.map((w: { id: number }) => w.id).sort(), `${where}: selected waves`).toEqual(selected.map((w) => w.id).sort())
  expect(data.privacy, `${where}: privacy`).toEqual(privacy)
  const scope = scopeOf(selected, filters, teamUserId)

  // Per level across the portfolio.
  const byLevel = levelStats(scope)
  const previous = previousOf(view, selected)
  const prevByLevel = previous ? levelStats(scopeOf([previous], filters, teamUserId)) : new Map<Level, Stats>()
  expect(data.levels.map((l: { level: Level }) => l.level)).toEqual([...LEVELS])
  for (const l of data.levels) {
    const at = `${where} level ${l.level}`
    expectFigure(l.figure, byLevel.get(l.level), privacy, at)
    if (l.figure.shown) expect(l.distribution.reduce((a: number, b: number) => a + b, 0), `${at}: distribution`).toBe(l.figure.n)
    else expect(l.distribution, `${at}: distribution of a hidden level`).toBeNull()
    if (l.trend !== null) {
      const prev = prevByLevel.get(l.level)
      // A trend is a difference: with the current figure shown it reveals the previous one.
      expect(previous, `${at}: trend without a previous wave`).not.toBeNull()
      expect(prev, `${at}: trend without previous answers`).toBeDefined()
      if (!showable(prev, strictest([previous!]))) {
        trendLeaks.push(`${at}: trend ${l.trend.delta} against ${previous!.name} where ${prev!.people} people answered (k ${previous!.minAnswers})`)
      }
      expect(l.trend.delta, `${at}: trend`).toBeCloseTo(l.figure.hateIndex - hateIndexOf(prev!), 9)
    }
  }

  // Accounts × levels.
  const cells = accountLevelStats(scope)
  expect(data.heatTotal, `${where}: heat rows`).toBe(accountsWithActivity(scope).length)
  expect(data.heat.map((r: { accountId: number }) => r.accountId).sort((a: number, b: number) => a - b), `${where}: heat accounts`).toEqual(accountsWithActivity(scope))
  for (const r of data.heat) {
    for (const level of LEVELS) expectFigure(r.cells[level].figure, cells.get(`${r.accountId}|${level}`), privacy, `${where} ${accountById(r.accountId).name} ${level}`)
    if (r.gap) {
      expect(r.cells[r.gap.high].figure.shown, `${where} ${r.name}: gap's high end is shown`).toBe(true)
      expect(r.cells[r.gap.low].figure.shown, `${where} ${r.name}: gap's low end is shown`).toBe(true)
      expect(r.gap.highMean).toBeCloseTo(r.cells[r.gap.high].figure.mean, 9)
      expect(r.gap.lowMean).toBeCloseTo(r.cells[r.gap.low].figure.mean, 9)
    }
  }
  for (const g of data.gaps) {
    const r = data.heat.find((x: { accountId: number }) => x.accountId === g.accountId)
    expect(r.cells[g.gap.high].figure.shown && r.cells[g.gap.low].figure.shown, `${where}: listed gap from shown figures`).toBe(true)
  }
  const visible = new Set(accountsWithActivity(scopeOf([W1, W2, W3], filters, teamUserId)))
  for (const s of [...data.silent, ...data.topNeverAnswers]) expect(visible.has(s.accountId), `${where}: attention item for an account out of scope`).toBe(true)

  // Each wave across time, under its own wave's privacy.
  for (const level of LEVELS) {
    expect(data.series[level].map((p: { waveId: number }) => p.waveId), `${where}: series waves`).toEqual([W1.id, W2.id, W3.id])
    for (const p of data.series[level]) {
      const w = waveById(p.waveId)
      const s = levelStats(scopeOf([w], filters, teamUserId)).get(level)
      const at = `${where} series ${w.name} ${level}`
      expect(p.n, `${at}: n`).toBe(s?.n ?? 0)
      if (showable(s, strictest([w]))) expect(p.hateIndex, at).toBeCloseTo(hateIndexOf(s!), 9)
      else expect(p.hateIndex, `${at}: hidden`).toBeNull()
    }
  }
  expectNoPeople({ ...data, owners: undefined }, where)
}

const EXPORT_HEADER = ['row', 'wave', 'account', 'level', 'role', 'people', 'score', 'hate_index', 'category', 'comment', 'answered_at', 'name', 'email']

function parseExport(result: RouteResult): Record<string, string>[] {
  expect(result.status).toBe(200)
  expect(result.headers.get('content-type')).toContain('text/csv')
  const records = parse(result.data as string) as string[][]
  expect(records[0]).toEqual(EXPORT_HEADER)
  return records.slice(1).map((r) => Object.fromEntries(EXPORT_HEADER.map((h, i) => [h, r[i]])))
}

function checkExport(rows: Record<string, string>[], selected: Wave[], filters: Filters, teamUserId: number | undefined, where: string) {
  const groups = responseStats<'wave_id' | 'account_id' | 'level'>(scopeOf(selected, filters, teamUserId), ['wave_id', 'account_id', 'level'])
  const expected = new Map<string, number>()
  for (const g of groups) {
    const w = waveById(Number(g.wave_id))
    if (w.anonymity === 'named' || g.people >= w.minAnswers) expected.set(`${w.name}|${accountById(Number(g.account_id)).name}|${g.level}`, g.n)
  }
  const got = new Map<string, number>()
  for (const r of rows) {
    const key = `${r.wave}|${r.account}|${r.level}`
    // A named wave's answers one row each; a confidential wave's groups one row with their size.
    if (r.row !== 'comment') got.set(key, (got.get(key) ?? 0) + (r.row === 'group' ? Number(r.people) : 1))
    const w = [W1, W2, W3].find((x) => x.name === r.wave)
    expect(w, `${where}: export row of an unexpected wave ${r.wave}`).toBeDefined()
    if (w!.anonymity === 'confidential') {
      expect(r.name, `${where}: a name in a confidential export row`).toBe('')
      expect(r.email, `${where}: an email in a confidential export row`).toBe('')
      expect(r.row, `${where}: a per-answer row of a confidential wave`).not.toBe('answer')
      expect(r.answered_at, `${where}: an exact time in a confidential row`).toBe('')
      if (r.row === 'comment') expect(r.score, `${where}: a score beside a confidential comment`).toBe('')
      const line = JSON.stringify(r)
      for (const p of everyone) expect(line.includes(p.name) || line.includes(p.email), `${where}: ${p.key} named in a confidential row`).toBe(false)
    } else {
      const person = everyone.find((p) => p.email === r.email)
      expect(person?.name, `${where}: named rows say who said it`).toBe(r.name)
    }
  }
  // Exactly the groups the rules allow, each complete: none below k, none missing.
  expect(Object.fromEntries(got), `${where}: exported groups`).toEqual(Object.fromEntries(expected))
}

async function portfolio(cookie: string, query = '') {
  const result = await call(sentimentLoader, `/sentiment${query ? `?${query}` : ''}`, { cookie })
  expect(result.status).toBe(200)
  return result.data
}
const exportOf = async (cookie: string, query = '') => parseExport(await call(exportLoader, `/sentiment/export.csv${query ? `?${query}` : ''}`, { cookie }))
const accountPage = (cookie: string, id: number) => call(accountLoader, `/accounts/${id}`, { cookie, params: { accountId: String(id) } })

describe('confidential mode on /sentiment', () => {
  it('hides the top cell (2 people) with no figure at all and shows the executors (4)', async () => {
    const data = await portfolio(admin.cookie)
    expect(data.selected).toEqual([{ id: W2.id, name: W2.name }])
    expect(data.privacy).toEqual({ confidential: true, k: 3 })
    const row = data.heat.find((r: { accountId: number }) => r.accountId === A.id)
    expect(row.cells.top.figure).toEqual({ shown: false, n: 2 })
    expect(JSON.stringify(row.cells.top)).not.toMatch(/hateIndex|mean/)
    expect(row.cells.executor.figure).toEqual({ shown: true, n: 4, hateIndex: 100, mean: 8.5 })
    expect(row.cells.manager.figure).toEqual({ shown: false, n: 1 })
    expect(row.cells.head.figure).toMatchObject({ shown: true, n: 3, mean: 5 })
    // The top at 1.5 against executors at 8.5 would be a 7-point gap; hidden, it is no gap.
    expect(row.gap).toMatchObject({ high: 'executor', low: 'head', gap: 3.5 })
    expect(data.gaps.some((g: { accountId: number }) => g.accountId === A.id)).toBe(false)
    // Response counts stay: silence is a signal.
    expect(row.cells.top).toMatchObject({ invited: 2, answered: 2 })
    // Portfolio-wide, five people at the top answered: shown.
    expect(data.levels.find((l: { level: Level }) => l.level === 'top').figure).toMatchObject({ shown: true, n: 5 })
  })

  it('hides a portfolio level when the filters narrow it below k', async () => {
    const owned = await portfolio(admin.cookie, `owner=${o2}`)
    const by = (d: { levels: { level: Level; figure: Figure; distribution: number[] | null }[] }, l: Level) => d.levels.find((x) => x.level === l)!
    expect(by(owned, 'top').figure).toEqual({ shown: false, n: 2 })
    expect(by(owned, 'top').distribution).toBeNull()
    expect(by(owned, 'executor').figure).toMatchObject({ shown: true, n: 4 })
    const strategic = await portfolio(admin.cookie, 'strategic=yes&role=buyer')
    expect(by(strategic, 'executor').figure).toEqual({ shown: false, n: 2 })
    expect(by(strategic, 'top').figure).toEqual({ shown: false, n: 2 })
  })

  it('URL tricks do not get around it: a role filter on the confidential wave, or a time window over several waves', async () => {
    const buyers = await portfolio(admin.cookie, `wave=${W2.id}&role=buyer`)
    const a = buyers.heat.find((r: { accountId: number }) => r.accountId === A.id)
    expect(a.cells.executor.figure).toEqual({ shown: false, n: 2 })
    expect(a.cells.top.figure).toEqual({ shown: false, n: 2 })

    // A year: the two top people answered W1 (named), W2 and W3 — five answers, still two people.
    const year = await portfolio(admin.cookie, 'window=365')
    expect(year.privacy).toEqual({ confidential: true, k: 3 })
    const ay = year.heat.find((r: { accountId: number }) => r.accountId === A.id)
    expect(ay.cells.top.figure).toEqual({ shown: false, n: 5 })
    expect(ay.cells.manager.figure).toEqual({ shown: false, n: 2 })
    const yearStrategic = await portfolio(admin.cookie, 'window=365&strategic=yes')
    expect(yearStrategic.levels.find((l: { level: Level }) => l.level === 'top').figure).toEqual({ shown: false, n: 5 })

    // The export of the same views leaves out the groups below k.
    const exportBuyers = await exportOf(admin.cookie, `wave=${W2.id}&role=buyer`)
    expect(exportBuyers.filter((r) => r.account === A.name && (r.level === 'executor' || r.level === 'top'))).toEqual([])
    const exportYear = await exportOf(admin.cookie, 'window=365')
    expect(exportYear.filter((r) => r.wave === W2.name && r.account === A.name && r.level === 'top')).toEqual([])
    expect(exportYear.filter((r) => r.wave === W2.name && r.account === A.name && r.level === 'executor' && r.row === 'group').map((r) => r.people)).toEqual(['4'])
    expect(exportYear.filter((r) => r.wave === W2.name).every((r) => r.name === '' && r.email === '')).toBe(true)
  })

  it('the trend against a confidential previous wave never reveals a figure that wave hides', async () => {
    // W3 is named; the wave before it (W2) is confidential and its strategic top (Conf Co's two) is hidden there.
    const data = await portfolio(admin.cookie, `wave=${W3.id}&strategic=yes`)
    const top = data.levels.find((l: { level: Level }) => l.level === 'top')
    expect(top.figure).toMatchObject({ shown: true, n: 1, hateIndex: 100 })
    // With a trend, W2's hidden top figure would be hateIndex − delta.
    expect(top.trend).toBeNull()
  })

  it('under every filter combination and every wave choice, no figure below k is shown and no person appears', { timeout: 180_000 }, async () => {
    const combos = filterCombinations()
    expect(combos.length).toBe(3 * 3 * 5 * 3)
    let hiddenSeen = 0
    const trendLeaks: string[] = []
    for (const view of VIEWS) {
      for (const filters of combos) {
        const q = queryString(view, filters)
        const where = `admin /sentiment?${q}`
        const data = await portfolio(admin.cookie, q)
        checkPortfolio(data, view, filters, undefined, where, trendLeaks)
        hiddenSeen += data.heat.flatMap((r: { cells: Record<Level, { figure: Figure }> }) => LEVELS.map((l) => r.cells[l].figure)).filter((f: Figure) => !f.shown && f.n > 0).length
        checkExport(await exportOf(admin.cookie, q), data.selected.map((w: { id: number }) => waveById(w.id)), filters, undefined, `admin export?${q}`)
      }
    }
    // The loop did meet hidden groups (it is not vacuous).
    expect(hiddenSeen).toBeGreaterThan(100)
    // Collected rather than thrown, so every other rule is checked on every combination first.
    expect(trendLeaks.length, `trends reveal hidden figures of the previous wave, e.g.\n${trendLeaks.slice(0, 5).join('\n')}`).toBe(0)
  })
})

describe('confidential mode on the account page', () => {
  it("shows the confidential wave's comments without names or scores, and without the level where it has fewer than k people", async () => {
    const page = await accountPage(admin.cookie, A.id)
    expect(page.status).toBe(200)
    const s = page.data.sentiment
    expect(s.latest).toMatchObject({ id: W2.id, privacy: { confidential: true, k: 3 } })
    expect(s.cells.top.figure).toEqual({ shown: false, n: 2 })
    expect(s.cells.manager.figure).toEqual({ shown: false, n: 1 })
    expect(s.cells.executor.figure).toEqual({ shown: true, n: 4, hateIndex: 100, mean: 8.5 })
    expect(s.series.top.find((p: { waveId: number }) => p.waveId === W2.id)).toEqual({ waveId: W2.id, waveName: W2.name, hateIndex: null, n: 2 })

    type Comment = { wave: string; comment: string; name: string | null; level: Level | null; role: string | null; score: number | null }
    const confidential = (s.comments as Comment[]).filter((c) => c.wave === W2.name)
    expect(confidential).toHaveLength(10)
    for (const c of confidential) {
      expect(c.name, c.comment).toBeNull()
      expect(c.score, c.comment).toBeNull()
      expectNoPeople(c, `comment "${c.comment}"`)
      const author = Object.values(A.people).find((p) => c.comment === comment(W2, p) || (p.key === 'A_E1' && c.comment.startsWith('Slow')))!
      const levelPeople = Object.values(A.people).filter((p) => p.level === author.level).length
      if (levelPeople < 3) {
        expect(c.level, `${c.comment}: level of a group below k`).toBeNull()
        expect(c.role, `${c.comment}: role of a group below k`).toBeNull()
      } else expect(c.level).toBe(author.level)
    }
    // Named waves show who said what.
    const named = (s.comments as Comment[]).find((c) => c.comment === comment(W1, A.people.A_T1))!
    expect(named).toMatchObject({ name: A.people.A_T1.name, level: 'top', score: 0 })
  })

  it('never singles a person out by role: a role is shown on a confidential comment only when k people share it', async () => {
    // The account page itself lists every person with level and role: Conf Co has one
    // executor buyer (A_E3), so "Executors · buyer" on a confidential comment names them.
    const s = (await accountPage(admin.cookie, A.id)).data.sentiment
    const respondents = Object.values(A.people) // all ten answered W2
    const identifying = (s.comments as { wave: string; comment: string; level: Level | null; role: string | null }[])
      .filter((c) => c.wave === W2.name && c.role !== null)
      .filter((c) => respondents.filter((p) => p.level === c.level && p.role === c.role).length < W2.minAnswers)
      .map((c) => `"${c.comment}" shown as ${c.level} · ${c.role}`)
    expect(identifying).toEqual([])
  })

  it('never singles a person out by role in the export of a confidential wave', async () => {
    const rows = (await exportOf(admin.cookie, `wave=${W2.id}`)).filter((r) => r.role !== '')
    const sharing = (r: Record<string, string>) => everyone.filter((p) => accountById(p.accountId).name === r.account && p.level === r.level && p.role === r.role).length
    const identifying = rows.filter((r) => sharing(r) < W2.minAnswers).map((r) => `${r.account} ${r.level} ${r.role}: score ${r.score}, "${r.comment}"`)
    expect(identifying).toEqual([])
  })

  it("withholds every comment of a confidential wave where the account has fewer than k respondents", async () => {
    const s = (await accountPage(admin.cookie, E.id)).data.sentiment
    expect(s.comments.filter((c: { wave: string }) => c.wave === W2.name)).toEqual([])
    expect(s.hiddenComments).toBe(2)
    expect(s.cells.executor.figure).toEqual({ shown: false, n: 2 })
    expectNoPeople(s.comments.filter((c: { wave: string }) => c.wave !== W1.name), 'Epsilon comments')
  })

  it('every account page agrees with the rules: cells of the latest wave and each wave in the series', async () => {
    for (const account of [A, B, C, D, E]) {
      const s = (await accountPage(admin.cookie, account.id)).data.sentiment
      const latest = waveById(s.latest.id)
      const cells = levelStats({ waveIds: [latest.id], accountId: account.id })
      for (const level of LEVELS) expectFigure(s.cells[level].figure, cells.get(level), strictest([latest]), `${account.name} ${latest.name} ${level}`)
      for (const level of LEVELS) {
        for (const p of s.series[level]) {
          const w = waveById(p.waveId)
          const st = levelStats({ waveIds: [w.id], accountId: account.id }).get(level)
          if (showable(st, strictest([w]))) expect(p.hateIndex).toBeCloseTo(hateIndexOf(st!), 9)
          else expect(p.hateIndex, `${account.name} series ${w.name} ${level}`).toBeNull()
        }
      }
      for (const c of s.comments.filter((x: { wave: string }) => x.wave === W2.name)) {
        expect(c.name).toBeNull()
        expect(c.score).toBeNull()
      }
      if (s.gap) {
        expect(s.cells[s.gap.high].figure.shown && s.cells[s.gap.low].figure.shown).toBe(true)
      }
    }
  })
})

describe('account teams see only their accounts', () => {
  it("lists only their accounts, with level figures from those alone (the admin's numbers for the same accounts)", async () => {
    const mine = await portfolio(team.cookie)
    expect(mine.heat.map((r: { name: string }) => r.name).sort()).toEqual([A.name, C.name])
    const adminSame = await portfolio(admin.cookie, `owner=${o1}`)
    expect(adminSame.heat.map((r: { name: string }) => r.name).sort()).toEqual([A.name, C.name])
    for (const key of ['levels', 'series', 'heat', 'heatTotal', 'gaps', 'silent', 'topNeverAnswers', 'privacy', 'selected'] as const) expect(mine[key], key).toEqual(adminSame[key])
    // …and not the whole portfolio's.
    const adminAll = await portfolio(admin.cookie)
    const exec = (d: { levels: { level: Level; figure: Figure }[] }) => d.levels.find((l) => l.level === 'executor')!.figure.n
    expect(exec(mine)).toBe(7)
    expect(exec(adminAll)).toBe(11)
    const leaks: string[] = []
    checkPortfolio(mine, VIEWS[0], {}, team.user.id, 'team /sentiment', leaks)
    expect(leaks).toEqual([])
  })

  it('exports only their accounts’ rows', async () => {
    const rows = await exportOf(team.cookie, 'window=365')
    expect(rows.length).toBeGreaterThan(0)
    expect(new Set(rows.map((r) => r.account))).toEqual(new Set([A.name, C.name]))
    checkExport(rows, [W1, W2, W3], {}, team.user.id, 'team export')
    // Filters cannot widen it.
    expect(await exportOf(team.cookie, `owner=${o2}`)).toEqual([])
  })

  it("gets a 404 for another account's page", async () => {
    expect((await accountPage(team.cookie, B.id)).status).toBe(404)
    expect((await accountPage(team.cookie, A.id)).status).toBe(200)
  })

  it('under every filter combination and wave choice, sees only figures of their accounts, under the same rules', { timeout: 180_000 }, async () => {
    const trendLeaks: string[] = []
    for (const view of VIEWS) {
      for (const filters of filterCombinations()) {
        const q = queryString(view, filters)
        const data = await portfolio(team.cookie, q)
        checkPortfolio(data, view, filters, team.user.id, `team /sentiment?${q}`, trendLeaks)
        for (const r of data.heat) expect([A.id, C.id]).toContain(r.accountId)
        checkExport(await exportOf(team.cookie, q), data.selected.map((w: { id: number }) => waveById(w.id)), filters, team.user.id, `team export?${q}`)
      }
    }
    expect(trendLeaks.length, `trends reveal hidden figures of the previous wave, e.g.\n${trendLeaks.slice(0, 5).join('\n')}`).toBe(0)
  })
})

describe('Server-Timing', () => {
  it('/sentiment and the account page report their loader time (dev tools and the benchmark read it)', async () => {
    for (const result of [await call(sentimentLoader, '/sentiment', { cookie: admin.cookie }), await accountPage(admin.cookie, A.id)]) {
      expect(result.status).toBe(200)
      const timing = /^loader;dur=(\d+\.\d{2})$/.exec(result.headers.get('server-timing') ?? '')
      expect(timing, `Server-Timing: ${result.headers.get('server-timing')}`).not.toBeNull()
      expect(Number(timing![1])).toBeGreaterThan(0)
    }
  })
})
