/* An account's picture for the queue's signals (accountPicture): what "now" and
   "before" read. Built through the real wave and answer paths. */
import { describe, expect, it } from 'vitest'
import { hateIndex, tally } from '#app/domain/hate-scale'
import { accountPicture } from '#app/services/queue.server'
import { answer, DAY, makeSurveyedAccount, makeSurveyWave } from '#test/sentiment-factories'

const PEOPLE = [
  { key: 'Top', level: 'top', role: 'buyer' },
  { key: 'Head', level: 'head', role: 'both' },
  { key: 'Mgr', level: 'manager', role: 'user' },
] as const

describe('accountPicture', () => {
  it("reads now from the latest closed wave and the trend against the wave before, from this account's answers only", async () => {
    const now = new Date()
    const account = makeSurveyedAccount({ name: 'Picture Trend Co', people: [...PEOPLE] })
    const neighbour = makeSurveyedAccount({ name: 'Picture Neighbour Co', people: [...PEOPLE] })
    const ago = (days: number) => new Date(now.getTime() - days * DAY)
    const earlier = await makeSurveyWave({ name: 'Earlier', anonymity: 'named', sendAt: ago(60), closesAt: ago(45), accountIds: [account.id, neighbour.id] })
    const latest = await makeSurveyWave({ name: 'Latest', anonymity: 'named', sendAt: ago(30), closesAt: ago(15), accountIds: [account.id, neighbour.id] })
    const scores = { earlier: [0, 1, 1], latest: [9, 8, 2] }
    PEOPLE.forEach((p, i) => {
      answer({ wave: earlier, person: account.people[p.key], score: scores.earlier[i] })
      answer({ wave: latest, person: account.people[p.key], score: scores.latest[i] })
      // The neighbour's answers share both waves and must count for nothing here.
      answer({ wave: earlier, person: neighbour.people[p.key], score: 10 })
      answer({ wave: latest, person: neighbour.people[p.key], score: 0 })
    })

    const { picture } = accountPicture(account.id, now)!
    expect(picture.hateIndex).toBe(hateIndex(tally(scores.latest)))
    expect(picture.previousHateIndex).toBe(hateIndex(tally(scores.earlier)))
    expect(picture.hateIndex).not.toBe(picture.previousHateIndex)
    expect(picture.answers.map((a) => a.score).sort()).toEqual([...scores.latest].sort())
  })

  it("judges silence, top management and the response rate from this account's invitations, and skips a wave it was not asked in", async () => {
    const now = new Date()
    const account = makeSurveyedAccount({ name: 'Picture Silence Co', people: [...PEOPLE] })
    const neighbour = makeSurveyedAccount({ name: 'Picture Silence Neighbour', people: [...PEOPLE] })
    const ago = (days: number) => new Date(now.getTime() - days * DAY)
    const both = [account.id, neighbour.id]
    const before = await makeSurveyWave({ name: 'Before', anonymity: 'named', sendAt: ago(60), closesAt: ago(45), accountIds: both })
    const last = await makeSurveyWave({ name: 'Last closed', anonymity: 'named', sendAt: ago(30), closesAt: ago(15), accountIds: both })
    const open = await makeSurveyWave({ name: 'Open', anonymity: 'named', sendAt: ago(4), closesAt: ago(-10), accountIds: both })
    // Newer than every other, and not asked of this account: it must not count as its open wave.
    const elsewhere = await makeSurveyWave({ name: 'Elsewhere', anonymity: 'named', sendAt: ago(2), closesAt: ago(-12), accountIds: [neighbour.id] })
    answer({ wave: before, person: account.people.Head, score: 2 })
    answer({ wave: before, person: account.people.Mgr, score: 1 })
    answer({ wave: last, person: account.people.Mgr, score: 3 })
    // The neighbour's top and head answer everywhere: counted here, head would not be silent and top would answer.
    for (const wave of [before, last, open, elsewhere]) for (const key of ['Top', 'Head'] as const) answer({ wave, person: neighbour.people[key], score: 5 })

    const found = accountPicture(account.id, now)!
    expect(found.picture.silentLevels).toEqual(['head'])
    expect(found.picture.topNeverAnswers).toBe(true)
    expect(found.responseRate).toBeCloseTo(1 / 3)
    expect(found.picture.answers.map((a) => a.score)).toEqual([3])
    // Nothing in the open wave yet: the trend is the last closed wave against the one before.
    expect(found.picture.hateIndex).toBe(hateIndex(tally([3])))
    expect(found.picture.previousHateIndex).toBe(hateIndex(tally([2, 1])))

    // Top answers the open wave: top no longer "never answers", and the trend moves up a wave.
    answer({ wave: open, person: account.people.Top, score: 10, at: now })
    const after = accountPicture(account.id, now)!
    expect(after.picture.topNeverAnswers).toBe(false)
    expect(after.picture.answers.map((a) => a.score).sort((a, b) => a - b)).toEqual([3, 10])
    expect(after.picture.previousHateIndex).toBe(hateIndex(tally([3])))
    expect(after.picture.silentLevels).toEqual(['head'])
    expect(after.responseRate).toBeCloseTo(1 / 3)
  })
})
