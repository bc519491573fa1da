/* Coverage (SPEC "The hate scale and the numbers built on it"): which levels of an
   account we have people at. "No one at top level" is a gap to fix, not to hide. */
import { LEVELS, type Level, type StakeholderStatus } from './vocabulary'

export type CoveragePerson = { level: Level; status: StakeholderStatus }
export type LevelCoverage = { level: Level; active: number; total: number; gap: boolean }

/** People per level; a level is a gap when no one there can be reached (active). */
export function levelCoverage(people: CoveragePerson[]): LevelCoverage[] {
  return LEVELS.map((level) => {
    const atLevel = people.filter((p) => p.level === level)
    const active = atLevel.filter((p) => p.status === 'active').length
    return { level, active, total: atLevel.length, gap: active === 0 }
  })
}

export function coverageGaps(people: CoveragePerson[]): Level[] {
  return levelCoverage(people)
    .filter((c) => c.gap)
    .map((c) => c.level)
}
