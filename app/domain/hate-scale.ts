/* The hate scale and the numbers built on it (SPEC "The hate scale and the
   numbers built on it"). Score s in 0..10, higher is worse; it mirrors NPS, so the
   Hate Index is −NPS on the mirrored scale. Pure functions, unit-tested. */
import { LEVEL_LABELS, LEVELS, type Level } from './vocabulary'

/** Fans answer 0–1, passives 2–3, haters 4 and above. */
export const FAN_MAX = 1
export const PASSIVE_MAX = 3
/** Two levels of one account this far apart (in mean score) do not hear each other. */
export const LEVEL_GAP_THRESHOLD = 4

export type Band = 'fan' | 'passive' | 'hater'

export function band(score: number): Band {
  if (score <= FAN_MAX) return 'fan'
  if (score <= PASSIVE_MAX) return 'passive'
  return 'hater'
}

/** Band counts of a group of answers: enough for the Hate Index and the mean.
    `people` counts distinct respondents where one person may answer several waves. */
export type Summary = { n: number; sum: number; fans: number; passives: number; haters: number; people?: number }
/** A summary with the 0..10 distribution, mergeable across groups. */
export type Tally = Summary & { dist: number[] }

export const emptyTally = (): Tally => ({ n: 0, sum: 0, fans: 0, passives: 0, haters: 0, dist: Array(11).fill(0) })

export function tally(scores: readonly number[]): Tally {
  const t = emptyTally()
  for (const s of scores) {
    t.n++
    t.sum += s
    t.dist[s]++
    t[`${band(s)}s` as 'fans' | 'passives' | 'haters']++
  }
  return t
}

/** A tally from the 0..10 distribution alone (what SQL aggregates hand us). */
export function tallyFromDistribution(dist: readonly number[]): Tally {
  const t = emptyTally()
  dist.forEach((count, score) => {
    t.dist[score] = count
    t.n += count
    t.sum += count * score
    t[`${band(score)}s` as 'fans' | 'passives' | 'haters'] += count
  })
  return t
}

export function mergeTallies(tallies: readonly Tally[]): Tally {
  const t = emptyTally()
  for (const x of tallies) {
    t.n += x.n
    t.sum += x.sum
    t.fans += x.fans
    t.passives += x.passives
    t.haters += x.haters
    x.dist.forEach((c, i) => (t.dist[i] += c))
  }
  return t
}

/** % haters − % fans, −100 (all fans) … +100 (all haters); null without answers. */
export function hateIndex(t: Summary): number | null {
  return t.n === 0 ? null : (100 * (t.haters - t.fans)) / t.n
}

export function meanScore(t: Summary): number | null {
  return t.n === 0 ? null : t.sum / t.n
}

/** Share of people asked who answered, 0..1; null when nobody was asked. */
export function responseRate({ answered, invited }: { answered: number; invited: number }): number | null {
  return invited === 0 ? null : answered / invited
}

export type Trend = { delta: number; direction: 'worse' | 'better' | 'same' }

/** Against the previous wave; for the Hate Index and mean score alike, up is worse. */
export function trend(current: number | null, previous: number | null, epsilon = 0.05): Trend | null {
  if (current === null || previous === null) return null
  const delta = current - previous
  return { delta, direction: Math.abs(delta) < epsilon ? 'same' : delta > 0 ? 'worse' : 'better' }
}

export type LevelGap = { high: Level; low: Level; highMean: number; lowMean: number; gap: number }

/** The largest difference in mean score between two levels of one account; null with fewer than two levels. */
export function levelGap(means: Partial<Record<Level, number | null>>): LevelGap | null {
  const present = LEVELS.filter((l) => means[l] !== null && means[l] !== undefined).map((l) => ({ level: l, mean: means[l] as number }))
  if (present.length < 2) return null
  const high = present.reduce((a, b) => (b.mean > a.mean ? b : a))
  const low = present.reduce((a, b) => (b.mean < a.mean ? b : a))
  return { high: high.level, low: low.level, highMean: high.mean, lowMean: low.mean, gap: high.mean - low.mean }
}

export function isSignificantGap(gap: LevelGap | null): gap is LevelGap {
  return gap !== null && gap.gap >= LEVEL_GAP_THRESHOLD
}

const RANK: Record<Level, number> = { executor: 0, manager: 1, head: 2, top: 3 }

/** The gap in plain words, e.g. "Executors 8.1, top management 2.0 — the top is not hearing its people". */
export function gapSentence(gap: LevelGap): string {
  const fmt = (l: Level, m: number) => `${LEVEL_LABELS[l].toLowerCase()} ${m.toFixed(1)}`
  const figures = `${fmt(gap.high, gap.highMean)}, ${fmt(gap.low, gap.lowMean)}`
  const sentence = figures.charAt(0).toUpperCase() + figures.slice(1)
  const upperIsHappier = RANK[gap.low] > RANK[gap.high]
  return upperIsHappier
    ? `${sentence} — the ${gap.low === 'top' ? 'top' : LEVEL_LABELS[gap.low].toLowerCase()} is not hearing its people`
    : `${sentence} — the people like us, the ${LEVEL_LABELS[gap.high].toLowerCase()} do not`
}

/** A level "went silent": it answered in the previous wave and nobody answers now although asked. */
export function wentSilent({ previousAnswered, currentAnswered, currentInvited }: { previousAnswered: number; currentAnswered: number; currentInvited: number }): boolean {
  return previousAnswered > 0 && currentInvited > 0 && currentAnswered === 0
}


export const NOT_ENOUGH_ANSWERS = 'not enough answers to show without identifying people'
