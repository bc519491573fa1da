/* Champions (SPEC "Core concepts"; issue 5): the champion log read as a status,
   the pending events awaiting the owner, cooling, and ranking successor candidates.
   Pure functions over the append-only log. */
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

/**
 * An account's champion status: unconfirmed events first (they need the owner), then a
 * champion who left and was not replaced, a cooling champion, none, or active.
 */
export function championStatus(events: readonly ChampionEvent[], currentChampionId: number | null): ChampionStatus {
  if (pendingEvents(events).length > 0) return 'unconfirmed'
  // Replay the log: who was champion at each point, and how the last one was lost.
  const ordered = timeline(events)
  const byId = new Map(ordered.map((e) => [e.id, e]))
  let champion: number | null = null
  let lostByLeaving = false
  let cooling = false
  for (const e of ordered) {
    if (e.kind === 'designated' || e.kind === 'replaced') {
      champion = e.toStakeholderId
      lostByLeaving = false
      cooling = false
    } else if (e.kind === 'removed' && e.fromStakeholderId === champion) {
      champion = null
      lostByLeaving = e.reason === 'left_company' || e.reason === 'bounced'
    } else if (e.kind === 'confirmed') {
      const decided = byId.get(e.refersTo ?? -1)
      // Only a departure of the champion of the moment is the champion leaving.
      if (decided && decided.fromStakeholderId === champion && ['left', 'at_risk', 'possibly_left'].includes(decided.kind)) {
        champion = null
        lostByLeaving = true
      } else if (decided?.kind === 'cooling' && decided.fromStakeholderId === champion) cooling = true
    }
  }
  if (currentChampionId === null) return lostByLeaving ? 'left' : 'none'
  return cooling && champion === currentChampionId ? 'cooling' : 'active'
}

/** Cooling by score: the champion's answer worsened by COOLING_SCORE_DROP or more. */
export function coolingByScore(previous: number | null, current: number): boolean {
  return previous !== null && current - previous >= COOLING_SCORE_DROP
}

/** Cooling by silence: answered the previous wave, asked in this one, did not answer. */
export function coolingBySilence({ answeredBefore, askedNow, answeredNow }: { answeredBefore: boolean; askedNow: boolean; answeredNow: boolean }): boolean {
  return answeredBefore && askedNow && !answeredNow
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
      if (c.latestScore !== null && c.latestScore <= 3) {
        const bonus = c.latestScore <= 1 ? 15 : 8
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

const REASON_WORDS: Record<ChampionReason, string> = {
  left_company: 'left the company',
  changed_role: 'changed role',
  replaced: 'replaced',
  bounced: 'email bounced',
  cooled: 'cooled',
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
