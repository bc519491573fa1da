/* The at-risk queue's rules (SPEC "Triage", "Suggested responses", "Outcomes and
   learning"; issue 6): from an account's picture to an assessed item (signals, health,
   risk, triage, priority), what changed since the last assessment, the draft messages,
   and the learning figures. Pure; app/services/queue.server.ts does the I/O. */
import { AT_RISK_BELOW, health, isAtRisk, accountSignals, HARD_TRIGGERS, WORSE_BY, type AccountPicture, type Signal, type SignalCase, type SignalKind } from './signals'
import { effort, runway, saveProbability, TRIAGE_DEFAULTS, valueTier, type Probability, type Reasoned, type Runway, type TriageSettings, type ValueTier } from './triage'
import type { Effort, RiskLevel } from './vocabulary'

/** Health below HIGH_RISK_BELOW (or any hard trigger) is high risk; below MEDIUM_RISK_BELOW
    (where an account enters the queue) medium; low is an open item whose account recovered. */
export const HIGH_RISK_BELOW = 25
export const MEDIUM_RISK_BELOW = AT_RISK_BELOW

export function riskLevel(signals: readonly Signal[]): RiskLevel {
  const score = health(signals).score
  if (score < HIGH_RISK_BELOW || signals.some((s) => HARD_TRIGGERS.has(s.kind))) return 'high'
  return score < MEDIUM_RISK_BELOW ? 'medium' : 'low'
}

export type Triage = {
  probability: Reasoned<Probability>
  value: Reasoned<ValueTier> & { executive: boolean }
  runway: Reasoned<Runway>
  effort: Reasoned<Effort>
  priority: { value: number; reasons: string[] }
}

const RISK_WEIGHT: Record<RiskLevel, number> = { low: 1, medium: 2, high: 3 }
const RUNWAY_WEIGHT: Record<Runway, number> = { emergency: 3, compressed: 2, comprehensive: 1, unknown: 1 }
/** Strategic accounts count double in the sort, whatever their ARR. */
const STRATEGIC_WEIGHT = 2

/** The queue's sort key: risk × value (ARR in thousands, strategic doubled) × runway, explained. */
export function priority(risk: RiskLevel, account: { arr: number; strategic: boolean }, runwayBucket: Runway): { value: number; reasons: string[] } {
  const value = Math.max(1, Math.round(account.arr / 1000)) * (account.strategic ? STRATEGIC_WEIGHT : 1)
  const total = RISK_WEIGHT[risk] * value * RUNWAY_WEIGHT[runwayBucket]
  return { value: total, reasons: [`risk ${RISK_WEIGHT[risk]} × value ${value} × runway ${RUNWAY_WEIGHT[runwayBucket]} = ${total}`] }
}

export type AccountFacts = { arr: number; strategic: boolean; responseRate: number | null }

export type Assessment = {
  signals: Signal[]
  health: number
  atRisk: boolean
  risk: RiskLevel
  triage: Triage
}

/** Everything the queue knows about one account, from its picture and facts. */
export function assess(picture: AccountPicture, facts: AccountFacts, settings: TriageSettings = TRIAGE_DEFAULTS): Assessment {
  const signals = accountSignals(picture)
  const risk = riskLevel(signals)
  const probability = saveProbability(signals, { responseRate: facts.responseRate, championInPlace: picture.champion === 'active' })
  const value = valueTier(facts, settings)
  const run = runway(picture.renewalInDays, settings)
  return {
    signals,
    health: health(signals).score,
    atRisk: isAtRisk(signals),
    risk,
    triage: { probability, value, runway: run, effort: effort(value.value, probability.value), priority: priority(risk, facts, run.value) },
  }
}

/** A signal's cases; items stored before signals had cases are read by their sentences. */
const casesOf = (s: Signal): SignalCase[] => s.cases ?? s.evidence.split('; ').map((e) => ({ subject: e, evidence: e }))
const SERIOUS = (kind: SignalKind) => HARD_TRIGGERS.has(kind) || kind === 'champion_lost'

/** The cases of `after` that `before` did not have, or that got worse by WORSE_BY. A reworded
    sentence ("Hate Index 10 → 40" becoming "10 → 41") is the same case, not a new one. */
function newOrWorse(before: readonly Signal[], s: Signal): SignalCase[] {
  const was = before.find((b) => b.kind === s.kind)
  if (!was) return casesOf(s)
  const old = new Map(casesOf(was).map((c) => [c.subject, c]))
  return casesOf(s).filter((c) => {
    const o = old.get(c.subject)
    if (!o) return true
    const step = WORSE_BY[s.kind]
    return step !== undefined && c.amount !== undefined && c.amount - (o.amount ?? 0) >= step
  })
}

/**
 * What an update to an open item is: escalated when health got worse, or a serious signal
 * (hard trigger, champion lost) appeared, gained a case (a second senior person at 9) or
 * got worse by its stated amount; updated when the signals changed without harm; nothing
 * when every case is the same (whatever its sentence now says).
 */
export function changeOf(before: { signals: readonly Signal[]; health: number }, after: { signals: readonly Signal[]; health: number }): { kind: 'escalated' | 'updated'; added: Signal[]; removed: Signal[] } | null {
  const added = after.signals.filter((s) => newOrWorse(before.signals, s).length > 0)
  const removed = before.signals.filter((s) => {
    const now = after.signals.find((a) => a.kind === s.kind)
    return !now || casesOf(s).some((c) => !casesOf(now).some((n) => n.subject === c.subject))
  })
  if (added.length === 0 && removed.length === 0) return null
  const graver = added.some((s) => SERIOUS(s.kind))
  return { kind: after.health < before.health || graver ? 'escalated' : 'updated', added, removed }
}

/**
 * After an item was closed, the account comes back to the queue only with new trouble:
 * a signal kind or case the closed item did not have, one that got worse by its stated
 * amount, or lower health. Days to renewal moving is not new trouble.
 */
export function isNewTrouble(closed: { signals: readonly Signal[]; health: number }, now: { signals: readonly Signal[]; health: number }): boolean {
  if (now.health < closed.health) return true
  return now.signals.some((s) => (s.kind === 'renewal_near' ? !closed.signals.some((c) => c.kind === s.kind) : newOrWorse(closed.signals, s).length > 0))
}

export const SIGNAL_LABELS: Record<SignalKind, string> = {
  senior_hate: 'High hate from a buyer or senior person',
  hate_rising: 'Hate Index rising',
  level_silent: 'A level went silent',
  top_never_answers: 'Top management never answers',
  level_gap: 'Level gap',
  champion_lost: 'Champion lost',
  champion_cooling: 'Champion cooling',
  no_champion: 'No champion',
  competitor: 'Competitor or migration named',
  budget: 'Budget pressure',
  churn_words: 'Talk of cancelling or leaving',
  renewal_near: 'Renewal near',
}

/** The alert that tells the owner and the team an account is now high risk ('new' item or 'escalated'). */
export function alertLetter({ accountName, health, evidence, itemUrl, headline }: { accountName: string; health: number; evidence: string; itemUrl: string; headline: 'new' | 'escalated' }) {
  return {
    subject: `At risk: ${accountName} (${headline})`,
    body: `${accountName} is now high risk in the at-risk queue (health ${health}/100).\n\nWhy:\n${evidence}\n\nThe item, its steps and drafts: ${itemUrl}\n\nThe first step is due within 24 hours: personal contact with the key people.`,
  }
}

export function describeChange(change: { added: readonly Signal[]; removed: readonly Signal[] }): string {
  const parts = [
    ...change.added.map((s) => `+ ${SIGNAL_LABELS[s.kind]}: ${s.evidence}`),
    ...change.removed.map((s) => `− ${SIGNAL_LABELS[s.kind]}: ${s.evidence}`),
  ]
  return parts.join('\n')
}

// ——— Draft messages (SPEC "Suggested responses": the conversation order) ———

export type DraftKind = 'open' | 'exit' | 'service_report'
export type Draft = { kind: DraftKind; title: string; subject: string; body: string }

export type DraftInput = {
  accountName: string
  /** The client's own words, already cleared for confidentiality (no names from confidential waves). */
  concerns: string[]
  actions: { title: string; owner: string; dueAt: Date }[]
  senderName: string
  topNeverAnswers: boolean
  effort: Effort
  openProblems: string[]
}

const day = (d: Date) => d.toISOString().slice(0, 10)

/** Drafts the account team edits before sending; which ones depend on the item. */
export function drafts(input: DraftInput): Draft[] {
  const heard = input.concerns.length
    ? input.concerns.map((c) => `  – “${c}”`).join('\n')
    : '  – (no comment yet: ask what has gone wrong, in their words)'
  const plan = input.actions.map((a) => `  – ${a.title} — ${a.owner}, by ${day(a.dueAt)}`).join('\n')
  const list: Draft[] = [
    {
      kind: 'open',
      title: 'Open honestly, acknowledge, propose, ask for commitment',
      subject: `${input.accountName}: we heard you, and here is what we will do`,
      body: [
        'Hello,',
        '',
        'Thank you for telling us honestly how we are doing. It is not good enough, and I am sorry.',
        'Before anything else I would like to listen: could we talk this week, at a time that suits you?',
        '',
        'What we heard from your team, in their words:',
        heard,
        '',
        'What we will do, who owns it and by when:',
        plan,
        '',
        'Could you confirm that this addresses what matters most to you, and who on your side we should work with?',
        '',
        `Best regards,\n${input.senderName}`,
      ].join('\n'),
    },
  ]
  if (input.topNeverAnswers) {
    list.push({
      kind: 'service_report',
      title: 'Service report for top management (they never answer surveys)',
      subject: `${input.accountName}: a short service report`,
      body: [
        'Hello,',
        '',
        'A short report on our service to your company, since we have not heard from you directly.',
        '',
        'What your people asked of us:',
        heard,
        '',
        'How we are handling it:',
        plan,
        '',
        'Open problems:',
        input.openProblems.length ? input.openProblems.map((p) => `  – ${p}`).join('\n') : '  – none beyond the above',
        '',
        'If you would like to discuss any of it, I will make the time.',
        '',
        `Best regards,\n${input.senderName}`,
      ].join('\n'),
    })
  }
  if (input.effort === 'none' || input.effort === 'light') {
    list.push({
      kind: 'exit',
      title: 'Graceful exit (if it is over)',
      subject: `${input.accountName}: making the hand-over easy`,
      body: [
        'Hello,',
        '',
        'We understand you may be moving on, and we respect that. We want the change to be easy for you:',
        '  – a full export of your data, in the format you need;',
        '  – a hand-over session with whoever takes over;',
        '  – support until the last day of the contract.',
        '',
        'If you are willing, we would value ten minutes on what we should have done differently.',
        'We will check in at 3, 6 and 12 months, in case things change.',
        '',
        `Best regards,\n${input.senderName}`,
      ].join('\n'),
    })
  }
  return list
}

// ——— Outcomes and learning ———

const DAY = 86_400_000
/** Win-back check-ins after a loss, in months; monthly pulses after a save. */
export const WIN_BACK_MONTHS = [3, 6, 12]
export const SAVED_PULSE_MONTHS = 6

/** Same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb, not 3 Mar). */
function addMonths(d: Date, months: number): Date {
  const r = new Date(d)
  r.setUTCDate(1)
  r.setUTCMonth(r.getUTCMonth() + months)
  const lastDay = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate()
  r.setUTCDate(Math.min(d.getUTCDate(), lastDay))
  return r
}

/** What follows an outcome: win-back check-ins after a loss, a monthly pulse after a save. */
export function followUps(outcome: 'saved' | 'churned' | 'dismissed', closedAt: Date): { title: string; at: Date }[] {
  if (outcome === 'churned') return WIN_BACK_MONTHS.map((m) => ({ title: `Win-back check-in (${m} months)`, at: addMonths(closedAt, m) }))
  if (outcome === 'saved') return Array.from({ length: SAVED_PULSE_MONTHS }, (_, i) => ({ title: `Monthly pulse ${i + 1} of ${SAVED_PULSE_MONTHS}`, at: addMonths(closedAt, i + 1) }))
  return []
}

export type ClosedItem = { status: 'open' | 'saved' | 'churned' | 'dismissed'; openedAt: Date; closedAt: Date | null; arr: number; effort: Effort }

/**
 * Save metrics (SPEC "Outcomes and learning"). Attempt rate: items where the team fought
 * (effort other than none) among those closed; success rate: saved among saved + churned
 * (50–60% is strong; above 70% suggests effort on accounts that would have renewed anyway).
 */
export function saveMetrics(items: readonly ClosedItem[], renewedAfterSave: { saved: number; renewed: number }) {
  const decided = items.filter((i) => i.status === 'saved' || i.status === 'churned')
  const saved = items.filter((i) => i.status === 'saved')
  const closed = items.filter((i) => i.status !== 'open')
  const attempted = closed.filter((i) => i.effort !== 'none')
  const days = saved.map((i) => ((i.closedAt?.getTime() ?? i.openedAt.getTime()) - i.openedAt.getTime()) / DAY).sort((a, b) => a - b)
  const successRate = decided.length ? saved.length / decided.length : null
  return {
    open: items.length - closed.length,
    closed: closed.length,
    attemptRate: closed.length ? attempted.length / closed.length : null,
    successRate,
    successNote: successRate === null ? null : successRate > 0.7 ? 'above 70%: effort may be going to accounts that would have renewed anyway' : successRate >= 0.5 ? '50–60% is strong' : null,
    medianDaysToSave: days.length ? (days[Math.floor((days.length - 1) / 2)] + days[Math.floor(days.length / 2)]) / 2 : null,
    revenueSaved: saved.reduce((s, i) => s + i.arr, 0),
    revenueLost: items.filter((i) => i.status === 'churned').reduce((s, i) => s + i.arr, 0),
    postSaveRetention: renewedAfterSave.saved ? renewedAfterSave.renewed / renewedAfterSave.saved : null,
  }
}

/** "Was it a surprise?": did the queue flag the account before the loss, and how early. */
export function surprise(flaggedAt: readonly Date[], lostAt: Date): { surprise: boolean; daysWarning: number | null; sentence: string } {
  const before = flaggedAt.filter((d) => d.getTime() <= lostAt.getTime()).sort((a, b) => a.getTime() - b.getTime())
  if (before.length === 0) return { surprise: true, daysWarning: null, sentence: 'Yes: the queue never flagged this account before it was lost.' }
  const days = Math.floor((lostAt.getTime() - before[0].getTime()) / DAY)
  return { surprise: false, daysWarning: days, sentence: `No: the queue first flagged it ${days} days before the loss.` }
}
