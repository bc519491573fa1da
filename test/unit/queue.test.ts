/* The at-risk queue's pure rules on hand-made accounts: signals, health, risk, triage,
   priority, dated steps, changes, drafts, outcomes, price warning and approval limits. */
import { describe, expect, it } from 'vitest'
import {
  assess,
  changeOf,
  describeChange,
  drafts,
  followUps,
  HIGH_RISK_BELOW,
  isNewTrouble,
  MEDIUM_RISK_BELOW,
  priority,
  riskLevel,
  saveMetrics,
  surprise,
  type ClosedItem,
  type DraftInput,
} from '#app/domain/queue'
import { accountSignals, SIGNAL_KINDS, WORSE_BY, type AccountPicture, type Signal, type SignalKind } from '#app/domain/signals'
import { approvalLimit, canApprove, canDecide, dueDates, priceWarning, TRIAGE_DEFAULTS } from '#app/domain/triage'
import type { Level, RelationshipRole } from '#app/domain/vocabulary'

const HOUR = 3_600_000
const DAY = 24 * HOUR

const calm: AccountPicture = {
  answers: [],
  hateIndex: null,
  previousHateIndex: null,
  silentLevels: [],
  topNeverAnswers: false,
  gap: null,
  champion: 'active',
  renewalInDays: 200,
}

type Answer = AccountPicture['answers'][number]
const answer = (score: number, level: Level, role: RelationshipRole, comment = '', more: Partial<Answer> = {}): Answer => ({
  score,
  level,
  role,
  comment,
  locale: 'en',
  who: null,
  category: null,
  subject: more.who ? `person:${more.who}` : 'wave:1',
  ...more,
})

const GAP = { sentence: 'Executors 7.0, top management 2.0 — the top is not hearing its people', gap: 5 }

type Row = {
  name: string
  picture: AccountPicture
  facts: { arr: number; strategic: boolean; responseRate: number | null }
  openedAt: Date
  expected: {
    kinds: SignalKind[]
    health: number
    atRisk: boolean
    risk: 'low' | 'medium' | 'high'
    probability: 'high' | 'medium' | 'low'
    value: 'high' | 'medium' | 'low'
    executive: boolean
    runway: 'comprehensive' | 'compressed' | 'emergency' | 'unknown'
    effort: 'full' | 'standard' | 'light' | 'none'
    priority: number
    /** Evidence that must be on the item, word for word. */
    evidence?: [SignalKind, string][]
  }
}

// Health is worked out by hand from SIGNAL_POINTS (senior_hate 35, hate_rising 15,
// level_silent 10, top_never_answers 10, level_gap 15, champion_lost 25, champion_cooling 15,
// no_champion 10, competitor 25, budget 15, churn_words 40, renewal_near 10);
// priority = risk (1/2/3) × value (ARR in K, strategic ×2) × runway (emergency 3, compressed 2, else 1).
const table: Row[] = [
  {
    name: 'a named top buyer answers 9; big account, far from renewal',
    picture: { ...calm, answers: [answer(9, 'top', 'buyer', 'Tickets wait a week for an answer.', { who: 'Tom Reed', category: 'support' })] },
    facts: { arr: 250_000, strategic: false, responseRate: 0.7 },
    openedAt: new Date('2026-03-01T09:00:00Z'),
    // 100 − 35 (senior_hate) = 65; hard trigger → high. 3 × 250 × 1 = 750.
    expected: {
      kinds: ['senior_hate'],
      health: 65,
      atRisk: true,
      risk: 'high',
      probability: 'high',
      value: 'high',
      executive: true,
      runway: 'comprehensive',
      effort: 'full',
      priority: 750,
      evidence: [['senior_hate', 'Tom Reed (top, buyer) answered 9/10']],
    },
  },
  {
    name: 'hate rising, managers silent, a level gap; mid-size, 60 days to renewal',
    picture: { ...calm, answers: [answer(5, 'executor', 'user', 'Reports are late again.')], hateIndex: 20, previousHateIndex: -10, silentLevels: ['manager'], gap: GAP, renewalInDays: 60 },
    facts: { arr: 60_000, strategic: false, responseRate: 0.6 },
    openedAt: new Date('2026-04-10T15:30:00Z'),
    // 100 − 15 (hate_rising) − 10 (level_silent) − 15 (level_gap) − 10 (renewal_near) = 50: not below 50, not at risk.
    // 1 × 60 × 2 = 120.
    expected: {
      kinds: ['hate_rising', 'level_gap', 'level_silent', 'renewal_near'],
      health: 50,
      atRisk: false,
      risk: 'low',
      probability: 'medium',
      value: 'medium',
      executive: true,
      runway: 'compressed',
      effort: 'standard',
      priority: 120,
      evidence: [
        ['hate_rising', 'Hate Index -10 → 20'],
        ['level_silent', 'manager answered last wave and are silent now'],
        ['level_gap', GAP.sentence],
        ['renewal_near', 'renewal in 60 days'],
      ],
    },
  },
  {
    name: 'top never answers, no champion, a level gap; small account, no renewal date',
    picture: { ...calm, answers: [answer(3, 'manager', 'user', 'Fine.')], topNeverAnswers: true, champion: 'none', gap: GAP, renewalInDays: null },
    facts: { arr: 10_000, strategic: false, responseRate: null },
    openedAt: new Date('2026-12-31T23:00:00Z'),
    // 100 − 10 (top_never_answers) − 10 (no_champion) − 15 (level_gap) = 65. 1 × 10 × 1 = 10.
    expected: {
      kinds: ['level_gap', 'no_champion', 'top_never_answers'],
      health: 65,
      atRisk: false,
      risk: 'low',
      probability: 'medium',
      value: 'low',
      executive: false,
      runway: 'unknown',
      effort: 'light',
      priority: 10,
      evidence: [
        ['top_never_answers', 'top management has never answered'],
        ['no_champion', 'no champion at this account'],
      ],
    },
  },
  {
    name: 'in Russian: a competitor found and no renewal; small account, 20 days left',
    picture: { ...calm, answers: [answer(6, 'manager', 'user', 'Мы нашли конкурента. Не будем продлевать договор.', { locale: 'ru', who: 'Olga Petrova' })], renewalInDays: 20 },
    facts: { arr: 12_000, strategic: false, responseRate: 0.5 },
    openedAt: new Date('2026-02-01T00:00:00Z'),
    // 100 − 40 (churn_words) − 25 (competitor) − 10 (renewal_near) = 25; hard trigger → high. 3 × 12 × 3 = 108.
    expected: {
      kinds: ['churn_words', 'competitor', 'renewal_near'],
      health: 25,
      atRisk: true,
      risk: 'high',
      probability: 'low',
      value: 'low',
      executive: false,
      runway: 'emergency',
      effort: 'none',
      priority: 108,
      evidence: [
        ['churn_words', '“Не будем продлевать договор.” — Olga Petrova'],
        ['competitor', '“Мы нашли конкурента.” — Olga Petrova'],
        ['renewal_near', 'renewal in 20 days'],
      ],
    },
  },
  {
    name: 'too expensive, an alternative offered, champion cooling, top silent; 90 days (no longer near)',
    picture: {
      ...calm,
      answers: [answer(6, 'manager', 'user', 'Your service is too expensive for us now. Globex offered us an alternative.', { who: 'Ann Lo', category: 'pricing' })],
      silentLevels: ['top'],
      champion: 'cooling',
      championEvidence: 'Ivan Gray is cooling: score 2 → 6',
      renewalInDays: 90,
    },
    facts: { arr: 150_000, strategic: false, responseRate: 0.6 },
    openedAt: new Date('2026-06-15T12:00:00Z'),
    // 100 − 15 (budget) − 25 (competitor) − 15 (champion_cooling) − 10 (level_silent) = 35 → medium. 2 × 150 × 1 = 300.
    expected: {
      kinds: ['budget', 'champion_cooling', 'competitor', 'level_silent'],
      health: 35,
      atRisk: true,
      risk: 'medium',
      probability: 'medium',
      value: 'high',
      executive: true,
      runway: 'comprehensive',
      effort: 'full',
      priority: 300,
      evidence: [
        ['budget', '“Your service is too expensive for us now.” — Ann Lo'],
        ['competitor', '“Globex offered us an alternative.” — Ann Lo'],
        ['champion_cooling', 'Ivan Gray is cooling: score 2 → 6'],
      ],
    },
  },
  {
    name: 'confidential 8 from a head, champion left; mid-size, 29 days left',
    picture: { ...calm, answers: [answer(8, 'head', 'user')], champion: 'left', renewalInDays: 29 },
    facts: { arr: 45_000, strategic: false, responseRate: 0.5 },
    openedAt: new Date('2026-01-20T08:15:00Z'),
    // 100 − 35 (senior_hate) − 25 (champion_lost) − 10 (renewal_near) = 30; hard trigger → high. 3 × 45 × 3 = 405.
    expected: {
      kinds: ['champion_lost', 'renewal_near', 'senior_hate'],
      health: 30,
      atRisk: true,
      risk: 'high',
      probability: 'medium',
      value: 'medium',
      executive: false,
      runway: 'emergency',
      effort: 'standard',
      priority: 405,
      evidence: [
        ['senior_hate', 'A senior stakeholder or buyer answered 7 or higher (confidential wave: not attributed)'],
        ['champion_lost', 'our champion left'],
      ],
    },
  },
  {
    name: 'reviewing all vendors, stakeholders checked out; strategic small account',
    picture: { ...calm, answers: [answer(3, 'executor', 'user', 'We are reviewing all vendors this quarter.')], renewalInDays: 120 },
    facts: { arr: 20_000, strategic: true, responseRate: 0.1 },
    openedAt: new Date('2026-09-30T18:45:00Z'),
    // 100 − 15 (budget) = 85. 1 × (20 × 2) × 1 = 40.
    expected: {
      kinds: ['budget'],
      health: 85,
      atRisk: false,
      risk: 'low',
      probability: 'low',
      value: 'high',
      executive: false,
      runway: 'comprehensive',
      effort: 'light',
      priority: 40,
      evidence: [['budget', '“We are reviewing all vendors this quarter.”']],
    },
  },
  {
    name: 'no hard trigger but everything soft at once; mid-size, 59 days left',
    picture: {
      ...calm,
      hateIndex: 30,
      previousHateIndex: 0,
      silentLevels: ['executor', 'manager'],
      topNeverAnswers: true,
      gap: GAP,
      champion: 'left',
      championEvidence: 'Dana Lee (head) reported leaving the company',
      renewalInDays: 59,
    },
    facts: { arr: 35_000, strategic: false, responseRate: 0.5 },
    openedAt: new Date('2026-05-05T05:05:00Z'),
    // 100 − 15 (hate_rising) − 10 (level_silent: a kind costs once, however many levels) − 10 (top_never_answers)
    // − 15 (level_gap) − 25 (champion_lost) − 10 (renewal_near) = 15 → high by health alone. 3 × 35 × 2 = 210.
    expected: {
      kinds: ['champion_lost', 'hate_rising', 'level_gap', 'level_silent', 'renewal_near', 'top_never_answers'],
      health: 15,
      atRisk: true,
      risk: 'high',
      probability: 'medium',
      value: 'medium',
      executive: false,
      runway: 'compressed',
      effort: 'standard',
      priority: 210,
      evidence: [
        ['champion_lost', 'Dana Lee (head) reported leaving the company'],
        ['level_silent', 'executor answered last wave and are silent now; manager answered last wave and are silent now'],
      ],
    },
  },
]

describe('hand-made accounts through assess()', () => {
  it.each(table)('$name', ({ picture, facts, openedAt, expected }) => {
    const a = assess(picture, facts)
    expect(a.signals.map((s) => s.kind).sort()).toEqual(expected.kinds)
    expect({
      health: a.health,
      atRisk: a.atRisk,
      risk: a.risk,
      probability: a.triage.probability.value,
      value: a.triage.value.value,
      executive: a.triage.value.executive,
      runway: a.triage.runway.value,
      effort: a.triage.effort.value,
      priority: a.triage.priority.value,
    }).toEqual({
      health: expected.health,
      atRisk: expected.atRisk,
      risk: expected.risk,
      probability: expected.probability,
      value: expected.value,
      executive: expected.executive,
      runway: expected.runway,
      effort: expected.effort,
      priority: expected.priority,
    })
    for (const [kind, evidence] of expected.evidence ?? []) expect(a.signals).toContainEqual(expect.objectContaining({ kind, evidence }))
    // Every decision explains itself in words.
    for (const part of [a.triage.probability, a.triage.value, a.triage.runway, a.triage.effort, a.triage.priority]) expect(part.reasons.join(' ').length).toBeGreaterThan(0)

    const steps = dueDates(openedAt)
    expect(steps.map((s) => [s.key, s.owner, (s.dueAt.getTime() - openedAt.getTime()) / HOUR])).toEqual([
      ['contact', 'account team', 24],
      ['team', 'service manager', 48],
      ['workaround', 'account team', 72],
      ['rca', 'service manager', 7 * 24],
      ['fix', 'executive sponsor', 30 * 24],
    ])
  })

  it('the table covers every signal, runway bucket, effort, risk level, probability and value tier', () => {
    const covered = (values: string[]) => [...new Set(values)].sort()
    const e = table.map((r) => r.expected)
    expect(covered(e.flatMap((x) => x.kinds))).toEqual([...SIGNAL_KINDS].sort())
    expect(covered(e.map((x) => x.runway))).toEqual(['comprehensive', 'compressed', 'emergency', 'unknown'])
    expect(covered(e.map((x) => x.effort))).toEqual(['full', 'light', 'none', 'standard'])
    expect(covered(e.map((x) => x.risk))).toEqual(['high', 'low', 'medium'])
    expect(covered(e.map((x) => x.probability))).toEqual(['high', 'low', 'medium'])
    expect(covered(e.map((x) => x.value))).toEqual(['high', 'low', 'medium'])
  })

  it('a confidential wave under k still counts the comment but does not quote it', () => {
    const a = assess({ ...calm, answers: [answer(5, 'manager', 'user', 'We plan to cancel the contract.')], quoteComments: false }, { arr: 40_000, strategic: false, responseRate: 0.5 })
    expect(a.signals).toMatchObject([{ kind: 'churn_words', points: 40, evidence: 'a comment says so (confidential wave with too few answers: not quoted)' }])
    expect(a.risk).toBe('high')
    expect(JSON.stringify(a)).not.toContain('cancel the contract')
  })

  it('follows the settings an admin changed', () => {
    const picture = { ...calm, renewalInDays: 40 }
    const facts = { arr: 60_000, strategic: false, responseRate: 0.5 }
    expect([assess(picture, facts).triage.value.value, assess(picture, facts).triage.runway.value]).toEqual(['medium', 'compressed'])
    const settings = { ...TRIAGE_DEFAULTS, highValueArr: 60_000, executiveFromArr: 70_000, emergencyDays: 45 }
    const changed = assess(picture, facts, settings).triage
    expect([changed.value.value, changed.value.executive, changed.runway.value, changed.effort.value]).toEqual(['high', false, 'emergency', 'full'])
  })
})

describe('risk level', () => {
  // A soft (non-trigger) signal costing exactly what takes health to `score`.
  const healthOf = (score: number): Signal[] => [{ kind: 'level_gap', points: 100 - score, evidence: 'x', cases: [] }]

  it('is high below HIGH_RISK_BELOW, medium below MEDIUM_RISK_BELOW, low from there', () => {
    expect(HIGH_RISK_BELOW).toBeLessThan(MEDIUM_RISK_BELOW)
    expect(riskLevel(healthOf(0))).toBe('high')
    expect(riskLevel(healthOf(HIGH_RISK_BELOW - 1))).toBe('high')
    expect(riskLevel(healthOf(HIGH_RISK_BELOW))).toBe('medium')
    expect(riskLevel(healthOf(MEDIUM_RISK_BELOW - 1))).toBe('medium')
    expect(riskLevel(healthOf(MEDIUM_RISK_BELOW))).toBe('low')
    expect(riskLevel([])).toBe('low')
  })

  it('is high with any hard trigger, whatever the health', () => {
    expect(riskLevel([{ kind: 'senior_hate', points: 0, evidence: 'x', cases: [] }])).toBe('high')
    expect(riskLevel([{ kind: 'churn_words', points: 0, evidence: 'x', cases: [] }])).toBe('high')
    expect(riskLevel([{ kind: 'competitor', points: 0, evidence: 'x', cases: [] }])).toBe('low')
  })

  it('health never goes below 0 however many signals pile up', () => {
    const a = assess({ ...calm, answers: [answer(9, 'top', 'buyer', 'We will cancel. We are switching to Globex. Too expensive.')], champion: 'left', gap: GAP, renewalInDays: 10 }, { arr: 1000, strategic: false, responseRate: 0.5 })
    expect(a.health).toBe(0)
    expect(a.risk).toBe('high')
  })
})

describe('priority', () => {
  it('is risk × value (ARR in thousands) × runway, explained', () => {
    expect(priority('medium', { arr: 80_000, strategic: false }, 'compressed')).toEqual({ value: 320, reasons: ['risk 2 × value 80 × runway 2 = 320'] })
    expect(priority('high', { arr: 80_000, strategic: false }, 'emergency').value).toBe(720)
    expect(priority('low', { arr: 80_000, strategic: false }, 'comprehensive').value).toBe(80)
  })

  it('doubles strategic accounts', () => {
    expect(priority('medium', { arr: 80_000, strategic: true }, 'compressed')).toEqual({ value: 640, reasons: ['risk 2 × value 160 × runway 2 = 640'] })
  })

  it('weighs an unknown renewal like a far one, and never lets a tiny account weigh nothing', () => {
    expect(priority('high', { arr: 50_000, strategic: false }, 'unknown').value).toBe(priority('high', { arr: 50_000, strategic: false }, 'comprehensive').value)
    expect(priority('low', { arr: 400, strategic: false }, 'unknown')).toEqual({ value: 1, reasons: ['risk 1 × value 1 × runway 1 = 1'] })
  })

  it('puts an urgent, high-risk mid-size account above a calm big one', () => {
    const urgent = priority('high', { arr: 50_000, strategic: false }, 'emergency').value
    const calmBig = priority('low', { arr: 300_000, strategic: false }, 'comprehensive').value
    expect(urgent).toBeGreaterThan(calmBig)
  })
})

describe('what changed on an open item', () => {
  const facts = { arr: 60_000, strategic: false, responseRate: 0.6 }
  const tom = answer(9, 'top', 'buyer', '', { who: 'Tom Reed' })
  const ann = answer(8, 'head', 'buyer', '', { who: 'Ann Lo' })

  it('is nothing when the signals are the same', () => {
    const a = assess({ ...calm, answers: [tom] }, facts)
    expect(changeOf(a, assess({ ...calm, answers: [tom] }, facts))).toBeNull()
  })

  it('escalates on a second bad answer, which adds its evidence to the hard trigger', () => {
    const before = assess({ ...calm, answers: [tom] }, facts)
    const after = assess({ ...calm, answers: [tom, ann] }, facts)
    const change = changeOf(before, after)
    expect(change?.kind).toBe('escalated')
    expect(change?.added).toMatchObject([{ kind: 'senior_hate', points: 35, evidence: 'Tom Reed (top, buyer) answered 9/10; Ann Lo (head, buyer) answered 8/10' }])
  })

  it('is an update, not an escalation, when one of two senior haters no longer hates us', () => {
    // Next wave: Tom still answers 9, Ann now answers 2. Nothing got worse.
    const before = assess({ ...calm, answers: [tom, ann] }, facts)
    const after = assess({ ...calm, answers: [tom, { ...ann, score: 2 }] }, facts)
    expect([before.health, after.health]).toEqual([65, 65])
    expect(changeOf(before, after)?.kind).toBe('updated')
  })

  it('escalates when health drops, even through a soft signal', () => {
    const before = assess({ ...calm, gap: GAP }, facts)
    const after = assess({ ...calm, gap: GAP, silentLevels: ['manager'] }, facts)
    expect([before.health, after.health]).toEqual([85, 75])
    expect(changeOf(before, after)).toMatchObject({ kind: 'escalated', added: [{ kind: 'level_silent', points: 10, evidence: 'manager answered last wave and are silent now' }], removed: [] })
  })

  it('escalates when the champion leaves, even if health does not drop', () => {
    // 15 (level_gap) + 10 (level_silent) go away, 25 (champion_lost) comes: health stays 75.
    const before = assess({ ...calm, gap: GAP, silentLevels: ['head'] }, facts)
    const after = assess({ ...calm, champion: 'left', championEvidence: 'Dana Lee left the company' }, facts)
    expect([before.health, after.health]).toEqual([75, 75])
    expect(changeOf(before, after)?.kind).toBe('escalated')
  })

  it('escalates when a hard trigger arrives, even if health does not drop', () => {
    // 25 (champion_lost) + 10 (level_silent) go away, 35 (senior_hate) comes: health stays 65.
    const before = assess({ ...calm, champion: 'left', silentLevels: ['head'] }, facts)
    const after = assess({ ...calm, answers: [tom] }, facts)
    expect([before.health, after.health]).toEqual([65, 65])
    expect(changeOf(before, after)?.kind).toBe('escalated')
  })

  it('is an update when a signal goes away or is replaced by no worse one', () => {
    const before = assess({ ...calm, answers: [tom], gap: GAP }, facts)
    const after = assess({ ...calm, answers: [tom] }, facts)
    const change = changeOf(before, after)
    expect(change).toMatchObject({ kind: 'updated', added: [], removed: [{ kind: 'level_gap', points: 15, evidence: GAP.sentence }] })
    // budget (15) gives way to a level gap (15): different, not worse.
    const budget = assess({ ...calm, answers: [answer(5, 'manager', 'user', 'We must cut costs.')] }, facts)
    expect(changeOf(budget, assess({ ...calm, gap: GAP }, facts))?.kind).toBe('updated')
  })

  it('identifies a signal by what it is about, not by its sentence: a reworded figure is no change', () => {
    const rising = (hi: number) => assess({ ...calm, previousHateIndex: 10, hateIndex: hi }, facts)
    // "Hate Index 10 → 40" becoming "10 → 41": the same case, a little worse, below WORSE_BY.
    expect(rising(41).signals[0].evidence).not.toBe(rising(40).signals[0].evidence)
    expect(changeOf(rising(40), rising(41))).toBeNull()
    expect(isNewTrouble(rising(40), rising(41))).toBe(false)
    // Worse by the stated amount is new trouble.
    expect(isNewTrouble(rising(40), rising(40 + WORSE_BY.hate_rising!))).toBe(true)
    // The same person rewording their comment is the same case: no escalation, no reopening.
    const said = (comment: string) => assess({ ...calm, answers: [answer(5, 'manager', 'user', comment, { who: 'Ann Lo' })] }, facts)
    expect(changeOf(said('We will cancel.'), said('We will cancel the contract.'))).toBeNull()
    expect(isNewTrouble(said('We will cancel.'), said('We will cancel the contract.'))).toBe(false)
    // A senior person's score getting worse by WORSE_BY (9 → 10) is worse; 9 → 8 is not.
    expect(changeOf(assess({ ...calm, answers: [tom] }, facts), assess({ ...calm, answers: [{ ...tom, score: 10 }] }, facts))?.kind).toBe('escalated')
    expect(isNewTrouble(assess({ ...calm, answers: [tom] }, facts), assess({ ...calm, answers: [{ ...tom, score: 8 }] }, facts))).toBe(false)
    const after = assess({ ...calm, answers: [tom] }, facts)
    // Another person is a new case, however it is worded.
    expect(changeOf(after, assess({ ...calm, answers: [tom, ann] }, facts))?.kind).toBe('escalated')
  })

  it('counts unattributed answers of a confidential wave as one case that can grow', () => {
    const conf = (n: number) => assess({ ...calm, answers: Array.from({ length: n }, () => answer(9, 'top', 'buyer')) }, facts)
    expect(conf(2).signals[0].evidence).toBe('2 senior stakeholders or buyers answered 7 or higher (confidential wave: not attributed)')
    expect(changeOf(conf(1), conf(2))?.kind).toBe('escalated')
    expect(changeOf(conf(2), conf(2))).toBeNull()
  })

  it('describes the change in words, one line per signal', () => {
    const before = assess({ ...calm, gap: GAP }, facts)
    const after = assess({ ...calm, answers: [tom], champion: 'left', championEvidence: 'Dana Lee left the company' }, facts)
    const change = changeOf(before, after)
    expect(change).not.toBeNull()
    expect(describeChange(change!)).toBe(
      ['+ High hate from a buyer or senior person: Tom Reed (top, buyer) answered 9/10', '+ Champion lost: Dana Lee left the company', `− Level gap: ${GAP.sentence}`].join('\n'),
    )
  })
})

describe('draft messages', () => {
  const openedAt = new Date('2026-03-01T09:00:00Z')
  const input: DraftInput = {
    accountName: 'Acme',
    concerns: ['Support never answers.', 'Too expensive for what we get.'],
    actions: dueDates(openedAt).map((s) => ({ title: s.title, owner: s.owner, dueAt: s.dueAt })),
    senderName: 'Mia Hart',
    topNeverAnswers: false,
    effort: 'full',
    openProblems: [],
  }

  it('opens honestly, quotes each concern in their words, lists actions with owner and date, asks for commitment', () => {
    const list = drafts(input)
    expect(list.map((d) => d.kind)).toEqual(['open'])
    const { subject, body } = list[0]
    expect(subject).toContain('Acme')
    expect(body).toContain('  – “Support never answers.”')
    expect(body).toContain('  – “Too expensive for what we get.”')
    const dated = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-08', '2026-03-31']
    input.actions.forEach((a, i) => expect(body).toContain(`  – ${a.title} — ${a.owner}, by ${dated[i]}`))
    expect(body).toMatch(/Best regards,\nMia Hart$/)
    // The conversation order of SPEC "Suggested responses".
    const at = (text: string) => body.indexOf(text)
    const order = [at('I am sorry'), at('I would like to listen'), at('in their words'), at('Support never answers'), at('who owns it and by when'), at('Could you confirm')]
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })

  it('asks for their words when there is no comment yet', () => {
    expect(drafts({ ...input, concerns: [] })[0].body).toContain('(no comment yet: ask what has gone wrong, in their words)')
  })

  it('adds a service report for top management only when they never answer', () => {
    const withReport = drafts({ ...input, topNeverAnswers: true, openProblems: ['renewal in 20 days', 'Hate Index 10 → 40'] })
    expect(withReport.map((d) => d.kind)).toEqual(['open', 'service_report'])
    const report = withReport[1].body
    expect(report).toContain('  – “Support never answers.”')
    expect(report).toContain(`  – ${input.actions[0].title} — account team, by 2026-03-02`)
    expect(report).toContain('Open problems:\n  – renewal in 20 days\n  – Hate Index 10 → 40')
    expect(drafts({ ...input, topNeverAnswers: true })[1].body).toContain('Open problems:\n  – none beyond the above')
  })

  it.each([
    ['full', ['open']],
    ['standard', ['open']],
    ['light', ['open', 'exit']],
    ['none', ['open', 'exit']],
  ] as const)('effort %s → drafts %j', (effort, kinds) => {
    expect(drafts({ ...input, effort }).map((d) => d.kind)).toEqual(kinds)
  })

  it('the graceful exit offers the data export and hand-over and promises the win-back check-ins', () => {
    const exit = drafts({ ...input, effort: 'none' }).find((d) => d.kind === 'exit')
    expect(exit?.body).toContain('a full export of your data')
    expect(exit?.body).toContain('a hand-over session')
    expect(exit?.body).toContain('3, 6 and 12 months')
    expect(exit?.body).toMatch(/Mia Hart$/)
  })
})

describe('after the outcome', () => {
  const closedAt = new Date('2026-05-15T10:00:00Z')
  const iso = (list: { at: Date }[]) => list.map((f) => f.at.toISOString().slice(0, 10))

  it('a loss gets win-back check-ins at 3, 6 and 12 months', () => {
    const list = followUps('churned', closedAt)
    expect(list.map((f) => f.title)).toEqual(['Win-back check-in (3 months)', 'Win-back check-in (6 months)', 'Win-back check-in (12 months)'])
    expect(iso(list)).toEqual(['2026-08-15', '2026-11-15', '2027-05-15'])
  })

  it('a save gets a monthly pulse for 6 months', () => {
    const list = followUps('saved', closedAt)
    expect(list.map((f) => f.title)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Monthly pulse ${n} of 6`))
    expect(iso(list)).toEqual(['2026-06-15', '2026-07-15', '2026-08-15', '2026-09-15', '2026-10-15', '2026-11-15'])
  })

  it('stays monthly from the end of a month: no month skipped, none doubled', () => {
    // NOTE: from 31 January, "one month later" must still fall in February (SPEC: a monthly pulse).
    const months = (list: { at: Date }[]) => list.map((f) => f.at.toISOString().slice(0, 7))
    expect(months(followUps('saved', new Date('2026-01-31T10:00:00Z')))).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'])
    expect(months(followUps('churned', new Date('2026-11-30T10:00:00Z')))).toEqual(['2027-02', '2027-05', '2027-11'])
  })

  it('a dismissed item gets none', () => {
    expect(followUps('dismissed', closedAt)).toEqual([])
  })
})

describe('save metrics', () => {
  const item = (status: ClosedItem['status'], openedAt: string, days: number | null, arr: number, effort: ClosedItem['effort']): ClosedItem => {
    const opened = new Date(`${openedAt}T09:00:00Z`)
    return { status, openedAt: opened, closedAt: days === null ? null : new Date(opened.getTime() + days * DAY), arr, effort }
  }
  const items: ClosedItem[] = [
    item('saved', '2026-01-01', 10, 100_000, 'full'),
    item('saved', '2026-02-01', 30, 30_000, 'light'),
    item('saved', '2026-03-01', 20, 50_000, 'standard'),
    item('churned', '2026-01-10', 40, 40_000, 'light'),
    item('churned', '2026-01-15', 5, 20_000, 'none'),
    item('dismissed', '2026-02-10', 1, 5_000, 'none'),
    item('open', '2026-04-01', null, 70_000, 'full'),
  ]

  it('counts attempts, successes, time to save, revenue and post-save retention', () => {
    // 6 closed, 4 of them fought for (effort not none); 3 saved of 5 decided; days to save 10, 20, 30.
    expect(saveMetrics(items, { saved: 4, renewed: 3 })).toEqual({
      open: 1,
      closed: 6,
      attemptRate: 4 / 6,
      successRate: 0.6,
      successNote: '50–60% is strong',
      medianDaysToSave: 20,
      revenueSaved: 180_000,
      revenueLost: 60_000,
      postSaveRetention: 0.75,
    })
  })

  it('warns above 70% success, and not at exactly 70% or below 50%', () => {
    const outcomes = (saved: number, churned: number) => [
      ...Array.from({ length: saved }, () => item('saved', '2026-01-01', 10, 10_000, 'standard')),
      ...Array.from({ length: churned }, () => item('churned', '2026-01-01', 10, 10_000, 'standard')),
    ]
    expect(saveMetrics(outcomes(3, 1), { saved: 0, renewed: 0 }).successNote).toBe('above 70%: effort may be going to accounts that would have renewed anyway')
    expect(saveMetrics(outcomes(7, 3), { saved: 0, renewed: 0 }).successNote ?? '').not.toMatch(/above 70%/)
    expect(saveMetrics(outcomes(1, 1), { saved: 0, renewed: 0 }).successNote).toBe('50–60% is strong')
    expect(saveMetrics(outcomes(1, 2), { saved: 0, renewed: 0 }).successNote).toBeNull()
  })

  it('says nothing rather than 0% when there is nothing to measure', () => {
    expect(saveMetrics([item('open', '2026-04-01', null, 70_000, 'full')], { saved: 0, renewed: 0 })).toEqual({
      open: 1,
      closed: 0,
      attemptRate: null,
      successRate: null,
      successNote: null,
      medianDaysToSave: null,
      revenueSaved: 0,
      revenueLost: 0,
      postSaveRetention: null,
    })
  })
})

describe('was the loss a surprise?', () => {
  const lostAt = new Date('2026-10-31T12:00:00Z')

  it('yes, when the queue never flagged the account before the loss', () => {
    const never = { surprise: true, daysWarning: null, sentence: 'Yes: the queue never flagged this account before it was lost.' }
    expect(surprise([], lostAt)).toEqual(never)
    expect(surprise([new Date(lostAt.getTime() + 2 * DAY)], lostAt)).toEqual(never)
  })

  it('no, counted from the first flag before the loss', () => {
    const flags = [new Date(lostAt.getTime() - 10 * DAY), new Date(lostAt.getTime() - 40 * DAY - 6 * HOUR), new Date(lostAt.getTime() + DAY)]
    expect(surprise(flags, lostAt)).toEqual({ surprise: false, daysWarning: 40, sentence: 'No: the queue first flagged it 40 days before the loss.' })
  })
})

describe('the no-discount warning', () => {
  const WARNING = 'No signal says the problem is price: a discount will not fix it. Fix the service first.'
  const signalsOf = (comment: string, locale: 'en' | 'ru' = 'en') => accountSignals({ ...calm, answers: [answer(8, 'manager', 'user', comment, { locale })] })

  it('warns when no signal and no category says price, even when they look at competitors', () => {
    expect(priceWarning(signalsOf('Support never answers.'), ['support', null])).toBe(WARNING)
    expect(priceWarning(signalsOf('We are switching to Globex.'), ['product'])).toBe(WARNING)
    expect(priceWarning([], [])).toBe(WARNING)
  })

  it('does not warn when a budget signal (in any language) or a pricing category says price', () => {
    expect(priceWarning(signalsOf('We have to cut costs.'), [null])).toBeNull()
    expect(priceWarning(signalsOf('Слишком дорого для нас.', 'ru'), [])).toBeNull()
    expect(priceWarning(signalsOf('Support never answers.'), ['support', 'pricing'])).toBeNull()
  })
})

describe('approval limits', () => {
  it.each([
    ['account_team', null, 5],
    ['service_manager', null, 15],
    ['admin', null, Number.POSITIVE_INFINITY],
    ['service_manager', 25, 25],
    ['account_team', 25, 25],
    ['account_team', 0, 0],
    ['admin', 30, 30],
  ] as const)('%s with own limit %s may approve up to %s percent, not more', (role, own, limit) => {
    const user = { role, approvalLimit: own }
    expect(approvalLimit(user)).toBe(limit)
    if (Number.isFinite(limit)) {
      expect(canApprove(user, limit)).toBe(true)
      expect(canApprove(user, limit + 1)).toBe(false)
    } else {
      expect(canApprove(user, 100)).toBe(true)
    }
  })

  it('a proposer above their own limit may withdraw but not approve; someone whose limit covers it may approve', () => {
    const concession = { percent: 20, proposedById: 1 }
    const proposer = { id: 1, role: 'account_team' as const, approvalLimit: null }
    const manager = { id: 2, role: 'service_manager' as const, approvalLimit: null }
    const director = { id: 3, role: 'service_manager' as const, approvalLimit: 25 }
    expect(canDecide(proposer, concession, 'approved')).toBe(false)
    expect(canDecide(proposer, concession, 'rejected')).toBe(true)
    expect(canDecide(manager, concession, 'approved')).toBe(false)
    expect(canDecide(manager, concession, 'rejected')).toBe(false)
    expect(canDecide(director, concession, 'approved')).toBe(true)
  })
})
