/* The sentiment views' pure rules (app/domain/sentiment.ts): how private a set of
   waves is, which figures may be shown, level gaps from shown figures only,
   sorting, silence, and the per-wave series. */
import { describe, expect, it } from 'vitest'
import { tally, type Summary } from '#app/domain/hate-scale'
import {
  figure,
  heatRows,
  largestGaps,
  levelFigures,
  levelSeries,
  silentLevels,
  sortHeatRows,
  topNeverAnswers,
  type HeatRow,
  type WaveInfo,
} from '#app/domain/sentiment'
import { privacyOf, type Privacy } from '#app/domain/confidentiality'
import { LEVELS, type Level } from '#app/domain/vocabulary'

const CONF: Privacy = { confidential: true, k: 3 }
const NAMED: Privacy = { confidential: false, k: 0 }

/** A group summary from its scores; `people` distinct respondents (defaults to one per answer). */
function summary(scores: number[], people = scores.length): Summary {
  const { n, sum, fans, passives, haters } = tally(scores)
  return { n, sum, fans, passives, haters, people }
}

const cellsOf = (rows: HeatRow[], accountId: number) => rows.find((r) => r.accountId === accountId)!.cells

describe('privacyOf', () => {
  it('is as strict as the strictest wave, whatever the order', () => {
    const named = { anonymity: 'named' as const, minAnswers: 1 }
    const conf3 = { anonymity: 'confidential' as const, minAnswers: 3 }
    const conf5 = { anonymity: 'confidential' as const, minAnswers: 5 }
    expect(privacyOf([named, conf3, conf5])).toEqual({ confidential: true, k: 5 })
    expect(privacyOf([conf5, named, conf3])).toEqual({ confidential: true, k: 5 })
    expect(privacyOf([named, conf3])).toEqual({ confidential: true, k: 3 })
    // A named wave's own minAnswers does not make a mix laxer or stricter.
    expect(privacyOf([{ anonymity: 'named', minAnswers: 9 }, conf3])).toEqual({ confidential: true, k: 3 })
  })

  it('named waves alone are not confidential; no waves at all neither', () => {
    expect(privacyOf([{ anonymity: 'named', minAnswers: 3 }]).confidential).toBe(false)
    expect(privacyOf([]).confidential).toBe(false)
  })
})

describe('figure', () => {
  it('a hidden figure carries only its count, never an index or a mean', () => {
    const f = figure(summary([9, 10]), CONF)
    expect(f).toEqual({ shown: false, n: 2 })
    expect(Object.keys(f).sort()).toEqual(['n', 'shown'])
  })

  it('counts people, not answers: three answers by one person stay hidden', () => {
    expect(figure(summary([1, 2, 9], 1), CONF)).toEqual({ shown: false, n: 3 })
    expect(figure(summary([1, 2, 9], 3), CONF)).toMatchObject({ shown: true, n: 3, mean: 4 })
  })

  it('named waves show any non-empty group', () => {
    expect(figure(summary([8]), NAMED)).toEqual({ shown: true, n: 1, hateIndex: 100, mean: 8 })
    expect(figure(undefined, NAMED)).toEqual({ shown: false, n: 0 })
  })
})

describe('heatRows', () => {
  const accounts = [
    { id: 1, name: 'Acme', arr: 100 },
    { id: 2, name: 'Beta', arr: 200 },
  ]

  it('hides a cell below k (shown:false, n kept) and shows the others', () => {
    const rows = heatRows({
      accounts,
      summaries: [
        { accountId: 1, level: 'top', ...summary([0, 1]) },
        { accountId: 1, level: 'executor', ...summary([8, 9, 7, 10]) },
      ],
      invited: [
        { accountId: 1, level: 'top', invited: 3, answered: 2 },
        { accountId: 1, level: 'executor', invited: 5, answered: 4 },
      ],
      privacy: CONF,
    })
    const cells = cellsOf(rows, 1)
    expect(cells.top.figure).toEqual({ shown: false, n: 2 })
    expect(cells.executor.figure).toEqual({ shown: true, n: 4, hateIndex: 100, mean: 8.5 })
    // Response counts are not figures: silence is shown next to every score.
    expect(cells.top).toMatchObject({ invited: 3, answered: 2 })
    expect(cells.top.rate).toBeCloseTo(2 / 3)
    // An account with nothing asked and nothing answered has no row.
    expect(rows.map((r) => r.accountId)).toEqual([1])
  })

  it('counts distinct people: one person answering three waves is one person', () => {
    const rows = heatRows({
      accounts,
      summaries: [{ accountId: 1, level: 'head', ...summary([2, 3, 9], 1) }],
      invited: [{ accountId: 1, level: 'head', invited: 3, answered: 3 }],
      privacy: CONF,
    })
    expect(cellsOf(rows, 1).head.figure).toEqual({ shown: false, n: 3 })
  })

  it('computes the level gap only from shown cells: a hidden low end is never the low end', () => {
    const rows = heatRows({
      accounts,
      summaries: [
        // Hidden top at 0.5 would make an 8-point gap with executors.
        { accountId: 1, level: 'top', ...summary([0, 1]) },
        { accountId: 1, level: 'executor', ...summary([8, 9, 7, 10]) },
        { accountId: 1, level: 'manager', ...summary([5, 5, 5]) },
      ],
      invited: [],
      privacy: CONF,
    })
    const gap = rows[0].gap!
    expect(gap).toEqual({ high: 'executor', low: 'manager', highMean: 8.5, lowMean: 5, gap: 3.5 })
    expect(largestGaps(rows)).toEqual([])
  })

  it('a hidden high end is never the high end either, and one shown level makes no gap', () => {
    const rows = heatRows({
      accounts,
      summaries: [
        { accountId: 1, level: 'top', ...summary([10, 10]) },
        { accountId: 1, level: 'executor', ...summary([0, 1, 0]) },
        { accountId: 1, level: 'head', ...summary([4, 4, 4]) },
        { accountId: 2, level: 'top', ...summary([10, 10]) },
        { accountId: 2, level: 'executor', ...summary([0, 0, 0]) },
      ],
      invited: [],
      privacy: CONF,
    })
    const acme = rows.find((r) => r.accountId === 1)!
    expect(acme.gap).toMatchObject({ high: 'head', low: 'executor', highMean: 4 })
    expect(acme.gap!.gap).toBeCloseTo(4 - 1 / 3)
    expect(rows.find((r) => r.accountId === 2)!.gap).toBeNull()
    for (const r of rows) {
      if (!r.gap) continue
      expect(r.cells[r.gap.high].figure.shown).toBe(true)
      expect(r.cells[r.gap.low].figure.shown).toBe(true)
    }
  })

  it('in a named view every answered cell counts, however few answers', () => {
    const rows = heatRows({
      accounts,
      summaries: [
        { accountId: 1, level: 'top', ...summary([0]) },
        { accountId: 1, level: 'executor', ...summary([9]) },
      ],
      invited: [],
      privacy: NAMED,
    })
    expect(rows[0].gap).toMatchObject({ high: 'executor', low: 'top', gap: 9 })
  })
})

function row(name: string, values: Partial<Record<Level, number | null>> & { gap?: number | null; rate?: number | null; arr?: number }): HeatRow {
  const cells = Object.fromEntries(
    LEVELS.map((l) => {
      const v = values[l]
      const f = v === undefined || v === null ? { shown: false as const, n: v === null ? 2 : 0 } : { shown: true as const, n: 5, hateIndex: v, mean: 5 }
      return [l, { figure: f, invited: 5, answered: 5, rate: 1 }]
    }),
  ) as HeatRow['cells']
  const gap = values.gap === undefined || values.gap === null ? null : { high: 'executor' as const, low: 'top' as const, highMean: values.gap, lowMean: 0, gap: values.gap }
  return { accountId: name.charCodeAt(0), name, arr: values.arr ?? 0, cells, gap, rate: values.rate === undefined ? 0.5 : values.rate }
}

describe('sortHeatRows', () => {
  const rows = [
    row('Alpha', { top: 20, gap: 2, rate: 0.2 }),
    row('Bravo', { top: null, gap: null, rate: null }), // hidden top
    row('Charlie', { top: -40, gap: 6, rate: 0.9 }),
    row('Delta', { gap: 4, rate: 0.5 }), // top not answered at all
    row('Echo', { top: 80, gap: null, rate: 0.1 }),
  ]
  const names = (r: HeatRow[]) => r.map((x) => x.name)

  it('rows without a value sort last, ascending and descending alike', () => {
    expect(names(sortHeatRows(rows, 'top', 'desc'))).toEqual(['Echo', 'Alpha', 'Charlie', 'Bravo', 'Delta'])
    expect(names(sortHeatRows(rows, 'top', 'asc'))).toEqual(['Charlie', 'Alpha', 'Echo', 'Bravo', 'Delta'])
    expect(names(sortHeatRows(rows, 'gap', 'desc'))).toEqual(['Charlie', 'Delta', 'Alpha', 'Bravo', 'Echo'])
    expect(names(sortHeatRows(rows, 'gap', 'asc'))).toEqual(['Alpha', 'Delta', 'Charlie', 'Bravo', 'Echo'])
    expect(names(sortHeatRows(rows, 'rate', 'asc'))).toEqual(['Echo', 'Alpha', 'Delta', 'Charlie', 'Bravo'])
    expect(names(sortHeatRows(rows, 'rate', 'desc'))).toEqual(['Charlie', 'Delta', 'Alpha', 'Echo', 'Bravo'])
  })

  it('sorts by name and ARR, and does not reorder its input', () => {
    const byArr = [row('b', { arr: 3 }), row('a', { arr: 1 }), row('c', { arr: 2 })]
    expect(names(sortHeatRows(byArr, 'arr', 'desc'))).toEqual(['b', 'c', 'a'])
    expect(names(sortHeatRows(byArr, 'name', 'asc'))).toEqual(['a', 'b', 'c'])
    expect(names(byArr)).toEqual(['b', 'a', 'c'])
  })
})

describe('largestGaps', () => {
  it('keeps only gaps of 4 and more, largest first, up to the limit', () => {
    const rows = [row('A', { gap: 3.9 }), row('B', { gap: 4 }), row('C', { gap: 7.5 }), row('D', { gap: null }), row('E', { gap: 5 }), row('F', { gap: 0 })]
    expect(largestGaps(rows).map((r) => [r.name, r.gap!.gap])).toEqual([
      ['C', 7.5],
      ['E', 5],
      ['B', 4],
    ])
    expect(largestGaps(rows, 2).map((r) => r.name)).toEqual(['C', 'E'])
  })
})

describe('silence', () => {
  // A hand-made portfolio: previous and current wave, per account and level.
  const previous = [
    { accountId: 1, level: 'top' as const, invited: 2, answered: 1 },
    { accountId: 1, level: 'executor' as const, invited: 5, answered: 4 },
    { accountId: 2, level: 'head' as const, invited: 2, answered: 2 },
    { accountId: 3, level: 'manager' as const, invited: 2, answered: 0 },
    { accountId: 4, level: 'top' as const, invited: 1, answered: 1 },
  ]
  const current = [
    { accountId: 1, level: 'top' as const, invited: 2, answered: 0 }, // went silent
    { accountId: 1, level: 'executor' as const, invited: 5, answered: 1 }, // fewer, not silent
    { accountId: 2, level: 'head' as const, invited: 2, answered: 0 }, // went silent
    { accountId: 3, level: 'manager' as const, invited: 2, answered: 0 }, // never answered: not "went silent"
    { accountId: 4, level: 'top' as const, invited: 0, answered: 0 }, // not asked this time
    { accountId: 5, level: 'executor' as const, invited: 3, answered: 0 }, // new: nothing to compare
  ]

  it('silentLevels: answered last wave, asked now, nobody answers', () => {
    expect(silentLevels({ current, previous })).toEqual([
      { accountId: 1, level: 'top' },
      { accountId: 2, level: 'head' },
    ])
  })

  it('topNeverAnswers: top asked in some wave and never answered in any', () => {
    const invited = [
      ...previous,
      ...current,
      { accountId: 6, level: 'top' as const, invited: 1, answered: 0 },
      { accountId: 6, level: 'top' as const, invited: 2, answered: 0 },
      { accountId: 6, level: 'executor' as const, invited: 2, answered: 2 },
      { accountId: 7, level: 'executor' as const, invited: 2, answered: 0 }, // no top at all: not this signal
      { accountId: 8, level: 'top' as const, invited: 0, answered: 0 }, // never asked
    ]
    // Account 1's top answered once (previous wave): not "never".
    expect(topNeverAnswers(invited).sort()).toEqual([6])
  })
})

describe('levelFigures', () => {
  it('hides a level below k people and its distribution and trend with it', () => {
    const levels = levelFigures({
      distribution: [
        { level: 'executor', score: 8, n: 3 },
        { level: 'executor', score: 0, n: 1 },
        { level: 'top', score: 9, n: 4 },
      ],
      // Top: four answers but only two people (a time window with two waves).
      people: [
        { level: 'executor', people: 4 },
        { level: 'top', people: 2 },
      ],
      invited: [
        { level: 'executor', invited: 8, answered: 4 },
        { level: 'top', invited: 2, answered: 2 },
      ],
      previous: {
        summaries: new Map<Level, Summary>([
          ['executor', summary([8, 8, 8, 8])],
          ['top', summary([0, 0, 0])],
        ]),
        privacy: CONF,
      },
      privacy: CONF,
    })
    const by = Object.fromEntries(levels.map((l) => [l.level, l]))
    expect(by.top.figure).toEqual({ shown: false, n: 4 })
    expect(by.top.distribution).toBeNull()
    expect(by.top.trend).toBeNull()
    expect(by.top.rate).toBe(1)
    expect(by.executor.figure).toMatchObject({ shown: true, n: 4, hateIndex: 50, mean: 6 })
    expect(by.executor.distribution![8]).toBe(3)
    expect(by.executor.trend).toEqual({ delta: -50, direction: 'better' })
    expect(by.executor.rate).toBe(0.5)
    expect(by.manager).toMatchObject({ figure: { shown: false, n: 0 }, distribution: null, rate: null })
  })

  it('gives no trend against a previous group too small to show', () => {
    const [executor] = levelFigures({
      distribution: [{ level: 'executor', score: 5, n: 3 }],
      people: [{ level: 'executor', people: 3 }],
      invited: [],
      previous: { summaries: new Map<Level, Summary>([['executor', summary([1, 2])]]), privacy: CONF },
      privacy: CONF,
    })
    expect(executor.figure.shown).toBe(true)
    expect(executor.trend).toBeNull()
  })

  it("judges the previous group by its own wave's privacy: a named wave after a confidential one reveals nothing", () => {
    // Current wave named (one answer shown); the previous, confidential, had two people at this level.
    const [executor] = levelFigures({
      distribution: [{ level: 'executor', score: 9, n: 1 }],
      people: [{ level: 'executor', people: 1 }],
      invited: [],
      previous: { summaries: new Map<Level, Summary>([['executor', summary([0, 1])]]), privacy: CONF },
      privacy: NAMED,
    })
    expect(executor.figure).toMatchObject({ shown: true, hateIndex: 100 })
    // A trend of +200 would give away the hidden −100.
    expect(executor.trend).toBeNull()
  })
})

describe('levelSeries', () => {
  const day = 86_400_000
  const waves: WaveInfo[] = [
    { id: 30, name: 'Third (confidential, k=3)', sendAt: new Date(3 * day), anonymity: 'confidential', minAnswers: 3 },
    { id: 10, name: 'First (named)', sendAt: new Date(1 * day), anonymity: 'named', minAnswers: 3 },
    { id: 20, name: 'Second (confidential, k=4)', sendAt: new Date(2 * day), anonymity: 'confidential', minAnswers: 4 },
  ]

  it('orders waves oldest first and applies each wave its own privacy', () => {
    const series = levelSeries({
      waves,
      summaries: [
        { waveId: 10, level: 'top', ...summary([9]) }, // named: one answer is shown
        { waveId: 20, level: 'top', ...summary([0, 0, 0]) }, // k=4: three people are too few
        { waveId: 30, level: 'top', ...summary([0, 0, 9]) }, // k=3: shown
        { waveId: 30, level: 'executor', ...summary([5, 5, 5], 2) }, // three answers, two people
      ],
    })
    expect(series.top).toEqual([
      { waveId: 10, waveName: 'First (named)', hateIndex: 100, n: 1 },
      { waveId: 20, waveName: 'Second (confidential, k=4)', hateIndex: null, n: 3 },
      { waveId: 30, waveName: 'Third (confidential, k=3)', hateIndex: (100 * (1 - 2)) / 3, n: 3 },
    ])
    expect(series.executor.map((p) => p.hateIndex)).toEqual([null, null, null])
    expect(series.executor.map((p) => p.n)).toEqual([0, 0, 3])
    expect(series.head.map((p) => p.waveId)).toEqual([10, 20, 30])
  })
})
