/* Champion pages: one account's champion, log and successor candidates, and the
   portfolio view of champion statuses. The champion signal itself (shared with the
   at-risk queue) is decided in app/domain/champions.ts. */
import { championSignal, rankSuccessors, resolutionOf, timeline, type ConfirmedChampionStatus } from '#app/domain/champions'
import type { Viewer } from '#app/domain/access'
import type { ChampionStatus } from '#app/domain/vocabulary'
import * as log from '#app/models/champions.server'
import { championsOfAccounts, latestAnswers, listChampionEvents, listEventsOfAccounts } from '#app/models/champions.server'
import { accountsInScope } from '#app/models/sentiment.server'
import type { ExistingPerson } from '#app/domain/stakeholder-import'
import { listStakeholders } from '#app/models/stakeholders.server'
import { db } from '#app/utils/db.server'
import { afterCommit } from './after-commit.server'
import { recordChange, type Actor } from './audit.server'

export { NotEligibleError, NotPendingError } from '#app/models/champions.server'

// ——— Writes: the log stores the change and the audit trail records it, in one
// transaction; then the account is marked for the queue ———

/** The account's champion as the trail keeps it. */
function championState(accountId: number) {
  const c = log.championOfAccount({ accountId })
  return { championId: c?.id ?? null, championName: c?.name ?? null }
}

export function designateChampion({ actor, ...args }: Parameters<typeof log.designateChampion>[0] & { actor: Actor }) {
  db.transaction(() => {
    const before = championState(args.accountId)
    log.designateChampion(args)
    recordChange({ actor, action: 'champion.designated', entityType: 'account', entityId: args.accountId, accountId: args.accountId, before, after: championState(args.accountId) })
  })
  afterCommit({ reassess: [args.accountId] })
}

export function removeChampion({ actor, ...args }: Parameters<typeof log.removeChampion>[0] & { actor: Actor }) {
  db.transaction(() => {
    const before = championState(args.accountId)
    log.removeChampion(args)
    const after = championState(args.accountId)
    // Nothing to remove (no champion, or a repeated submit): no event.
    if (after.championId === before.championId) return
    recordChange({ actor, action: 'champion.removed', entityType: 'account', entityId: args.accountId, accountId: args.accountId, before: { ...before, reason: null }, after: { ...after, reason: args.reason } })
  })
  afterCommit({ reassess: [args.accountId] })
}

/** The owner confirms or dismisses a detected champion event; the person and champion may change with it. */
export function resolveEvent({ actor, ...args }: Parameters<typeof log.resolveEvent>[0] & { actor: Actor }) {
  db.transaction(() => {
    const before = championState(args.accountId)
    log.resolveEvent(args)
    recordChange({
      actor,
      action: `champion_event.${args.decision}`,
      entityType: 'champion_event',
      entityId: args.eventId,
      accountId: args.accountId,
      before: { decision: 'pending', ...before },
      after: { decision: args.decision, ...championState(args.accountId) },
    })
  })
  afterCommit({ reassess: [args.accountId] })
}

/** Champions who answered before and are silent in a closed wave; returns how many were found. */
export function detectSilentChampions({ now }: { now: Date }): number {
  const accounts = log.detectSilentChampions({ now })
  afterCommit({ reassess: accounts, now })
  return accounts.length
}

const RECENT_DAYS = 200

/** One account's champion section (`people`: the account's, when the caller has read them already). */
export function accountChampion({ accountId, now, people = listStakeholders({ accountId }) }: { accountId: number; now: Date; people?: ExistingPerson[] }) {
  const events = listChampionEvents({ accountId })
  const champion = people.find((p) => p.isChampion) ?? null
  const { status, pending: open } = championSignal(events, champion?.id ?? null)
  // Named waves only: a confidential answer never feeds a score or "answered recently".
  const answers = latestAnswers({ accountId })
  const suggested = new Set(events.filter((e) => e.kind === 'successor_suggested' && resolutionOf(events, e.id) !== 'dismissed').map((e) => e.suggestedEmail?.toLowerCase()))
  const candidates = rankSuccessors(
    people
      .filter((p) => p.id !== champion?.id)
      .map((p) => {
        const latest = answers.find((a) => a.stakeholderId === p.id)
        return {
          id: p.id,
          name: p.name,
          level: p.level,
          role: p.role,
          status: p.status,
          latestScore: latest?.score ?? null,
          answeredRecently: latest ? now.getTime() - latest.at.getTime() < RECENT_DAYS * 86_400_000 : false,
          namedAsSuccessor: suggested.has(p.email.toLowerCase()),
        }
      }),
  ).slice(0, 5)
  const pending = new Set(open.map((e) => e.id))
  return {
    champion: champion ? { id: champion.id, name: champion.name, level: champion.level, role: champion.role } : null,
    /** From confirmed history; events awaiting the owner are `awaitingConfirmation` (and `open` in the timeline). */
    status,
    awaitingConfirmation: open.length > 0,
    timeline: timeline(events).map((e) => ({ ...e, open: pending.has(e.id), resolution: e.pending ? resolutionOf(events, e.id) : null })),
    candidates,
    // After a champion leaves: a short pulse to the successor candidates' levels and the top.
    proposePulse: status === 'left' || status === 'none' || events.some((e) => pending.has(e.id) && ['left', 'at_risk', 'possibly_left'].includes(e.kind)),
  }
}

const PRIORITY: Record<ConfirmedChampionStatus, number> = { left: 0, cooling: 1, none: 2, active: 3 }

/**
 * Every account in scope with its champion: the status from confirmed history, what the
 * at-risk queue counts (`signal`), and the events awaiting confirmation. Accounts with
 * such events come first. The 'unconfirmed' filter and count are those accounts; the
 * other statuses are confirmed ones (an account with events waiting counts in both).
 */
export function portfolioChampions({ viewer, ownerId, status }: { viewer: Viewer; ownerId?: number; status?: ChampionStatus }) {
  const accounts = accountsInScope({ viewer, account: { ownerId } })
  const ids = accounts.map((a) => a.id)
  const events = listEventsOfAccounts({ accountIds: ids })
  const champions = championsOfAccounts({ accountIds: ids })
  const rows = accounts.map((a) => {
    const own = events.filter((e) => e.accountId === a.id)
    const champion = champions.find((c) => c.accountId === a.id) ?? null
    const state = championSignal(own, champion?.id ?? null)
    return {
      accountId: a.id,
      name: a.name,
      arr: a.arr,
      champion: champion ? { name: champion.name, level: champion.level } : null,
      status: state.status,
      signal: state.signal,
      awaitingConfirmation: state.pending.length > 0,
      pending: state.pending.map((e) => ({ id: e.id, kind: e.kind, createdAt: e.createdAt })),
      lastEventAt: own.length ? own[own.length - 1].createdAt : null,
    }
  })
  const counts = { unconfirmed: rows.filter((r) => r.awaitingConfirmation).length } as Record<ChampionStatus, number>
  for (const s of Object.keys(PRIORITY) as ConfirmedChampionStatus[]) counts[s] = rows.filter((r) => r.status === s).length
  return {
    counts,
    rows: rows
      .filter((r) => !status || (status === 'unconfirmed' ? r.awaitingConfirmation : r.status === status))
      // Events awaiting confirmation first, then by how worrying the status is, then by value.
      .sort((a, b) => Number(b.awaitingConfirmation) - Number(a.awaitingConfirmation) || PRIORITY[a.status] - PRIORITY[b.status] || b.arr - a.arr || a.name.localeCompare(b.name)),
  }
}
