/* Sentiment views built from group summaries: per level, per account × level, per
   wave. Confidential mode is applied here, once, for every page and export: a group
   below k answers shows no figure, and nothing derived from it (gaps, sorting,
   trends) can leak it. */
import { canShow, privacyOf, type Privacy } from './confidentiality'
import { hateIndex, isSignificantGap, levelGap, meanScore, responseRate, tallyFromDistribution, trend, wentSilent, type LevelGap, type Summary, type Tally, type Trend } from './hate-scale'
import { LEVELS, type Level } from './vocabulary'

export type WaveInfo = { id: number; name: string; sendAt: Date; anonymity: 'named' | 'confidential'; minAnswers: number }


export type Figure = { shown: true; n: number; hateIndex: number; mean: number } | { shown: false; n: number }

export function figure(s: Summary | undefined, privacy: Privacy): Figure {
  const n = s?.n ?? 0
  if (!s || !canShow(s, privacy)) return { shown: false, n }
  return { shown: true, n, hateIndex: hateIndex(s)!, mean: meanScore(s)! }
}

const shownMean = (f: Figure) => (f.shown ? f.mean : null)
const shownIndex = (f: Figure | undefined) => (f?.shown ? f.hateIndex : null)

type Key = `${number}|${Level}`
const key = (id: number, level: Level): Key => `${id}|${level}`

export type LevelFigure = { level: Level; figure: Figure; distribution: number[] | null; invited: number; answered: number; rate: number | null; trend: Trend | null }

/** Portfolio per level: Hate Index, distribution and response rate side by side (silence is a signal). */
export function levelFigures({
  distribution,
  people,
  invited,
  previous,
  privacy,
}: {
  distribution: { level: Level; score: number; n: number }[]
  people: { level: Level; people: number }[]
  invited: { level: Level; invited: number; answered: number }[]
  previous?: { summaries: Map<Level, Summary>; privacy: Privacy }
  privacy: Privacy
}): LevelFigure[] {
  return LEVELS.map((level) => {
    const dist = Array(11).fill(0)
    for (const r of distribution) if (r.level === level) dist[r.score] += r.n
    const t: Tally = { ...tallyFromDistribution(dist), people: people.find((p) => p.level === level)?.people ?? 0 }
    const f = figure(t, privacy)
    const inv = invited.filter((r) => r.level === level)
    const asked = inv.reduce((s, r) => s + r.invited, 0)
    const answered = inv.reduce((s, r) => s + r.answered, 0)
    const prev = previous?.summaries.get(level)
    return {
      level,
      figure: f,
      distribution: f.shown ? t.dist : null,
      invited: asked,
      answered,
      rate: responseRate({ answered, invited: asked }),
      // The previous wave's figure counts only if that wave's own rules would show it.
      trend: f.shown && prev && previous && canShow(prev, previous.privacy) ? trend(f.hateIndex, hateIndex(prev)) : null,
    }
  })
}

export type HeatCell = { figure: Figure; invited: number; answered: number; rate: number | null }
export type HeatRow = { accountId: number; name: string; arr: number; cells: Record<Level, HeatCell>; gap: LevelGap | null; rate: number | null }

/** Accounts × levels for the chosen waves; the gap only from figures that may be shown. */
export function heatRows({
  accounts,
  summaries,
  invited,
  privacy,
}: {
  accounts: { id: number; name: string; arr: number }[]
  summaries: ({ accountId: number; level: Level } & Summary)[]
  invited: { accountId: number; level: Level; invited: number; answered: number }[]
  privacy: Privacy
}): HeatRow[] {
  const byKey = new Map<Key, Summary>(summaries.map((s) => [key(s.accountId, s.level), s]))
  const inv = new Map<Key, { invited: number; answered: number }>()
  for (const r of invited) {
    const k = key(r.accountId, r.level)
    const cur = inv.get(k) ?? { invited: 0, answered: 0 }
    inv.set(k, { invited: cur.invited + r.invited, answered: cur.answered + r.answered })
  }
  return accounts
    .map((a) => {
      const cells = Object.fromEntries(
        LEVELS.map((level) => {
          const i = inv.get(key(a.id, level)) ?? { invited: 0, answered: 0 }
          return [level, { figure: figure(byKey.get(key(a.id, level)), privacy), ...i, rate: responseRate(i) }]
        }),
      ) as Record<Level, HeatCell>
      const gap = levelGap(Object.fromEntries(LEVELS.map((l) => [l, shownMean(cells[l].figure)])))
      const totals = LEVELS.reduce((s, l) => ({ invited: s.invited + cells[l].invited, answered: s.answered + cells[l].answered }), { invited: 0, answered: 0 })
      return { accountId: a.id, name: a.name, arr: a.arr, cells, gap, rate: responseRate(totals) }
    })
    .filter((r) => LEVELS.some((l) => r.cells[l].invited > 0 || r.cells[l].figure.n > 0))
}

export type HeatSort = 'gap' | 'name' | 'arr' | 'rate' | Level

export function sortHeatRows(rows: HeatRow[], sort: HeatSort, dir: 'asc' | 'desc'): HeatRow[] {
  const value = (r: HeatRow): number | string | null =>
    sort === 'name' ? r.name.toLowerCase() : sort === 'arr' ? r.arr : sort === 'gap' ? (r.gap?.gap ?? null) : sort === 'rate' ? r.rate : shownIndex(r.cells[sort].figure)
  const sign = dir === 'asc' ? 1 : -1
  // Each row's key once (thousands of rows), then plain comparisons; ties by name.
  const keyed = rows.map((row) => ({ row, v: value(row), name: row.name.toLowerCase() }))
  keyed.sort((a, b) => {
    // Rows without a value (hidden or no answers) always sort last.
    if (a.v === null || b.v === null) return a.v === b.v ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.v === null ? 1 : -1
    if (a.v !== b.v) return (a.v < b.v ? -1 : 1) * sign
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  })
  return keyed.map((k) => k.row)
}

/** The largest significant level gaps, largest first. */
export function largestGaps(rows: HeatRow[], limit = 10) {
  return rows
    .filter((r) => isSignificantGap(r.gap))
    .sort((a, b) => b.gap!.gap - a.gap!.gap)
    .slice(0, limit)
}

/** Levels that answered in the previous wave and are silent now. */
export function silentLevels({
  current,
  previous,
}: {
  current: { accountId: number; level: Level; invited: number; answered: number }[]
  previous: { accountId: number; level: Level; invited: number; answered: number }[]
}): { accountId: number; level: Level }[] {
  const prev = new Map(previous.map((r) => [key(r.accountId, r.level), r.answered]))
  return current.filter((r) => wentSilent({ previousAnswered: prev.get(key(r.accountId, r.level)) ?? 0, currentAnswered: r.answered, currentInvited: r.invited })).map(({ accountId, level }) => ({ accountId, level }))
}

/** Accounts whose top management was asked, in any wave, and never answered. */
export function topNeverAnswers(invited: { accountId: number; level: Level; invited: number; answered: number }[]): number[] {
  const acc = new Map<number, { invited: number; answered: number }>()
  for (const r of invited) {
    if (r.level !== 'top') continue
    const cur = acc.get(r.accountId) ?? { invited: 0, answered: 0 }
    acc.set(r.accountId, { invited: cur.invited + r.invited, answered: cur.answered + r.answered })
  }
  return [...acc].filter(([, v]) => v.invited > 0 && v.answered === 0).map(([id]) => id)
}

export type SeriesPoint = { waveId: number; waveName: string; hateIndex: number | null; n: number }

/** Hate Index per level across waves (oldest first); each point under its own wave's privacy. */
export function levelSeries({ waves, summaries }: { waves: WaveInfo[]; summaries: ({ waveId: number; level: Level } & Summary)[] }): Record<Level, SeriesPoint[]> {
  const ordered = [...waves].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime())
  return Object.fromEntries(
    LEVELS.map((level) => [
      level,
      ordered.map((w) => {
        const s = summaries.find((x) => x.waveId === w.id && x.level === level)
        const f = figure(s, privacyOf([w]))
        return { waveId: w.id, waveName: w.name, hateIndex: shownIndex(f), n: f.n }
      }),
    ]),
  ) as Record<Level, SeriesPoint[]>
}
