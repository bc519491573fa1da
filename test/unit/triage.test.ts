import { describe, expect, it } from 'vitest'
import { accountSignals, type AccountPicture } from '#app/domain/signals'
import { approvalLimit, canApprove, dueDates, effort, isOverdue, priceWarning, runway, saveProbability, valueTier } from '#app/domain/triage'

const base: AccountPicture = { answers: [], hateIndex: null, previousHateIndex: null, silentLevels: [], topNeverAnswers: false, gap: null, champion: 'active', renewalInDays: 200 }
const answer = (comment: string, score = 6) => ({ score, level: 'manager' as const, role: 'user' as const, comment, locale: 'en' as const, who: null, category: null, subject: 'wave:1' })

describe('triage on hand-made accounts', () => {
  // account → expected probability, value, runway, effort
  const table = [
    { name: 'fixable, big, far from renewal', picture: { ...base, answers: [answer('Tickets are slow.')] }, account: { arr: 250_000, strategic: false }, rate: 0.7, expect: ['high', 'high', 'comprehensive', 'full'] },
    { name: 'competitor named, mid-size, 60 days', picture: { ...base, renewalInDays: 60, answers: [answer('We are evaluating an alternative.')] }, account: { arr: 60_000, strategic: false }, rate: 0.6, expect: ['medium', 'medium', 'compressed', 'standard'] },
    { name: 'leaving for a competitor, small, 20 days', picture: { ...base, renewalInDays: 20, answers: [answer('We found a competitor and will not renew.')] }, account: { arr: 12_000, strategic: false }, rate: 0.5, expect: ['low', 'low', 'emergency', 'none'] },
    { name: 'checked out but strategic', picture: { ...base, champion: 'left' as const }, account: { arr: 20_000, strategic: true }, rate: 0.1, expect: ['low', 'high', 'comprehensive', 'light'] },
    { name: 'champion cooling, small', picture: { ...base, champion: 'cooling' as const, renewalInDays: null }, account: { arr: 10_000, strategic: false }, rate: 0.8, expect: ['medium', 'low', 'unknown', 'light'] },
  ]
  it.each(table)('$name', ({ picture, account, rate, expect: [p, v, r, e] }) => {
    const signals = accountSignals(picture)
    const probability = saveProbability(signals, { responseRate: rate, championInPlace: picture.champion === 'active' })
    const value = valueTier(account)
    expect([probability.value, value.value, runway(picture.renewalInDays).value, effort(value.value, probability.value).value]).toEqual([p, v, r, e])
    expect(probability.reasons.length).toBeGreaterThan(0)
  })

  it('suggests executive involvement from 50K ARR', () => {
    expect(valueTier({ arr: 49_999, strategic: false }).executive).toBe(false)
    expect(valueTier({ arr: 50_000, strategic: false }).executive).toBe(true)
  })

  it('runway buckets at their edges', () => {
    expect([90, 89, 30, 29].map((d) => runway(d).value)).toEqual(['comprehensive', 'compressed', 'compressed', 'emergency'])
  })
})

describe('steps, discounts and approvals', () => {
  it('dates the playbook steps from the opening and knows what is overdue', () => {
    const opened = new Date('2026-11-01T09:00:00Z')
    const steps = dueDates(opened)
    expect(steps.map((s) => s.dueAt.toISOString())).toEqual(['2026-11-02T09:00:00.000Z', '2026-11-03T09:00:00.000Z', '2026-11-04T09:00:00.000Z', '2026-11-08T09:00:00.000Z', '2026-12-01T09:00:00.000Z'])
    const now = new Date('2026-11-02T10:00:00Z')
    expect(isOverdue({ dueAt: steps[0].dueAt, doneAt: null, skippedAt: null }, now)).toBe(true)
    expect(isOverdue({ dueAt: steps[0].dueAt, doneAt: now, skippedAt: null }, now)).toBe(false)
    expect(isOverdue({ dueAt: steps[1].dueAt, doneAt: null, skippedAt: null }, now)).toBe(false)
  })

  it('warns against a discount when nothing says the problem is price', () => {
    const service = accountSignals({ ...base, answers: [answer('Support never answers.', 8)] })
    expect(priceWarning(service, ['support'])).toMatch(/No signal says the problem is price/)
    const price = accountSignals({ ...base, answers: [answer('Too expensive for what we get.', 8)] })
    expect(priceWarning(price, [null])).toBeNull()
    expect(priceWarning(service, ['pricing'])).toBeNull()
  })

  it('approval limits: by role by default, per user when set', () => {
    expect(approvalLimit({ role: 'account_team', approvalLimit: null })).toBe(5)
    expect(approvalLimit({ role: 'service_manager', approvalLimit: null })).toBe(15)
    expect(canApprove({ role: 'account_team', approvalLimit: null }, 6)).toBe(false)
    expect(canApprove({ role: 'service_manager', approvalLimit: null }, 15)).toBe(true)
    expect(canApprove({ role: 'service_manager', approvalLimit: 25 }, 25)).toBe(true)
    expect(canApprove({ role: 'admin', approvalLimit: null }, 60)).toBe(true)
  })
})
