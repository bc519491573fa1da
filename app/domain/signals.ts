/* Account health and risk signals (SPEC "Account health and risk signals"; issue 6).
   Every signal carries its evidence; health is 100 minus the points each signal costs,
   so every lost point names its signal. Pure; the at-risk queue builds on it. */
import { understandComment, type CommentSignal } from './comment-understanding'
import type { ChampionStatus, Level, Locale, RelationshipRole } from './vocabulary'

export const SIGNAL_KINDS = [
  'senior_hate', // s >= 7 from a buyer or a top/head person (hard trigger)
  'hate_rising', // account Hate Index up against the previous wave
  'level_silent', // a level answered before and not now
  'top_never_answers',
  'level_gap', // >= 4 points between two levels
  'champion_lost', // champion left, changed role or bounced
  'champion_cooling',
  'no_champion',
  'competitor', // competitor named, migration or data export asked about
  'budget', // "cut costs", "too expensive", "reviewing all vendors"
  'churn_words', // "cancel", "terminate", "not renew", "leaving" (hard trigger)
  'renewal_near',
] as const
export type SignalKind = (typeof SIGNAL_KINDS)[number]

/** What each signal costs in health points (defaults; admins may change them). */
export const SIGNAL_POINTS: Record<SignalKind, number> = {
  senior_hate: 35,
  hate_rising: 15,
  level_silent: 10,
  top_never_answers: 10,
  level_gap: 15,
  champion_lost: 25,
  champion_cooling: 15,
  no_champion: 10,
  competitor: 25,
  budget: 15,
  churn_words: 40,
  renewal_near: 10,
}
export const HARD_TRIGGERS: ReadonlySet<SignalKind> = new Set(['senior_hate', 'churn_words'])
export const SENIOR_HATE_MIN = 7
export const AT_RISK_BELOW = 50
export const RENEWAL_NEAR_DAYS = 90

/**
 * One case of a signal, identified by what it is about (`subject`: a person, a level, a
 * wave), never by its wording; `amount` is how bad it is where that can grow (a rise, a
 * gap, a count of unattributed answers). The sentence is rendered from these facts.
 */
export type SignalCase = { subject: string; evidence: string; amount?: number }
export type Signal = { kind: SignalKind; points: number; evidence: string; cases: SignalCase[] }

/** How much worse a case must get to count as new trouble (SPEC: "got worse by a stated amount"). */
export const WORSE_BY: Partial<Record<SignalKind, number>> = { hate_rising: 10, level_gap: 1, senior_hate: 1, competitor: 1, budget: 1, churn_words: 1 }

// ——— Comment signals: what the comment says, read in its own language (comment-understanding) ———

export type CommentMatch = { kind: 'competitor' | 'budget' | 'churn_words'; sentence: string; matched: string }

/** Churn and non-renewal are one hard trigger; the signal kind does not depend on the wording. */
const KIND_OF: Record<CommentSignal, CommentMatch['kind']> = { churn: 'churn_words', non_renewal: 'churn_words', competitor: 'competitor', budget: 'budget' }

/** The comment's signals, one per kind, each with the client's own sentence. The text decides
    the language, not the person's profile locale. */
export function commentMatches(comment: string): CommentMatch[] {
  const found: CommentMatch[] = []
  for (const f of understandComment(comment).findings) {
    const kind = KIND_OF[f.signal]
    if (!found.some((m) => m.kind === kind)) found.push({ kind, sentence: f.sentence, matched: f.matched })
  }
  return found
}

// ——— Signals from an account's latest picture ———

export type AccountPicture = {
  /** Latest wave's answers; `who` is null when the wave is confidential. `subject`: the
      person for a named answer, the wave alone for a confidential one (never attributed).
      NOTE: `locale` is the profile's and is not read: a comment's own text decides its language. */
  answers: { score: number; level: Level; role: RelationshipRole; comment: string; locale?: Locale; who: string | null; category: string | null; subject: string }[]
  hateIndex: number | null
  previousHateIndex: number | null
  silentLevels: Level[]
  topNeverAnswers: boolean
  gap: { sentence: string; gap: number } | null
  champion: ChampionStatus
  /** What we know of the champion change, e.g. "Dana Lee (head) reported leaving — awaiting confirmation". */
  championEvidence?: string
  /** Whom the champion signal is about (the champion's person), so a reworded sentence is not new trouble. */
  championSubject?: string
  renewalInDays: number | null
  /** False when a confidential wave has fewer than k people answering: comments are matched but not quoted. */
  quoteComments?: boolean
}

/**
 * The account's signals, one per kind: a kind costs its points once however many people
 * trip it, and lists each case by its subject, so two senior people at 9 read as one hard
 * trigger with two cases. Unattributed (confidential) answers of one wave are one case
 * whose amount counts them.
 */
export function accountSignals(p: AccountPicture): Signal[] {
  const signals: Signal[] = []
  const add = (kind: SignalKind, c: SignalCase) => {
    let signal = signals.find((s) => s.kind === kind)
    if (!signal) signals.push((signal = { kind, points: SIGNAL_POINTS[kind], evidence: '', cases: [] }))
    const same = signal.cases.find((x) => x.subject === c.subject)
    if (!same) signal.cases.push(c)
    else if (c.amount !== undefined) same.amount = (same.amount ?? 0) + c.amount
  }
  for (const a of p.answers) {
    if (a.score >= SENIOR_HATE_MIN && (a.role !== 'user' || a.level === 'top' || a.level === 'head')) {
      // NOTE: an unnamed (confidential) answer is never attributed: no name, level, role or
      // exact score, since one top manager's "9" would point at them.
      add('senior_hate', a.who ? { subject: a.subject, evidence: `${a.who} (${a.level}, ${a.role}) answered ${a.score}/10`, amount: a.score } : { subject: a.subject, evidence: '', amount: 1 })
    }
    for (const m of commentMatches(a.comment)) {
      const evidence = p.quoteComments === false ? '' : `“${m.sentence}”${a.who ? ` — ${a.who}` : ''}`
      add(m.kind, a.who ? { subject: a.subject, evidence } : { subject: evidence ? `${a.subject}|${m.sentence}` : a.subject, evidence, amount: 1 })
    }
  }
  if (p.hateIndex !== null && p.previousHateIndex !== null && p.hateIndex > p.previousHateIndex) {
    add('hate_rising', { subject: 'account', evidence: `Hate Index ${Math.round(p.previousHateIndex)} → ${Math.round(p.hateIndex)}`, amount: p.hateIndex - p.previousHateIndex })
  }
  for (const level of p.silentLevels) add('level_silent', { subject: `level:${level}`, evidence: `${level} answered last wave and are silent now` })
  if (p.topNeverAnswers) add('top_never_answers', { subject: 'level:top', evidence: 'top management has never answered' })
  if (p.gap && p.gap.gap >= 4) add('level_gap', { subject: 'account', evidence: p.gap.sentence, amount: p.gap.gap })
  const champion = p.championSubject ?? 'champion'
  if (p.champion === 'left') add('champion_lost', { subject: champion, evidence: p.championEvidence ?? 'our champion left' })
  if (p.champion === 'cooling') add('champion_cooling', { subject: champion, evidence: p.championEvidence ?? 'our champion is cooling' })
  if (p.champion === 'none') add('no_champion', { subject: 'account', evidence: 'no champion at this account' })
  if (p.renewalInDays !== null && p.renewalInDays < RENEWAL_NEAR_DAYS) add('renewal_near', { subject: 'account', evidence: `renewal in ${p.renewalInDays} days` })
  for (const signal of signals) {
    for (const c of signal.cases) if (!c.evidence) c.evidence = unattributed(signal.kind, c.amount ?? 1, p.quoteComments !== false)
    signal.evidence = signal.cases.map((c) => c.evidence).join('; ')
  }
  return signals
}

/** The sentence for answers that may not be attributed (or, under k, not quoted). */
function unattributed(kind: SignalKind, n: number, quoted: boolean): string {
  if (kind === 'senior_hate') return `${n === 1 ? 'A senior stakeholder or buyer' : `${n} senior stakeholders or buyers`} answered ${SENIOR_HATE_MIN} or higher (confidential wave: not attributed)`
  return quoted ? 'a comment says so' : `${n === 1 ? 'a comment says' : `${n} comments say`} so (confidential wave with too few answers: not quoted)`
}

/** Health 0–100: 100 minus every signal's points; each lost point names its signal. */
export function health(signals: readonly Signal[]): { score: number; breakdown: { kind: SignalKind; points: number }[] } {
  const breakdown = signals.map((s) => ({ kind: s.kind, points: s.points }))
  return { score: Math.max(0, 100 - breakdown.reduce((sum, b) => sum + b.points, 0)), breakdown }
}

export function isAtRisk(signals: readonly Signal[]): boolean {
  return health(signals).score < AT_RISK_BELOW || signals.some((s) => HARD_TRIGGERS.has(s.kind))
}
