/* Survey waves: their life cycle, who gets asked, and when reminders are due.
   Pure functions over plain values; the clock is always an argument. */
import type { InvitationState, Level, Locale, StakeholderStatus } from './vocabulary'

/** A wave's wording of the hate question, per level and language. A wave saved before a
    language was added has no wording in it: readers fall back to the level's default
    (`waveQuestion` in app/i18n/messages.ts). */
export type WaveQuestions = Record<Level, Partial<Record<Locale, string>>>
/** The follow-up question per language; partial for the same reason. */
export type WaveFollowUp = Partial<Record<Locale, string>>
/** Reminders per level: how many at most, and how many days after the last email. */
export type ReminderPolicy = Record<Level, { afterDays: number; max: number }>

export const DEFAULT_MIN_ANSWERS = 3
/** Default reminder policy per level: one reminder after 3 days (issue 3). */
export const DEFAULT_REMINDER = { afterDays: 3, max: 1 } as const
export const MAX_REMINDERS = 3
export const MAX_REMINDER_DAYS = 30
export const DEFAULT_OPEN_DAYS = 14

export type WaveStatus = 'scheduled' | 'open' | 'closed'

export function waveStatus(wave: { sendAt: Date; closesAt: Date; closedAt: Date | null }, now: Date): WaveStatus {
  if (wave.closedAt || wave.closesAt.getTime() <= now.getTime()) return 'closed'
  return wave.sendAt.getTime() > now.getTime() ? 'scheduled' : 'open'
}

/**
 * An account's current state, from its waves newest first: the open waves since its last
 * closed one (still filling up), that last closed wave, and the closed wave before it
 * (for trends and silence). Only waves that asked the account count: `asked` is called in
 * order and no further than needed. The queue, the account page and /sentiment read "now"
 * and "the wave before" from this one definition.
 */
export function currentWaves<W extends { sendAt: Date; closesAt: Date; closedAt: Date | null }>(
  newestFirst: readonly W[],
  now: Date,
  asked: (wave: W) => boolean = () => true,
): { open: W[]; lastClosed: W | null; closedBefore: W | null } {
  const open: W[] = []
  let lastClosed: W | null = null
  for (const w of newestFirst) {
    if (!asked(w)) continue
    if (waveStatus(w, now) !== 'closed') {
      if (!lastClosed) open.push(w)
    } else if (!lastClosed) lastClosed = w
    else return { open, lastClosed, closedBefore: w }
  }
  return { open, lastClosed, closedBefore: null }
}

/** Only people we can still reach are asked: not left, bounced or unsubscribed. */
export function isReachable(person: { status: StakeholderStatus }): boolean {
  return person.status === 'active'
}

/** States in which a person has not answered and can still get a reminder. */
const REMINDABLE: ReadonlySet<InvitationState> = new Set(['sent', 'delivered', 'opened'])

export function reminderDue({
  invitation,
  policy,
  waveOpen,
  reachable,
  now,
}: {
  invitation: { state: InvitationState; remindersSent: number; lastSentAt: Date | null }
  policy: { afterDays: number; max: number }
  waveOpen: boolean
  reachable: boolean
  now: Date
}): boolean {
  if (!waveOpen || !reachable || !invitation.lastSentAt) return false
  if (!REMINDABLE.has(invitation.state) || invitation.remindersSent >= policy.max) return false
  return now.getTime() - invitation.lastSentAt.getTime() >= policy.afterDays * 86_400_000
}

export type RecipientCounts = Record<Level, number> & { total: number }

export type WaveTimes = { sendAt: Date; closesAt: Date }

/**
 * When a wave goes out and closes. Times are UTC: "later" is a datetime-local value,
 * the close date closes at the end of that day. Errors are per field, in words.
 */
export function waveTimes(
  input: { sendMode: 'now' | 'later'; sendAt?: string; closesOn: string },
  now: Date,
): { ok: true; times: WaveTimes } | { ok: false; field: 'sendAt' | 'closesOn'; message: string } {
  const sendAt = input.sendMode === 'now' ? now : new Date(`${input.sendAt}Z`)
  if (Number.isNaN(sendAt.getTime())) return { ok: false, field: 'sendAt', message: 'Enter the date and time to send.' }
  if (input.sendMode === 'later' && sendAt.getTime() < now.getTime() - 60_000) {
    return { ok: false, field: 'sendAt', message: 'The send time is in the past; choose "now" or a later time.' }
  }
  const closesAt = new Date(`${input.closesOn}T23:59:59.999Z`)
  // A date that does not exist (2030-04-31) would silently roll over; refuse it.
  if (Number.isNaN(closesAt.getTime()) || closesAt.toISOString().slice(0, 10) !== input.closesOn) {
    return { ok: false, field: 'closesOn', message: 'Enter a date like 2027-01-31.' }
  }
  if (closesAt.getTime() - sendAt.getTime() < 86_400_000) {
    return { ok: false, field: 'closesOn', message: 'The wave must stay open at least a day after it is sent.' }
  }
  return { ok: true, times: { sendAt, closesAt } }
}
