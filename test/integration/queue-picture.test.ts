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
})
