/* Champion pages: one account's champion, log and successor candidates, and the
   portfolio view of champion statuses (also the at-risk queue's champion signals). */
import { championStatus, pendingEvents, rankSuccessors, resolutionOf, timeline } from '#app/domain/champions'
import type { Viewer } from '#app/domain/access'
import type { ChampionStatus } from '#app/domain/vocabulary'
import { championsOfAccounts, latestAnswers, listChampionEvents, listEventsOfAccounts } from '#app/models/champions.server'
import { accountsInScope } from '#app/models/sentiment.server'
import type { ExistingPerson } from '#app/domain/stakeholder-import'
import { listStakeholders } from '#app/models/stakeholders.server'

const RECENT_DAYS = 200

/** One account's champion section (`people`: the account's, when the caller has read them already). */
export function accountChampion({ accountId, now, people = listStakeholders({ accountId }) }: { accountId: number; now: Date; people?: ExistingPerson[] }) {
  const events = listChampionEvents({ accountId })
  const champion = people.find((p) => p.isChampion) ?? null
  const status = championStatus(events, champion?.id ?? null)
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
  const pending = new Set(pendingEvents(events).map((e) => e.id))
  return {
    champion: champion ? { id: champion.id, name: champion.name, level: champion.level, role: champion.role } : null,
    status,
    timeline: timeline(events).map((e) => ({ ...e, open: pending.has(e.id), resolution: e.pending ? resolutionOf(events, e.id) : null })),
    candidates,
    // After a champion leaves: a short pulse to the successor candidates' levels and the top.
    proposePulse: status === 'left' || status === 'none' || events.some((e) => pending.has(e.id) && ['left', 'at_risk', 'possibly_left'].includes(e.kind)),
  }
}

const PRIORITY: Record<ChampionStatus, number> = { unconfirmed: 0, left: 1, cooling: 2, none: 3, active: 4 }

export function portfolioChampions({ viewer, ownerId, status }: { viewer: Viewer; ownerId?: number; status?: ChampionStatus }) {
  const accounts = accountsInScope({ viewer, account: { ownerId } })
  const ids = accounts.map((a) => a.id)
  const events = listEventsOfAccounts({ accountIds: ids })
  const champions = championsOfAccounts({ accountIds: ids })
  const rows = accounts.map((a) => {
    const own = events.filter((e) => e.accountId === a.id)
    const champion = champions.find((c) => c.accountId === a.id) ?? null
    const open = pendingEvents(own)
    return {
      accountId: a.id,
      name: a.name,
      arr: a.arr,
      champion: champion ? { name: champion.name, level: champion.level } : null,
      status: championStatus(own, champion?.id ?? null),
      pending: open.map((e) => ({ id: e.id, kind: e.kind, createdAt: e.createdAt })),
      lastEventAt: own.length ? own[own.length - 1].createdAt : null,
    }
  })
  const counts = Object.fromEntries(Object.keys(PRIORITY).map((s) => [s, rows.filter((r) => r.status === s).length])) as Record<ChampionStatus, number>
  return {
    counts,
    rows: rows
      .filter((r) => !status || r.status === status)
      // Events awaiting confirmation first, then by how worrying the status is, then by value.
      .sort((a, b) => PRIORITY[a.status] - PRIORITY[b.status] || b.arr - a.arr || a.name.localeCompare(b.name)),
  }
}

/** The champion status of each account, as signals for the at-risk queue. */
export function championSignals({ viewer }: { viewer: Viewer }): Map<number, ChampionStatus> {
  return new Map(portfolioChampions({ viewer }).rows.map((r) => [r.accountId, r.status]))
}
