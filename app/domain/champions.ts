/* Champions (SPEC "Core concepts"; issue 5): the champion log read as a status,
   the pending events awaiting the owner, cooling, and ranking successor candidates.
   Pure functions over the append-only log. */
import { band } from './hate-scale'
import type { ChampionEventKind, ChampionReason, ChampionSource, ChampionStatus, Level, RelationshipRole, StakeholderStatus } from './vocabulary'

/** A champion whose own score rises this much against their previous answer is cooling. */
export const COOLING_SCORE_DROP = 3

export type ChampionEvent = {
  id: number
  kind: ChampionEventKind
  reason: ChampionReason | null
  fromStakeholderId: number | null
  toStakeholderId: number | null
  pending: boolean
  refersTo: number | null
  createdAt: Date
}

/** Detected events still waiting for the owner (no confirmation or dismissal refers to them). */
export function pendingEvents<E extends ChampionEvent>(events: readonly E[]): E[] {
  const resolved = new Set(events.filter((e) => e.refersTo !== null).map((e) => e.refersTo))
  return events.filter((e) => e.pending && !resolved.has(e.id))
}

/** How a pending event ended, if it has. */
export function resolutionOf(events: readonly ChampionEvent[], eventId: number): 'confirmed' | 'dismissed' | null {
  const r = events.find((e) => e.refersTo === eventId)
  return r ? (r.kind as 'confirmed' | 'dismissed') : null
}

/** Oldest first; ties by id, so the order is the order things were written. */
export function timeline<E extends ChampionEvent>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id)
}

/** The champion status the log has settled on: 'unconfirmed' is not one (pending events are a separate fact). */
export type ConfirmedChampionStatus = Exclude<ChampionStatus, 'unconfirmed'>

/** Departures of the champion of the moment, as detected (each awaits the owner). */
const DEPARTURES: ReadonlySet<ChampionEventKind> = new Set(['left', 'at_risk', 'possibly_left'])
/** Reasons a removed champion counts as lost (SPEC: "champion left, changed role, or bounced"). */
const LOST_REASONS: ReadonlySet<ChampionReason> = new Set(['left_company', 'changed_role', 'bounced'])

const REASON_WORDS: Record<ChampionReason, string> = {
  left_company: 'left the company',
  changed_role: 'changed role',
  replaced: 'replaced',
  bounced: 'email bounced',
  cooled: 'cooled',
}

/**
 * An account's champion from its confirmed history: the champion who left (confirmed, or
 * removed because they left, changed role or bounced) and was not replaced, a cooling
 * champion, none, or active. Events awaiting the owner are a separate fact, `pending`:
 * they never hide a confirmed departure. `lostBy` / `coolingBy`: the events behind it.
 */
export function championState<E extends ChampionEvent>(
  events: readonly E[],
  currentChampionId: number | null,
): { status: ConfirmedChampionStatus; pending: E[]; lostBy: E | null; coolingBy: E | null } {
  // Replay the log: who was champion at each point, and how the last one was lost.
  const ordered = timeline(events)
  const byId = new Map(ordered.map((e) => [e.id, e]))
  let champion: number | null = null
  let lostBy: E | null = null
  let coolingBy: E | null = null
  for (const e of ordered) {
    if (e.kind === 'designated' || e.kind === 'replaced') {
      champion = e.toStakeholderId
      lostBy = null
      coolingBy = null
    } else if (e.kind === 'removed' && e.fromStakeholderId === champion) {
      champion = null
      lostBy = e.reason !== null && LOST_REASONS.has(e.reason) ? e : null
      coolingBy = null
    } else if (e.kind === 'confirmed') {
      const decided = byId.get(e.refersTo ?? -1)
      // Only a departure of the champion of the moment is the champion leaving.
      if (decided && decided.fromStakeholderId === champion && DEPARTURES.has(decided.kind)) {
        champion = null
        lostBy = decided
        coolingBy = null
      } else if (decided?.kind === 'cooling' && decided.fromStakeholderId === champion) coolingBy = decided
    }
  }
  const pending = pendingEvents(events)
  if (currentChampionId === null) return { status: lostBy ? 'left' : 'none', pending, lostBy, coolingBy: null }
  const cooling = coolingBy !== null && champion === currentChampionId
  return { status: cooling ? 'cooling' : 'active', pending, lostBy: null, coolingBy: cooling ? coolingBy : null }
}

/** The facts behind a champion signal: which event, about whom, and whether the owner confirmed it. */
export type ChampionCause<E extends ChampionEvent = ChampionEvent> = {
  kind: 'left' | 'at_risk' | 'possibly_left' | 'removed' | 'cooling'
  personId: number | null
  reason: ChampionReason | null
  awaitingConfirmation: boolean
  event: E
}

export type ChampionSignal<E extends ChampionEvent = ChampionEvent> = {
  /** What the at-risk queue counts: 'left' is champion_lost, 'cooling' champion_cooling, 'none' no_champion. */
  signal: ConfirmedChampionStatus
  /** The confirmed status (the account page and /champions show it). */
  status: ConfirmedChampionStatus
  /** Events awaiting the owner (/champions lists these accounts first). */
  pending: E[]
  cause: ChampionCause<E> | null
}

const causeOf = <E extends ChampionEvent>(event: E, awaitingConfirmation: boolean): ChampionCause<E> => ({
  kind: event.kind as ChampionCause['kind'],
  personId: event.fromStakeholderId,
  reason: event.reason,
  awaitingConfirmation,
  event,
})

/**
 * The champion as a signal, the one decision the at-risk queue and /champions share:
 * a confirmed departure is lost whatever else is pending; the current champion's
 * departure awaiting confirmation already counts as lost (the owner may dismiss it);
 * then cooling (confirmed, or the current champion's awaiting confirmation); then none
 * or active. Someone else's pending event never changes the signal.
 */
export function championSignal<E extends ChampionEvent>(events: readonly E[], currentChampionId: number | null): ChampionSignal<E> {
  const { status, pending, lostBy, coolingBy } = championState(events, currentChampionId)
  const base = { status, pending }
  if (lostBy) return { ...base, signal: 'left', cause: causeOf(lostBy, false) }
  const ofCurrent = (kinds: (k: ChampionEventKind) => boolean) => (currentChampionId === null ? undefined : pending.find((e) => kinds(e.kind) && e.fromStakeholderId === currentChampionId))
  const departure = ofCurrent((k) => DEPARTURES.has(k))
  if (departure) return { ...base, signal: 'left', cause: causeOf(departure, true) }
  if (coolingBy) return { ...base, signal: 'cooling', cause: causeOf(coolingBy, false) }
  const cooling = ofCurrent((k) => k === 'cooling')
  if (cooling) return { ...base, signal: 'cooling', cause: causeOf(cooling, true) }
  return { ...base, signal: status, cause: null }
}

const DEPARTURE_WORDS = {
  left: { awaiting: 'reported leaving the company', confirmed: 'left the company' },
  at_risk: { awaiting: 'email bounced', confirmed: 'email bounced' },
  possibly_left: { awaiting: 'is no longer listed in the latest import', confirmed: 'is no longer listed in a stakeholder import' },
} as const

/** The evidence of a champion signal in words (names from the log, when it has them). */
export function championEvidence(s: ChampionSignal<ChampionEvent & { fromName?: string | null; note?: string }>): string | undefined {
  const c = s.cause
  if (!c) return undefined
  const who = c.event.fromName ?? 'our champion'
  const state = c.awaitingConfirmation ? ' (awaiting confirmation)' : ' (confirmed)'
  switch (c.kind) {
    case 'removed':
      return `${who} is no longer our champion${c.reason ? `: ${REASON_WORDS[c.reason]}` : ''}`
    case 'cooling':
      return `${who} is cooling${c.event.note ? `: ${c.event.note}` : ''}${state}`
    default: {
      const words = DEPARTURE_WORDS[c.kind][c.awaitingConfirmation ? 'awaiting' : 'confirmed']
      return `${c.kind === 'at_risk' ? `${who}'s` : who} ${words}${state}`
    }
  }
}

/** Cooling by score: the champion's answer worsened by COOLING_SCORE_DROP or more. */
export function coolingByScore(previous: number | null, current: number): boolean {
  return previous !== null && current - previous >= COOLING_SCORE_DROP
}

export type Candidate = {
  id: number
  name: string
  level: Level
  role: RelationshipRole
  status: StakeholderStatus
  /** Their latest score, if they answered the latest wave they were asked in. */
  latestScore: number | null
  answeredRecently: boolean
  namedAsSuccessor: boolean
}

const LEVEL_POINTS: Record<Level, number> = { top: 40, head: 30, manager: 20, executor: 10 }
const LEVEL_WORDS: Record<Level, string> = { top: 'top management', head: 'department head', manager: 'team lead', executor: 'hands-on user' }

/** Successor candidates, best first, each with the reasons behind its rank in words. */
export function rankSuccessors(candidates: readonly Candidate[]): (Candidate & { points: number; reasons: string[] })[] {
  return candidates
    .filter((c) => c.status === 'active')
    .map((c) => {
      const reasons = [`${LEVEL_WORDS[c.level]} (+${LEVEL_POINTS[c.level]})`]
      let points = LEVEL_POINTS[c.level]
      if (c.role !== 'user') {
        points += 15
        reasons.push(`${c.role === 'both' ? 'buys and uses' : 'holds the budget'} (+15)`)
      }
      if (c.namedAsSuccessor) {
        points += 25
        reasons.push('named as successor by the champion (+25)')
      }
      if (c.answeredRecently) {
        points += 10
        reasons.push('answered recently (+10)')
      }
      const latestBand = c.latestScore === null ? null : band(c.latestScore)
      if (c.latestScore !== null && latestBand !== 'hater') {
        const bonus = latestBand === 'fan' ? 15 : 8
        points += bonus
        reasons.push(`low hate: ${c.latestScore}/10 (+${bonus})`)
      } else if (c.latestScore !== null && c.latestScore >= 7) {
        points -= 15
        reasons.push(`high hate: ${c.latestScore}/10 (−15)`)
      }
      return { ...c, points, reasons }
    })
    .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name))
}

const SOURCE_WORDS: Record<ChampionSource, string> = {
  manual: 'set by staff',
  respondent: 'the respondent said so',
  bounce: 'learned from a bounce',
  import: 'learned from a stakeholder import',
  survey_pattern: 'seen in the survey answers',
}

/** A champion event as the timeline shows it (names resolved). */
export type DescribedEvent = {
  kind: ChampionEventKind
  reason: ChampionReason | null
  source: ChampionSource
  fromName: string | null
  toName: string | null
  suggestedName: string | null
  suggestedEmail: string | null
  note: string
  by: string | null
}

/** One line of the champion timeline, in words. */
export function describeEvent(e: DescribedEvent): string {
  const from = e.fromName ?? 'someone no longer on file'
  const to = e.toName ?? 'someone no longer on file'
  const how = ` (${SOURCE_WORDS[e.source]}${e.by ? `: ${e.by}` : ''})`
  switch (e.kind) {
    case 'designated':
      return `${to} became the champion${how}`
    case 'replaced':
      return `${to} replaced ${from} as champion${e.reason && e.reason !== 'replaced' ? ` — ${REASON_WORDS[e.reason]}` : ''}${how}`
    case 'removed':
      return `${from} is no longer the champion${e.reason ? ` — ${REASON_WORDS[e.reason]}` : ''}${how}`
    case 'left':
      return `${from} says they have left the company${how}`
    case 'at_risk':
      return `Champion at risk: ${from}'s email bounced${how}`
    case 'possibly_left':
      return `${from} possibly left: a re-import no longer lists the champion${how}`
    case 'successor_suggested':
      return `${from} suggests ${e.suggestedName ?? ''} <${e.suggestedEmail ?? ''}> should answer instead${how}`
    case 'cooling':
      return `${from} is cooling: ${e.note}${how}`
    case 'confirmed':
      return `Confirmed${e.by ? ` by ${e.by}` : ''}`
    case 'dismissed':
      return `Dismissed${e.by ? ` by ${e.by}` : ''}`
  }
}
