/* The champion log read as pure functions: status, pending events and their
   resolution, timeline order, cooling, successor ranking with its explanation, and
   the timeline's wording. */
import { describe, expect, it } from 'vitest'
import {
  championEvidence,
  championSignal,
  championState,
  coolingByScore,
  COOLING_SCORE_DROP,
  describeEvent,
  pendingEvents,
  rankSuccessors,
  resolutionOf,
  timeline,
  type Candidate,
  type ChampionEvent,
  type ConfirmedChampionStatus,
} from '#app/domain/champions'
import { CHAMPION_EVENT_KINDS, CHAMPION_STATUSES, type ChampionEventKind, type ChampionReason } from '#app/domain/vocabulary'

const T0 = Date.UTC(2025, 0, 1)
let nextId = 0

/** One event of the log; ids and times grow in the order events are made. */
function ev(kind: ChampionEventKind, fields: Partial<ChampionEvent> = {}): ChampionEvent {
  const id = ++nextId
  return { id, kind, reason: null, fromStakeholderId: null, toStakeholderId: null, pending: false, refersTo: null, createdAt: new Date(T0 + id * 60_000), ...fields }
}
const designated = (to: number) => ev('designated', { toStakeholderId: to })
const replaced = (from: number, to: number) => ev('replaced', { fromStakeholderId: from, toStakeholderId: to, reason: 'replaced' })
const detected = (kind: 'left' | 'at_risk' | 'possibly_left' | 'cooling' | 'successor_suggested', from: number) => ev(kind, { fromStakeholderId: from, pending: true })
const confirmed = (e: ChampionEvent) => ev('confirmed', { refersTo: e.id, fromStakeholderId: e.fromStakeholderId })
const dismissed = (e: ChampionEvent) => ev('dismissed', { refersTo: e.id, fromStakeholderId: e.fromStakeholderId })
const removed = (from: number, reason: ChampionReason | null) => ev('removed', { fromStakeholderId: from, reason })

describe('pendingEvents and resolutionOf', () => {
  it('a detected event is pending until a confirmation or dismissal refers to it; manual events never are', () => {
    const d = designated(1)
    const left = detected('left', 1)
    const bounce = detected('at_risk', 1)
    const cooling = detected('cooling', 1)
    const log = [d, left, bounce, cooling]
    expect(pendingEvents(log).map((e) => e.id)).toEqual([left.id, bounce.id, cooling.id])
    expect(resolutionOf(log, left.id)).toBeNull()

    const yes = confirmed(left)
    const no = dismissed(bounce)
    const later = [...log, yes, no]
    expect(pendingEvents(later).map((e) => e.id)).toEqual([cooling.id])
    expect(resolutionOf(later, left.id)).toBe('confirmed')
    expect(resolutionOf(later, bounce.id)).toBe('dismissed')
    expect(resolutionOf(later, cooling.id)).toBeNull()
    // Manual events, confirmations and dismissals are never awaiting anyone.
    expect(pendingEvents([d, removed(1, 'changed_role'), replaced(1, 2)])).toEqual([])
    expect(resolutionOf(later, d.id)).toBeNull()
  })

  it('keeps the caller’s order and objects (and extra fields)', () => {
    const a = { ...detected('possibly_left', 3), note: 'x' }
    const b = { ...detected('at_risk', 3), note: 'y' }
    const out = pendingEvents([b, a])
    expect(out).toEqual([b, a])
    expect(out[0]).toBe(b)
  })
})

describe('timeline', () => {
  it('is oldest first, ties broken by id (the order things were written), without changing its input', () => {
    const same = new Date(T0 + 5_000)
    const e3 = { ...ev('designated'), id: 30, createdAt: same }
    const e1 = { ...ev('left'), id: 10, createdAt: same }
    const e2 = { ...ev('confirmed'), id: 20, createdAt: new Date(T0 + 10_000) }
    const e0 = { ...ev('designated'), id: 40, createdAt: new Date(T0) }
    const input = [e2, e3, e1, e0]
    expect(timeline(input).map((e) => e.id)).toEqual([40, 10, 30, 20])
    expect(input.map((e) => e.id)).toEqual([20, 30, 10, 40])
  })
})

describe('championState: the status from confirmed history, pending events a separate fact', () => {
  const cases: [string, () => { log: ChampionEvent[]; current: number | null }, ConfirmedChampionStatus, number][] = [
    ['no log, nobody: none', () => ({ log: [], current: null }), 'none', 0],
    ['designated and still there: active', () => ({ log: [designated(1)], current: 1 }), 'active', 0],
    ['a pending bounce: still active, one event pending', () => ({ log: [designated(1), detected('at_risk', 1)], current: 1 }), 'active', 1],
    [
      'a confirmed leaving stays left while something else is pending',
      () => {
        const d = designated(1)
        const l = detected('left', 1)
        return { log: [d, l, confirmed(l), detected('successor_suggested', 2)], current: null }
      },
      'left',
      1,
    ],
    [
      'left confirmed, nobody since: left',
      () => {
        const d = designated(1)
        const l = detected('left', 1)
        return { log: [d, l, confirmed(l)], current: null }
      },
      'left',
      0,
    ],
    [
      'bounce confirmed, nobody since: left',
      () => {
        const d = designated(1)
        const b = detected('at_risk', 1)
        return { log: [d, b, confirmed(b)], current: null }
      },
      'left',
      0,
    ],
    [
      'possibly left confirmed: left',
      () => {
        const d = designated(1)
        const p = detected('possibly_left', 1)
        return { log: [d, p, confirmed(p)], current: null }
      },
      'left',
      0,
    ],
    ['removed because they left the company: left', () => ({ log: [designated(1), removed(1, 'left_company')], current: null }), 'left', 0],
    ['removed because the email bounced: left', () => ({ log: [designated(1), removed(1, 'bounced')], current: null }), 'left', 0],
    ['removed because they changed role: left (a lost champion)', () => ({ log: [designated(1), removed(1, 'changed_role')], current: null }), 'left', 0],
    ['the flag taken off without a reason: none', () => ({ log: [designated(1), removed(1, null)], current: null }), 'none', 0],
    [
      'left dismissed, still champion: active',
      () => {
        const d = designated(1)
        const l = detected('left', 1)
        return { log: [d, l, dismissed(l)], current: 1 }
      },
      'active',
      0,
    ],
    [
      'cooling confirmed: cooling',
      () => {
        const d = designated(1)
        const c = detected('cooling', 1)
        return { log: [d, c, confirmed(c)], current: 1 }
      },
      'cooling',
      0,
    ],
    [
      'cooling dismissed: active',
      () => {
        const d = designated(1)
        const c = detected('cooling', 1)
        return { log: [d, c, dismissed(c)], current: 1 }
      },
      'active',
      0,
    ],
    [
      'a cooling champion replaced by someone new: active',
      () => {
        const d = designated(1)
        const c = detected('cooling', 1)
        return { log: [d, c, confirmed(c), replaced(1, 2)], current: 2 }
      },
      'active',
      0,
    ],
    [
      'a champion who left, then a new one designated: active',
      () => {
        const d = designated(1)
        const l = detected('left', 1)
        return { log: [d, l, confirmed(l), designated(2)], current: 2 }
      },
      'active',
      0,
    ],
    [
      'a leaving before the last designation does not count once that one is untagged without a reason',
      () => {
        const d = designated(1)
        const l = detected('left', 1)
        return { log: [d, l, confirmed(l), designated(2), removed(2, null)], current: null }
      },
      'none',
      0,
    ],
  ]
  it.each(cases)('%s', (_name, make, expected, pending) => {
    const { log, current } = make()
    expect(championState(log, current).status).toBe(expected)
    expect(championState(log, current).pending).toHaveLength(pending)
    // Order of the array does not matter: the log is read by time.
    expect(championState([...log].reverse(), current).status).toBe(expected)
  })

  it('covers every confirmed status', () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(CHAMPION_STATUSES.filter((s) => s !== 'unconfirmed')))
  })
})

describe('championSignal: what the at-risk queue counts, and the facts behind it', () => {
  it('a confirmed departure is lost whatever else is pending (a non-champion’s "I have left")', () => {
    const d = designated(1)
    const l = detected('left', 1)
    const ok = confirmed(l)
    const other = detected('left', 2)
    const s = championSignal([d, l, ok, other], null)
    expect(s).toMatchObject({ signal: 'left', status: 'left', cause: { kind: 'left', personId: 1, awaitingConfirmation: false } })
    expect(s.pending.map((e) => e.id)).toEqual([other.id])
  })

  it('a role change is a lost champion', () => {
    expect(championSignal([designated(1), removed(1, 'changed_role')], null)).toMatchObject({ signal: 'left', cause: { kind: 'removed', reason: 'changed_role', personId: 1, awaitingConfirmation: false } })
  })

  it('the current champion’s pending departure already counts as lost, awaiting confirmation; someone else’s does not', () => {
    for (const kind of ['left', 'at_risk', 'possibly_left'] as const) {
      const e = detected(kind, 1)
      expect(championSignal([designated(1), e], 1), kind).toMatchObject({ signal: 'left', status: 'active', cause: { kind, personId: 1, awaitingConfirmation: true } })
    }
    expect(championSignal([designated(1), detected('left', 2)], 1)).toMatchObject({ signal: 'active', status: 'active', cause: null })
    expect(championSignal([detected('left', 2)], null)).toMatchObject({ signal: 'none', status: 'none', cause: null })
  })

  it('cooling: confirmed, or the current champion’s pending cooling; a departure outranks it', () => {
    const c = detected('cooling', 1)
    expect(championSignal([designated(1), c, confirmed(c)], 1)).toMatchObject({ signal: 'cooling', cause: { kind: 'cooling', awaitingConfirmation: false } })
    expect(championSignal([designated(1), detected('cooling', 1)], 1)).toMatchObject({ signal: 'cooling', cause: { kind: 'cooling', awaitingConfirmation: true } })
    // A stale cooling of a former champion is not the new champion cooling.
    expect(championSignal([designated(1), detected('cooling', 1), replaced(1, 2)], 2)).toMatchObject({ signal: 'active' })
    const c2 = detected('cooling', 1)
    expect(championSignal([designated(1), c2, confirmed(c2), detected('at_risk', 1)], 1)).toMatchObject({ signal: 'left', status: 'cooling', cause: { kind: 'at_risk', awaitingConfirmation: true } })
  })

  it('evidence in words, with the name when known', () => {
    const d = designated(1)
    const l = { ...detected('left', 1), fromName: 'Dana Lee', note: '' }
    expect(championEvidence(championSignal([d, l], 1))).toBe('Dana Lee reported leaving the company (awaiting confirmation)')
    expect(championEvidence(championSignal([d, l, confirmed(l)], null))).toBe('Dana Lee left the company (confirmed)')
    expect(championEvidence(championSignal([d, { ...removed(1, 'changed_role'), fromName: 'Dana Lee', note: '' }], null))).toBe('Dana Lee is no longer our champion: changed role')
    const c = { ...detected('cooling', 1), fromName: null, note: 'Their score went from 1 to 5.' }
    expect(championEvidence(championSignal([d, c], 1))).toBe('our champion is cooling: Their score went from 1 to 5. (awaiting confirmation)')
    expect(championEvidence(championSignal([d], 1))).toBeUndefined()
  })
})

describe('cooling', () => {
  it('by score: a rise of 3 or more against the previous answer (2 is not enough; an improvement never is)', () => {
    expect(COOLING_SCORE_DROP).toBe(3)
    expect(coolingByScore(1, 3)).toBe(false)
    expect(coolingByScore(1, 4)).toBe(true)
    expect(coolingByScore(2, 5)).toBe(true)
    expect(coolingByScore(0, 10)).toBe(true)
    expect(coolingByScore(4, 4)).toBe(false)
    expect(coolingByScore(8, 2)).toBe(false)
    expect(coolingByScore(7, 9)).toBe(false)
    expect(coolingByScore(7, 10)).toBe(true)
    // No previous answer: nothing to compare with.
    expect(coolingByScore(null, 10)).toBe(false)
  })
})

describe('rankSuccessors on a hand-made account', () => {
  const person = (c: Partial<Candidate> & Pick<Candidate, 'id' | 'name' | 'level'>): Candidate => ({
    role: 'user',
    status: 'active',
    latestScore: null,
    answeredRecently: false,
    namedAsSuccessor: false,
    ...c,
  })
  // Bright Aurora: the champion left. Who should we talk to now?
  const account: Candidate[] = [
    person({ id: 1, name: 'Tina Top', level: 'top', role: 'buyer' }), // the top buyer, never answered
    person({ id: 2, name: 'Hugo Head', level: 'head', role: 'user', latestScore: 1, answeredRecently: true, namedAsSuccessor: true }),
    person({ id: 3, name: 'Mona Manager', level: 'manager', role: 'both', latestScore: 8, answeredRecently: true }), // hates us
    person({ id: 4, name: 'Lars Left', level: 'top', role: 'buyer', status: 'left', latestScore: 0, answeredRecently: true }),
    person({ id: 5, name: 'Eddie Exec', level: 'executor', role: 'user', latestScore: 3, answeredRecently: true }),
    person({ id: 6, name: 'Bea Bounced', level: 'head', role: 'both', status: 'bounced' }),
    person({ id: 7, name: 'Ulla Unsub', level: 'top', role: 'both', status: 'unsubscribed' }),
    person({ id: 8, name: 'Nina Neutral', level: 'manager', role: 'user', latestScore: 5, answeredRecently: false }),
  ]

  it('ranks the active people best first, with the points and every reason in words', () => {
    const ranked = rankSuccessors(account)
    expect(ranked.map((c) => [c.name, c.points, c.reasons])).toEqual([
      ['Hugo Head', 80, ['department head (+30)', 'named as successor by the champion (+25)', 'answered recently (+10)', 'low hate: 1/10 (+15)']],
      ['Tina Top', 55, ['top management (+40)', 'holds the budget (+15)']],
      ['Mona Manager', 30, ['team lead (+20)', 'buys and uses (+15)', 'answered recently (+10)', 'high hate: 8/10 (−15)']],
      ['Eddie Exec', 28, ['hands-on user (+10)', 'answered recently (+10)', 'low hate: 3/10 (+8)']],
      ['Nina Neutral', 20, ['team lead (+20)']],
    ])
    // Nobody who left, bounced or unsubscribed is a candidate.
    expect(ranked.map((c) => c.id)).not.toContain(4)
    expect(ranked.map((c) => c.id)).not.toContain(6)
    expect(ranked.map((c) => c.id)).not.toContain(7)
    // The input is left as it was.
    expect(account[0]).not.toHaveProperty('points')
  })

  it('low and high hate edges: 1 and below +15, 2–3 +8, 4–6 nothing, 7 and above −15', () => {
    const scored = (latestScore: number) => rankSuccessors([person({ id: 1, name: 'X', level: 'executor', latestScore })])[0]
    expect(scored(0).reasons).toContain('low hate: 0/10 (+15)')
    expect(scored(1).points).toBe(25)
    expect(scored(2).reasons).toContain('low hate: 2/10 (+8)')
    expect(scored(3).points).toBe(18)
    expect(scored(4).reasons).toEqual(['hands-on user (+10)'])
    expect(scored(6).points).toBe(10)
    expect(scored(7).reasons).toContain('high hate: 7/10 (−15)')
    expect(scored(10).points).toBe(-5)
  })

  it('equal points are ordered by name', () => {
    const ranked = rankSuccessors([
      person({ id: 1, name: 'Zoe', level: 'head' }),
      person({ id: 2, name: 'Adam', level: 'head' }),
      person({ id: 3, name: 'Mia', level: 'head' }),
    ])
    expect(ranked.map((c) => c.name)).toEqual(['Adam', 'Mia', 'Zoe'])
  })

  it('nobody active: no candidates', () => {
    expect(rankSuccessors([person({ id: 1, name: 'Gone', level: 'top', status: 'left' })])).toEqual([])
    expect(rankSuccessors([])).toEqual([])
  })
})

describe('describeEvent', () => {
  const base = { reason: null, source: 'manual' as const, fromName: 'Ann Old', toName: 'Bob New', suggestedName: null, suggestedEmail: null, note: '', by: 'Alex Admin' }
  it.each<[string, Parameters<typeof describeEvent>[0], string]>([
    ['designated', { ...base, kind: 'designated' }, 'Bob New became the champion (set by staff: Alex Admin)'],
    ['designated from an import', { ...base, kind: 'designated', source: 'import', by: null }, 'Bob New became the champion (learned from a stakeholder import)'],
    ['replaced', { ...base, kind: 'replaced', reason: 'replaced' }, 'Bob New replaced Ann Old as champion (set by staff: Alex Admin)'],
    ['replaced after leaving', { ...base, kind: 'replaced', reason: 'left_company', source: 'respondent', by: null }, 'Bob New replaced Ann Old as champion — left the company (the respondent said so)'],
    ['removed, role change', { ...base, kind: 'removed', reason: 'changed_role' }, 'Ann Old is no longer the champion — changed role (set by staff: Alex Admin)'],
    ['removed, no reason', { ...base, kind: 'removed', by: null }, 'Ann Old is no longer the champion (set by staff)'],
    ['removed, cooled', { ...base, kind: 'removed', reason: 'cooled' }, 'Ann Old is no longer the champion — cooled (set by staff: Alex Admin)'],
    ['removed, bounced', { ...base, kind: 'removed', reason: 'bounced' }, 'Ann Old is no longer the champion — email bounced (set by staff: Alex Admin)'],
    ['left', { ...base, kind: 'left', reason: 'left_company', source: 'respondent', by: null }, 'Ann Old says they have left the company (the respondent said so)'],
    ['at_risk', { ...base, kind: 'at_risk', reason: 'bounced', source: 'bounce', by: null }, "Champion at risk: Ann Old's email bounced (learned from a bounce)"],
    ['possibly_left', { ...base, kind: 'possibly_left', source: 'import', by: null }, 'Ann Old possibly left: a re-import no longer lists the champion (learned from a stakeholder import)'],
    [
      'successor_suggested',
      { ...base, kind: 'successor_suggested', source: 'respondent', by: null, suggestedName: 'Sam Next', suggestedEmail: 'sam@next.test' },
      'Ann Old suggests Sam Next <sam@next.test> should answer instead (the respondent said so)',
    ],
    ['cooling', { ...base, kind: 'cooling', source: 'survey_pattern', by: null, note: 'Their score went from 1 to 5.' }, 'Ann Old is cooling: Their score went from 1 to 5. (seen in the survey answers)'],
    ['confirmed', { ...base, kind: 'confirmed' }, 'Confirmed by Alex Admin'],
    ['confirmed, by nobody on file', { ...base, kind: 'confirmed', by: null }, 'Confirmed'],
    ['dismissed', { ...base, kind: 'dismissed' }, 'Dismissed by Alex Admin'],
    ['a person no longer on file', { ...base, kind: 'left', fromName: null, source: 'respondent', by: null }, 'someone no longer on file says they have left the company (the respondent said so)'],
  ])('%s', (_name, e, text) => {
    expect(describeEvent(e)).toBe(text)
  })

  it('every kind has words', () => {
    for (const kind of CHAMPION_EVENT_KINDS) expect(describeEvent({ ...base, kind }).length, kind).toBeGreaterThan(5)
  })
})
