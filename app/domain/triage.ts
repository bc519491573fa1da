/* Triage: where to invest (SPEC "Triage", "Suggested responses", "Concessions
   guardrails"; issue 6). Save probability, value tier, runway and effort, each with
   its reasoning in words; the dated playbook steps; concession guidance and the
   approval rule. Defaults are named constants (admins may change them later). */
import type { Signal } from './signals'
import type { Effort, RiskLevel, StaffRole } from './vocabulary'

export type { Effort, RiskLevel }

export const TRIAGE_DEFAULTS = {
  /** ARR from which an account is high value (or strategic). */
  highValueArr: 100_000,
  /** ARR from which an account is medium value. */
  mediumValueArr: 30_000,
  /** Executive involvement is suggested from this ARR up. */
  executiveFromArr: 50_000,
  /** Runway buckets in days to renewal. */
  comprehensiveDays: 90,
  emergencyDays: 30,
}
export type TriageSettings = typeof TRIAGE_DEFAULTS

export type Probability = 'high' | 'medium' | 'low'
export type ValueTier = 'high' | 'medium' | 'low'
export type Runway = 'comprehensive' | 'compressed' | 'emergency' | 'unknown'
export type Reasoned<T> = { value: T; reasons: string[] }

export const PROBABILITY_RANGE: Record<Probability, string> = { high: '60–80%', medium: '30–50%', low: '10–25%' }

/** Save probability from what the signals say about fixability, relationship and alternatives. */
export function saveProbability(signals: readonly Signal[], ctx: { responseRate: number | null; championInPlace: boolean }): Reasoned<Probability> {
  const has = (k: Signal['kind']) => signals.some((s) => s.kind === k)
  const reasons: string[] = []
  const competitor = has('competitor')
  const churn = has('churn_words')
  const checkedOut = ctx.responseRate !== null && ctx.responseRate < 0.2
  if ((competitor && churn) || checkedOut) {
    if (competitor && churn) reasons.push('they name an alternative and talk about leaving')
    if (checkedOut) reasons.push(`stakeholders checked out (response rate ${Math.round((ctx.responseRate ?? 0) * 100)}%)`)
    return { value: 'low', reasons }
  }
  const strained = has('level_gap') || has('champion_lost') || has('champion_cooling') || !ctx.championInPlace || competitor || churn
  if (strained) {
    if (competitor) reasons.push('alternatives are being evaluated')
    if (churn) reasons.push('they talk about leaving')
    if (has('level_gap')) reasons.push('views are mixed across levels')
    if (has('champion_lost') || has('champion_cooling')) reasons.push('the relationship is strained: our champion is gone or cooling')
    else if (!ctx.championInPlace) reasons.push('no champion in place')
    return { value: 'medium', reasons }
  }
  reasons.push('a fixable service issue', 'champion in place', 'no named alternative', 'stakeholders engaged')
  return { value: 'high', reasons }
}

export function valueTier(account: { arr: number; strategic: boolean }, s: TriageSettings = TRIAGE_DEFAULTS): Reasoned<ValueTier> & { executive: boolean } {
  const executive = account.arr >= s.executiveFromArr
  const money = `ARR $${Math.round(account.arr / 1000)}K`
  if (account.arr >= s.highValueArr || account.strategic) {
    return { value: 'high', executive, reasons: [account.strategic ? `strategic account, ${money}` : money] }
  }
  return { value: account.arr >= s.mediumValueArr ? 'medium' : 'low', executive, reasons: [money] }
}

export function runway(renewalInDays: number | null, s: TriageSettings = TRIAGE_DEFAULTS): Reasoned<Runway> {
  if (renewalInDays === null) return { value: 'unknown', reasons: ['no renewal date on file'] }
  if (renewalInDays >= s.comprehensiveDays) return { value: 'comprehensive', reasons: [`${renewalInDays} days to renewal: time for a comprehensive save`] }
  if (renewalInDays >= s.emergencyDays) return { value: 'compressed', reasons: [`${renewalInDays} days to renewal: critical issues and quick wins only`] }
  return { value: 'emergency', reasons: [`${Math.max(renewalInDays, 0)} days to renewal: emergency`] }
}

/** SPEC: full (high value, high/medium probability) · standard (medium, medium) · light (low value or low probability) · none (low and low). */
export function effort(value: ValueTier, probability: Probability): Reasoned<Effort> {
  if (value === 'low' && probability === 'low') return { value: 'none', reasons: ['low value and low save probability: exit gracefully and learn from it'] }
  if (value === 'high' && probability !== 'low') return { value: 'full', reasons: ['high value and a real chance: all hands, executive involvement, 30–90 days'] }
  if (value === 'low' || probability === 'low') return { value: 'light', reasons: ['low value or low probability: the CSM alone, one conversation, 7–14 days'] }
  return { value: 'standard', reasons: ['medium value and probability: CSM plus manager, the standard playbook, 14–30 days'] }
}

export type StepTemplate = { key: string; title: string; dueHours: number; owner: 'account team' | 'service manager' | 'executive sponsor' }

/** The playbook's dated steps, due counted from when the item was opened. */
export const PLAYBOOK_STEPS: StepTemplate[] = [
  { key: 'contact', title: 'Personal contact with the key people: acknowledge, apologise, commit to fixing it. Listen first.', dueHours: 24, owner: 'account team' },
  { key: 'team', title: 'Name a response team (CSM, technical lead, support engineer) and an executive sponsor; tell the client who they are.', dueHours: 48, owner: 'service manager' },
  { key: 'workaround', title: 'A workaround for the worst issue, a written compensation/terms proposal, daily updates until stable.', dueHours: 72, owner: 'account team' },
  { key: 'rca', title: 'A short root-cause analysis shared with the client.', dueHours: 7 * 24, owner: 'service manager' },
  { key: 'fix', title: 'The root fix released; a recovery plan agreed: root cause, fix, owner, deadline and success metric per issue.', dueHours: 30 * 24, owner: 'executive sponsor' },
]

export function dueDates(openedAt: Date, steps: readonly StepTemplate[] = PLAYBOOK_STEPS) {
  return steps.map((s) => ({ ...s, dueAt: new Date(openedAt.getTime() + s.dueHours * 3_600_000) }))
}

export function isOverdue(step: { dueAt: Date; doneAt: Date | null; skippedAt: Date | null }, now: Date): boolean {
  return !step.doneAt && !step.skippedAt && step.dueAt.getTime() < now.getTime()
}

// ——— Concessions guardrails ———

export const CONCESSION_GUIDANCE: Record<RiskLevel, { discount: [number, number]; also: string[] }> = {
  low: { discount: [5, 10], also: ['payment terms', 'time-limited extra support'] },
  medium: { discount: [15, 20], also: ['a 6-month term instead of 12', 'a dedicated CSM', 'product team involvement'] },
  high: { discount: [25, 30], also: ['a performance guarantee', 'an executive sponsor', 'a custom recovery plan'] },
}

/** No discount when nothing says the problem is price: the product says so. */
export function priceWarning(signals: readonly Signal[], categories: readonly (string | null)[]): string | null {
  const aboutPrice = signals.some((s) => s.kind === 'budget') || categories.includes('pricing')
  return aboutPrice ? null : 'No signal says the problem is price: a discount will not fix it. Fix the service first.'
}

/** Approval limits in percent, by role; admins may set another per user (e.g. 25% for a director). */
export const DEFAULT_APPROVAL_LIMIT: Record<StaffRole, number> = { account_team: 5, service_manager: 15, admin: Number.POSITIVE_INFINITY }

export function approvalLimit(user: { role: StaffRole; approvalLimit: number | null }): number {
  return user.approvalLimit ?? DEFAULT_APPROVAL_LIMIT[user.role]
}

/** A concession of `percent` may be approved by this user only within their limit. */
export function canApprove(user: { role: StaffRole; approvalLimit: number | null }, percent: number): boolean {
  return percent <= approvalLimit(user)
}

/**
 * Who may decide on a concession: approving needs a limit that covers its size; rejecting
 * is open to anyone who could approve it and to its proposer (who withdraws it).
 */
export function canDecide(user: { id: number; role: StaffRole; approvalLimit: number | null }, concession: { percent: number; proposedById: number | null }, decision: 'approved' | 'rejected'): boolean {
  if (canApprove(user, concession.percent)) return true
  return decision === 'rejected' && concession.proposedById === user.id
}
