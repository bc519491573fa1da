import { describe, expect, it } from 'vitest'
import { canShow } from '#app/domain/confidentiality'
import {
  band,
  gapSentence,
  hateIndex,
  isSignificantGap,
  levelGap,
  meanScore,
  mergeTallies,
  responseRate,
  tally,
  tallyFromDistribution,
  trend,
  wentSilent,
} from '#app/domain/hate-scale'

describe('the hate scale', () => {
  it('bands at the edges: 1 is a fan, 2 and 3 passive, 4 a hater', () => {
    expect([0, 1, 2, 3, 4, 10].map(band)).toEqual(['fan', 'fan', 'passive', 'passive', 'hater', 'hater'])
  })

  it('Hate Index of [0,1,4,9] is 0: two fans, two haters over four answers', () => {
    expect(hateIndex(tally([0, 1, 4, 9]))).toBe(0)
  })

  it('Hate Index of [0,0,2,3] is −50', () => {
    expect(hateIndex(tally([0, 0, 2, 3]))).toBe(-50)
  })

  it('runs from −100 (all fans) to +100 (all haters), null without answers', () => {
    expect(hateIndex(tally([0, 1, 1]))).toBe(-100)
    expect(hateIndex(tally([4, 10]))).toBe(100)
    expect(hateIndex(tally([]))).toBeNull()
  })

  it('mean and distribution, and tallies merge and rebuild from a distribution', () => {
    const a = tally([2, 8, 8])
    expect(meanScore(a)).toBe(6)
    expect(a.dist[8]).toBe(2)
    const merged = mergeTallies([a, tally([0])])
    expect(merged).toEqual(tally([2, 8, 8, 0]))
    expect(tallyFromDistribution(merged.dist)).toEqual(merged)
  })

  it('response rate is answered over invited; silence shows as a low rate', () => {
    expect(responseRate({ answered: 3, invited: 12 })).toBe(0.25)
    expect(responseRate({ answered: 0, invited: 0 })).toBeNull()
  })
})

describe('trend, gaps and silence on a small hand-made portfolio', () => {
  // Acme: executors 9, 8 (mean 8.5) now, 5 before; top 2 now and before.
  const acme = {
    previous: { executor: tally([5, 5]), top: tally([2]) },
    current: { executor: tally([9, 8]), manager: tally([]), top: tally([2]) },
  }

  it('trend against the previous wave: up is worse', () => {
    const t = trend(hateIndex(acme.current.executor), hateIndex(acme.previous.executor))
    expect(t).toEqual({ delta: 0, direction: 'same' }) // both waves: all haters
    expect(trend(meanScore(acme.current.executor), meanScore(acme.previous.executor))).toEqual({ delta: 3.5, direction: 'worse' })
    expect(trend(2, 4)).toEqual({ delta: -2, direction: 'better' })
    expect(trend(null, 4)).toBeNull()
  })

  it('level gap: the largest difference between two levels, in plain words', () => {
    const gap = levelGap({ executor: meanScore(acme.current.executor), manager: meanScore(acme.current.manager), top: meanScore(acme.current.top) })
    expect(gap).toEqual({ high: 'executor', low: 'top', highMean: 8.5, lowMean: 2, gap: 6.5 })
    expect(isSignificantGap(gap)).toBe(true)
    expect(gapSentence(gap!)).toBe('Executors 8.5, top management 2.0 — the top is not hearing its people')
    const reverse = levelGap({ executor: 1, top: 7 })!
    expect(gapSentence(reverse)).toBe('Top management 7.0, executors 1.0 — the people like us, the top management do not')
    expect(isSignificantGap(levelGap({ executor: 5, head: 3 }))).toBe(false)
    expect(levelGap({ executor: 5 })).toBeNull()
  })

  it('a level went silent when it answered before and nobody answers now', () => {
    expect(wentSilent({ previousAnswered: 2, currentAnswered: 0, currentInvited: 3 })).toBe(true)
    expect(wentSilent({ previousAnswered: 0, currentAnswered: 0, currentInvited: 3 })).toBe(false)
    expect(wentSilent({ previousAnswered: 2, currentAnswered: 0, currentInvited: 0 })).toBe(false)
  })

  it('confidential figures need k answers; named ones any', () => {
    expect(canShow({ n: 2 }, { confidential: true, k: 3 })).toBe(false)
    expect(canShow({ n: 3 }, { confidential: true, k: 3 })).toBe(true)
    expect(canShow({ n: 1 }, { confidential: false, k: 3 })).toBe(true)
    expect(canShow({ n: 0 }, { confidential: false, k: 3 })).toBe(false)
  })
})
