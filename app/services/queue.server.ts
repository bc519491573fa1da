/* The at-risk queue: builds one account's picture from what Hatescale already holds
   (the latest wave's answers, the one before, silence, the champion log, the renewal
   date), assesses it with app/domain/queue.ts, and applies the result to the account's
   item. Writers only mark accounts dirty; refreshQueue() brings those up to date, so
   the queue is incremental and the respondent's path stays light. */
import { championStatus, pendingEvents } from '#app/domain/champions'
import { canShow, hateIndex, levelGap, gapSentence, isSignificantGap, meanScore, tally, wentSilent } from '#app/domain/hate-scale'
import type { Viewer } from '#app/domain/access'
import { assess, changeOf, describeChange, drafts, followUps, saveMetrics, surprise, type Assessment } from '#app/domain/queue'
import type { AccountPicture } from '#app/domain/signals'
import { CONCESSION_GUIDANCE, isOverdue, priceWarning, approvalLimit, type TriageSettings } from '#app/domain/triage'
import { LEVELS, type ChampionStatus, type Level } from '#app/domain/vocabulary'
import { waveStatus } from '#app/domain/waves'
import { championsOfAccounts, listChampionEvents } from '#app/models/champions.server'
import {
  accountWaves,
  applyAssessment,
  eventsOfItems,
  getQueueItem,
  invitedByLevel,
  itemsForMetrics,
  itemsOfAccount,
  listQueueItems,
  queueAccount,
  topAskedAnswered,
  waveAnswers,
  type ApplyResult,
  type QueueFilters,
} from '#app/models/queue.server'
import { clearDirty, dirtyAccounts, markAllDirty } from '#app/models/queue-dirty.server'
import { getSetting, getTriageSettings } from '#app/models/settings.server'
import { listStakeholders } from '#app/models/stakeholders.server'
import { db } from './db.server'
import { getEnv } from './env.server'

const DAY = 86_400_000

/** Whole days from `now` to an ISO date (negative when past). */
export function daysUntil(isoDate: string | null, now: Date): number | null {
  if (!isoDate) return null
  return Math.floor((Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) / DAY)
}

const CHAMPION_DEPARTURES = { left: 'reported leaving the company', at_risk: 'email bounced', possibly_left: 'is no longer listed in the latest import' } as const

/** The champion as a signal: a departure awaiting confirmation already counts (the owner may dismiss it). */
function championOf(accountId: number): { status: ChampionStatus; evidence?: string } {
  const events = listChampionEvents({ accountId })
  const current = championsOfAccounts({ accountIds: [accountId] })[0] ?? null
  const status = championStatus(events, current?.id ?? null)
  if (status !== 'unconfirmed') return { status }
  const pending = pendingEvents(events)
  const departure = pending.find((e) => e.kind in CHAMPION_DEPARTURES && (current === null || e.fromStakeholderId === current.id))
  if (departure && current) return { status: 'left', evidence: `${departure.fromName ?? 'our champion'} ${CHAMPION_DEPARTURES[departure.kind as keyof typeof CHAMPION_DEPARTURES]} (awaiting confirmation)` }
  const cooling = pending.find((e) => e.kind === 'cooling')
  if (cooling) return { status: 'cooling', evidence: `${cooling.fromName ?? 'our champion'} is cooling: ${cooling.note} (awaiting confirmation)` }
  return { status: current ? 'active' : 'none' }
}

/**
 * One account's picture for the signals. The wave read is the latest started one (an
 * open wave counts: a top buyer's 9 must reach the queue the day it is given); silence
 * is judged only once that wave has closed. Confidential waves are applied here: no
 * names, and no quotes or figures from groups under k people.
 */
export function accountPicture(accountId: number, now: Date): { picture: AccountPicture; responseRate: number | null; concerns: string[] } | null {
  const account = queueAccount(accountId)
  if (!account || account.archivedAt) return null
  const champion = championOf(accountId)
  const base = { champion: champion.status, championEvidence: champion.evidence, renewalInDays: daysUntil(account.renewalDate, now) }
  const waves = accountWaves({ accountId, now })
  const [latest, previous] = waves
  if (!latest) return { picture: { answers: [], hateIndex: null, previousHateIndex: null, silentLevels: [], topNeverAnswers: false, gap: null, ...base }, responseRate: null, concerns: [] }

  const confidential = latest.anonymity === 'confidential'
  const privacy = { confidential, k: latest.minAnswers }
  const answers = waveAnswers({ accountId, waveId: latest.id })
  const invited = invitedByLevel({ accountId, waveIds: previous ? [latest.id, previous.id] : [latest.id] })
  const asked = invited.filter((r) => r.waveId === latest.id).reduce((s, r) => s + Number(r.invited), 0)
  const accountShown = canShow({ n: answers.length }, privacy)

  const current = tally(answers.map((a) => a.score))
  let previousIndex: number | null = null
  if (previous) {
    const before = waveAnswers({ accountId, waveId: previous.id })
    const previousPrivacy = { confidential: previous.anonymity === 'confidential', k: previous.minAnswers }
    previousIndex = canShow({ n: before.length }, previousPrivacy) ? hateIndex(tally(before.map((a) => a.score))) : null
  }
  const means: Partial<Record<Level, number | null>> = {}
  for (const level of LEVELS) {
    const scores = answers.filter((a) => a.level === level).map((a) => a.score)
    if (canShow({ n: scores.length }, privacy)) means[level] = meanScore(tally(scores))
  }
  const gap = levelGap(means)
  const closed = waveStatus(latest, now) === 'closed'
  const count = (waveId: number, level: Level, field: 'invited' | 'answered') => Number(invited.find((r) => r.waveId === waveId && r.level === level)?.[field] ?? 0)
  const silentLevels = closed && previous ? LEVELS.filter((l) => wentSilent({ previousAnswered: count(previous.id, l, 'answered'), currentAnswered: count(latest.id, l, 'answered'), currentInvited: count(latest.id, l, 'invited') })) : []
  const top = topAskedAnswered({ accountId, waveIds: waves.filter((w) => waveStatus(w, now) === 'closed').map((w) => w.id) })

  const picture: AccountPicture = {
    answers: answers.map((a) => ({ score: a.score, level: a.level, role: a.role, comment: a.comment, locale: a.locale, category: a.category, who: confidential ? null : `${a.name}` })),
    hateIndex: accountShown ? hateIndex(current) : null,
    previousHateIndex: accountShown ? previousIndex : null,
    silentLevels,
    topNeverAnswers: top.asked > 0 && top.answered === 0,
    gap: isSignificantGap(gap) ? { gap: gap.gap, sentence: gapSentence(gap) } : null,
    quoteComments: accountShown,
    ...base,
  }
  // The client's words for the drafts: quoted without names in confidential waves, and not at all under k.
  const concerns = accountShown ? answers.filter((a) => a.comment.trim() && a.score >= 4).map((a) => a.comment.trim()) : []
  return { picture, responseRate: asked ? answers.length / asked : null, concerns }
}

/** Assess one account and apply the result to its item, in one transaction. */
export function evaluateAccount(accountId: number, now: Date, settings: TriageSettings = getTriageSettings(), mark?: { accountId: number; markedAt: Date }): ApplyResult {
  const account = queueAccount(accountId)
  const found = account ? accountPicture(accountId, now) : null
  return db.transaction((tx) => {
    if (mark) clearDirty(tx, mark)
    if (!account || !found) return { action: 'none', itemId: null }
    const assessment: Assessment = assess(found.picture, { arr: account.arr, strategic: account.strategic, responseRate: found.responseRate }, settings)
    return applyAssessment(tx, {
      account,
      assessment,
      now,
      appUrl: getEnv().APP_URL,
      change: (before) => {
        const c = changeOf(before, assessment)
        return c ? { kind: c.kind, text: describeChange(c) } : null
      },
    })
  })
}

/** Brings every account marked dirty up to date (oldest marks first). Returns what it did. */
export function refreshQueue({ now = new Date(), limit = 10_000 }: { now?: Date; limit?: number } = {}) {
  const settings = getTriageSettings()
  const results: ApplyResult[] = []
  for (const mark of dirtyAccounts({ limit })) results.push(evaluateAccount(mark.accountId, now, settings, mark))
  return results
}

/** The whole portfolio again: after a settings change, and daily as renewal dates come closer. */
export function recomputeQueue({ now = new Date() }: { now?: Date } = {}) {
  markAllDirty(now)
  return refreshQueue({ now, limit: Number.MAX_SAFE_INTEGER })
}

// ——— Pages ———

export function queuePage({ viewer, filters, now }: { viewer: Viewer; filters: QueueFilters; now: Date }) {
  refreshQueue({ now })
  return listQueueItems({ viewer, filters, now })
}

export function itemPage({ viewer, itemId, now }: { viewer: Viewer; itemId: number; now: Date }) {
  refreshQueue({ now })
  const found = getQueueItem({ viewer, itemId })
  if (!found) return null
  const { item } = found
  const picture = accountPicture(item.accountId, now)
  const people = listStakeholders({ accountId: item.accountId }).filter((p) => p.status === 'active')
  const steps = found.steps.map((s) => ({ ...s, overdue: isOverdue(s, now) }))
  const open = item.status === 'open'
  const openProblems = item.signals.map((s) => s.evidence)
  return {
    ...found,
    steps,
    people: people.map((p) => ({ id: p.id, name: p.name, level: p.level, role: p.role, isChampion: p.isChampion })),
    guidance: CONCESSION_GUIDANCE[item.risk],
    priceWarning: priceWarning(item.signals, picture?.picture.answers.map((a) => a.category) ?? []),
    drafts: open
      ? drafts({
          accountName: found.account.name,
          concerns: picture?.concerns ?? [],
          actions: steps.filter((s) => !s.doneAt && !s.skippedAt).map((s) => ({ title: s.title, owner: s.assignee ?? s.ownerLabel, dueAt: s.dueAt })),
          senderName: getSetting('senderName'),
          topNeverAnswers: picture?.picture.topNeverAnswers ?? false,
          effort: item.effort,
          openProblems,
        })
      : [],
    followUps: item.closedAt && item.status !== 'open' ? followUps(item.status, item.closedAt) : [],
  }
}

export function metricsPage({ viewer, now }: { viewer: Viewer; now: Date }) {
  refreshQueue({ now })
  const items = itemsForMetrics({ viewer })
  const saved = items.filter((i) => i.status === 'saved')
  // Post-save retention: saved accounts that have not been lost since (a later churned item or status).
  const lostAfter = (i: (typeof items)[number]) => i.accountStatus === 'churned' || items.some((j) => j.accountId === i.accountId && j.status === 'churned' && j.openedAt > i.openedAt)
  const metrics = saveMetrics(items, { saved: saved.length, renewed: saved.filter((i) => !lostAfter(i)).length })
  const churned = items.filter((i) => i.status === 'churned')
  return {
    metrics,
    churned: churned.map((i) => {
      const flagged = items.filter((j) => j.accountId === i.accountId).map((j) => j.openedAt)
      return { itemId: i.id, accountId: i.accountId, name: i.accountName, arr: i.arr, closedAt: i.closedAt, ...surprise(flagged, i.closedAt ?? now) }
    }),
    // The product's own quality measure: the share of churn the queue saw coming.
    foreseen: churned.length ? churned.filter((i) => !surprise(items.filter((j) => j.accountId === i.accountId).map((j) => j.openedAt), i.closedAt ?? now).surprise).length / churned.length : null,
  }
}

/** What a post-mortem needs beyond the account page's own sections: the queue's history and the surprise. */
export function postMortemQueue({ accountId, lostAt }: { accountId: number; lostAt: Date }) {
  const items = itemsOfAccount({ accountId })
  const events = eventsOfItems({ itemIds: items.map((i) => i.id) })
  return {
    items: items.map((i) => ({ id: i.id, status: i.status, risk: i.risk, effort: i.effort, openedAt: i.openedAt, closedAt: i.closedAt, outcomeReason: i.outcomeReason, events: events.filter((e) => e.itemId === i.id) })),
    surprise: surprise(
      items.map((i) => i.openedAt),
      lostAt,
    ),
  }
}

export { approvalLimit }
