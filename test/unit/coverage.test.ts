import { describe, expect, it } from 'vitest'
import { coverageGaps, levelCoverage } from '#app/domain/coverage'

describe('coverage', () => {
  it('counts reachable people per level and names the gaps', () => {
    const people = [
      { level: 'executor', status: 'active' },
      { level: 'executor', status: 'active' },
      { level: 'manager', status: 'left' },
      { level: 'head', status: 'active' },
    ] as const
    expect(levelCoverage([...people])).toEqual([
      { level: 'executor', active: 2, total: 2, gap: false },
      { level: 'manager', active: 0, total: 1, gap: true },
      { level: 'head', active: 1, total: 1, gap: false },
      { level: 'top', active: 0, total: 0, gap: true },
    ])
    expect(coverageGaps([...people])).toEqual(['manager', 'top'])
  })

  it('an account with nobody has every level as a gap', () => {
    expect(coverageGaps([])).toEqual(['executor', 'manager', 'head', 'top'])
  })
})
