import { describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { updateAccount } from '#app/services/accounts.server'
import { parseSentimentQuery } from '#app/forms/sentiment'
import { portfolioSentiment } from '#app/services/sentiment.server'
import { makeUser } from '#test/factories'
import { answer, DAY, makeSurveyedAccount, makeSurveyWave } from '#test/sentiment-factories'

const q = (search: string) => parseSentimentQuery(new URL(`http://x/sentiment?${search}`))

describe('closed waves are summarised once', () => {
  it('returns the same figures from memory, and forgets them when an account changes', async () => {
    const admin = await makeUser('admin')
    const [sm1, sm2] = [await makeUser('service_manager'), await makeUser('service_manager')]
    const viewer = { id: admin.id, role: admin.role }
    const account = makeSurveyedAccount({ name: 'Cache Co', ownerId: sm1.id, people: ['a', 'b', 'c'].map((key) => ({ key, level: 'executor' as const, role: 'user' as const })) })
    const now = new Date()
    const wave = await makeSurveyWave({ name: 'Closed', anonymity: 'named', sendAt: new Date(now.getTime() - 30 * DAY), closesAt: new Date(now.getTime() - 10 * DAY), accountIds: [account.id] })
    for (const [key, score] of [['a', 9], ['b', 8], ['c', 0]] as const) answer({ wave, person: account.people[key], score })

    const first = portfolioSentiment({ viewer, query: q(`owner=${sm1.id}`), now })
    expect(first.heat.map((r) => r.name)).toEqual(['Cache Co'])
    expect(first.levels.find((l) => l.level === 'executor')?.figure).toMatchObject({ shown: true, n: 3, hateIndex: (100 * (2 - 1)) / 3 })
    // Same question, same answer (now from memory).
    expect(portfolioSentiment({ viewer, query: q(`owner=${sm1.id}`), now })).toEqual(first)

    // The owner changes: the owner filter must see it at once.
    updateAccount({ id: account.id, input: { name: 'Cache Co', domain: 'cache-co.test', industry: '', arr: 1, renewalDate: null, strategic: false, status: 'active', ownerId: sm2.id, teamIds: [] }, actor: SYSTEM_ACTOR })
    expect(portfolioSentiment({ viewer, query: q(`owner=${sm1.id}`), now }).heat).toEqual([])
    expect(portfolioSentiment({ viewer, query: q(`owner=${sm2.id}`), now }).heat.map((r) => r.name)).toEqual(['Cache Co'])
  })
})
