import { describe, expect, it } from 'vitest'
import { accountSignals, commentMatches, health, isAtRisk, SIGNAL_POINTS, type AccountPicture } from '#app/domain/signals'

const calm: AccountPicture = {
  answers: [{ score: 1, level: 'executor', role: 'user', comment: 'All good.', locale: 'en', who: null, category: null, subject: 'wave:1' }],
  hateIndex: -50,
  previousHateIndex: -50,
  silentLevels: [],
  topNeverAnswers: false,
  gap: null,
  champion: 'active',
  renewalInDays: 200,
}

describe('comment rules', () => {
  it('find each kind in the language the comment is written in, with the sentence that triggered it', () => {
    expect(commentMatches('Support is slow. We are evaluating Globex as an alternative. Thanks.')).toEqual([
      { kind: 'competitor', sentence: 'We are evaluating Globex as an alternative.', matched: 'alternative' },
    ])
    expect(commentMatches('Too expensive for what we get. We will not renew.').map((m) => [m.kind, m.sentence])).toEqual([
      ['budget', 'Too expensive for what we get.'],
      ['churn_words', 'We will not renew.'],
    ])
    expect(commentMatches('Слишком дорого. Смотрим в сторону конкурента.').map((m) => [m.kind, m.sentence])).toEqual([
      ['budget', 'Слишком дорого.'],
      ['competitor', 'Смотрим в сторону конкурента.'],
    ])
    expect(commentMatches('Если так пойдёт дальше, не будем продлевать договор.')[0]).toMatchObject({ kind: 'churn_words' })
    expect(commentMatches('明年我们不续约。')).toEqual([{ kind: 'churn_words', sentence: '明年我们不续约。', matched: '不续约' }])
    expect(commentMatches('The new reports are great.')).toEqual([])
  })

  it('read a Russian comment from an English profile with the Russian rules', () => {
    const signals = accountSignals({ ...calm, answers: [{ ...calm.answers[0], comment: 'Договор не продлим.', locale: 'en', who: 'Ann', subject: 'person:Ann' }] })
    expect(signals.map((s) => [s.kind, s.evidence])).toEqual([['churn_words', '“Договор не продлим.” — Ann']])
  })
})

describe('signals and health', () => {
  it('a calm account has no signals and full health', () => {
    expect(accountSignals(calm)).toEqual([])
    expect(health([]).score).toBe(100)
    expect(isAtRisk([])).toBe(false)
  })

  it('high hate from a buyer or a top/head person is a hard trigger; from a hands-on user it is not', () => {
    const topBuyer = accountSignals({ ...calm, answers: [{ score: 9, level: 'top', role: 'buyer', comment: '', locale: 'en', who: 'Tom CEO', category: null, subject: 'person:Tom CEO' }] })
    expect(topBuyer.map((s) => s.kind)).toEqual(['senior_hate'])
    expect(topBuyer[0].evidence).toBe('Tom CEO (top, buyer) answered 9/10')
    expect(isAtRisk(topBuyer)).toBe(true)
    const user = accountSignals({ ...calm, answers: [{ score: 9, level: 'executor', role: 'user', comment: '', locale: 'en', who: null, category: null, subject: 'wave:1' }] })
    expect(user).toEqual([])
    // Confidential: the evidence names neither the person nor anything that points at them.
    const anonymous = accountSignals({ ...calm, answers: [{ score: 8, level: 'head', role: 'user', comment: '', locale: 'en', who: null, category: null, subject: 'wave:1' }] })
    expect(anonymous[0].evidence).toBe('A senior stakeholder or buyer answered 7 or higher (confidential wave: not attributed)')
    expect(anonymous[0].evidence).not.toMatch(/head|8/)
  })

  it('covers every row of the signal table, and every lost point names its signal', () => {
    const signals = accountSignals({
      answers: [{ score: 5, level: 'manager', role: 'user', comment: 'We have to cut costs. We may migrate to another vendor. We are leaving.', locale: 'en', who: null, category: 'pricing', subject: 'wave:1' }],
      hateIndex: 40,
      previousHateIndex: 10,
      silentLevels: ['head'],
      topNeverAnswers: true,
      gap: { sentence: 'Executors 8.0, top management 2.0 — the top is not hearing its people', gap: 6 },
      champion: 'left',
      renewalInDays: 45,
    })
    expect(signals.map((s) => s.kind).sort()).toEqual(['budget', 'champion_lost', 'churn_words', 'competitor', 'hate_rising', 'level_gap', 'level_silent', 'renewal_near', 'top_never_answers'].sort())
    const h = health(signals)
    expect(h.score).toBe(0)
    expect(h.breakdown.reduce((s, b) => s + b.points, 0)).toBe(signals.reduce((s, x) => s + SIGNAL_POINTS[x.kind], 0))
    expect(accountSignals({ ...calm, champion: 'cooling' }).map((s) => s.kind)).toEqual(['champion_cooling'])
    expect(accountSignals({ ...calm, champion: 'none' }).map((s) => s.kind)).toEqual(['no_champion'])
  })

  it('is at risk below 50 health even without a hard trigger', () => {
    const soft = accountSignals({ ...calm, champion: 'left', hateIndex: 20, previousHateIndex: 0, gap: { sentence: 'x', gap: 5 } })
    expect(health(soft).score).toBe(45)
    expect(isAtRisk(soft)).toBe(true)
  })
})
