import { describe, expect, it } from 'vitest'
import { currentWaves, isReachable, reminderDue, waveStatus, waveTimes } from '#app/domain/waves'
import { INVITATION_STATES, LEVELS, LOCALES, type InvitationState } from '#app/domain/vocabulary'
import { toWaveInput, waveFormDefaults, WaveSchema } from '#app/forms/waves'
import { messages } from '#app/i18n/messages'

const DAY = 86_400_000
const now = new Date('2030-03-10T12:00:00.000Z')
const at = (ms: number) => new Date(now.getTime() + ms)

describe('waveStatus', () => {
  const wave = (sendAt: Date, closesAt: Date, closedAt: Date | null = null) => ({ sendAt, closesAt, closedAt })

  it('scheduled before it is sent, open from the send time, closed from the close time', () => {
    expect(waveStatus(wave(at(1), at(DAY)), now)).toBe('scheduled')
    expect(waveStatus(wave(now, at(DAY)), now)).toBe('open')
    expect(waveStatus(wave(at(-DAY), at(1)), now)).toBe('open')
    expect(waveStatus(wave(at(-DAY), now), now)).toBe('closed')
    expect(waveStatus(wave(at(-2 * DAY), at(-1)), now)).toBe('closed')
  })

  it('closed early is closed, even before its send time or close time', () => {
    expect(waveStatus(wave(at(-DAY), at(DAY), at(-1)), now)).toBe('closed')
    expect(waveStatus(wave(at(DAY), at(2 * DAY), at(-1)), now)).toBe('closed')
  })
})

describe('isReachable', () => {
  it('only active people are asked', () => {
    expect(isReachable({ status: 'active' })).toBe(true)
    for (const status of ['left', 'bounced', 'unsubscribed'] as const) expect(isReachable({ status })).toBe(false)
  })
})

describe('reminderDue', () => {
  type Invitation = { state: InvitationState; remindersSent: number; lastSentAt: Date | null }
  type Args = { policy: { afterDays: number; max: number }; waveOpen: boolean; reachable: boolean; now: Date }
  const invitation: Invitation = { state: 'sent', remindersSent: 0, lastSentAt: at(-3 * DAY) }
  const base: Args = { policy: { afterDays: 3, max: 1 }, waveOpen: true, reachable: true, now }
  const due = ({ invitation: inv, ...overrides }: Partial<Args> & { invitation?: Partial<Invitation> } = {}) =>
    reminderDue({ ...base, ...overrides, invitation: { ...invitation, ...inv } })

  it('due exactly afterDays after the last email, not a millisecond before', () => {
    expect(due()).toBe(true)
    expect(due({ invitation: { lastSentAt: at(-3 * DAY + 1) } })).toBe(false)
    expect(due({ invitation: { lastSentAt: at(-10 * DAY) } })).toBe(true)
  })

  it('counts from the last email, so a second reminder waits again', () => {
    const two = { afterDays: 3, max: 2 }
    expect(due({ policy: two, invitation: { remindersSent: 1, lastSentAt: at(-2 * DAY) } })).toBe(false)
    expect(due({ policy: two, invitation: { remindersSent: 1, lastSentAt: at(-3 * DAY) } })).toBe(true)
  })

  it('never more than max; max 0 means none', () => {
    expect(due({ invitation: { remindersSent: 1 } })).toBe(false)
    expect(due({ invitation: { remindersSent: 5 } })).toBe(false)
    expect(due({ policy: { afterDays: 1, max: 0 } })).toBe(false)
    expect(due({ policy: { afterDays: 3, max: 3 }, invitation: { remindersSent: 2 } })).toBe(true)
    expect(due({ policy: { afterDays: 3, max: 3 }, invitation: { remindersSent: 3 } })).toBe(false)
  })

  it('only while someone has not answered and the email went out', () => {
    const remindable: InvitationState[] = ['sent', 'delivered', 'opened']
    for (const state of INVITATION_STATES) expect(due({ invitation: { state } }), state).toBe(remindable.includes(state))
  })

  it('never before the first email, after closing, or to someone unreachable', () => {
    expect(due({ invitation: { lastSentAt: null } })).toBe(false)
    expect(due({ waveOpen: false })).toBe(false)
    expect(due({ reachable: false })).toBe(false)
  })
})

describe('waveTimes', () => {
  it('"now" sends now and closes at the end of the close day (UTC)', () => {
    expect(waveTimes({ sendMode: 'now', closesOn: '2030-03-24' }, now)).toEqual({
      ok: true,
      times: { sendAt: now, closesAt: new Date('2030-03-24T23:59:59.999Z') },
    })
  })

  it('"later" reads a datetime-local value as UTC', () => {
    const result = waveTimes({ sendMode: 'later', sendAt: '2030-03-12T09:30', closesOn: '2030-03-20' }, now)
    expect(result).toEqual({ ok: true, times: { sendAt: new Date('2030-03-12T09:30:00Z'), closesAt: new Date('2030-03-20T23:59:59.999Z') } })
  })

  it('a send time in the past is an error on sendAt, with a minute of grace', () => {
    expect(waveTimes({ sendMode: 'later', sendAt: '2030-03-10T11:58', closesOn: '2030-03-20' }, now)).toMatchObject({ ok: false, field: 'sendAt' })
    expect(waveTimes({ sendMode: 'later', sendAt: '2030-03-10T11:59:30', closesOn: '2030-03-20' }, now)).toMatchObject({ ok: true })
  })

  it('an unreadable close date is an error on closesOn', () => {
    const result = waveTimes({ sendMode: 'now', closesOn: 'next friday' }, now)
    expect(result).toEqual({ ok: false, field: 'closesOn', message: 'Enter a date like 2027-01-31.' })
  })

  it('the wave must stay open at least a day after it is sent', () => {
    // Sent at noon, closing at the end of the same day: 12 h.
    expect(waveTimes({ sendMode: 'now', closesOn: '2030-03-10' }, now)).toMatchObject({ ok: false, field: 'closesOn' })
    expect(waveTimes({ sendMode: 'now', closesOn: '2030-03-09' }, now)).toMatchObject({ ok: false, field: 'closesOn' })
    // End of the next day: 36 h.
    expect(waveTimes({ sendMode: 'now', closesOn: '2030-03-11' }, now)).toMatchObject({ ok: true })
    // Exactly one day: allowed.
    expect(waveTimes({ sendMode: 'later', sendAt: '2030-03-10T23:59:59.999', closesOn: '2030-03-11' }, now)).toMatchObject({ ok: true })
    expect(waveTimes({ sendMode: 'later', sendAt: '2030-03-11T00:00:00', closesOn: '2030-03-11' }, now)).toMatchObject({ ok: false, field: 'closesOn' })
  })

  it('a missing or unreadable send time for "later" is an error on sendAt, never an Invalid Date', () => {
    for (const sendAt of [undefined, '', 'tomorrow']) {
      const result = waveTimes({ sendMode: 'later', sendAt, closesOn: '2030-03-20' }, now)
      expect(result, String(sendAt)).toMatchObject({ ok: false, field: 'sendAt' })
    }
  })

  it('a close date that does not exist on the calendar is an error, not a different day', () => {
    // `new Date('2030-02-30T23:59:59.999Z')` rolls over to 2 March in V8.
    expect(waveTimes({ sendMode: 'now', closesOn: '2030-04-31' }, now)).toMatchObject({ ok: false, field: 'closesOn' })
  })
})

describe('the new-wave form (WaveSchema → toWaveInput)', () => {
  const form = (overrides: Record<string, unknown> = {}) => {
    const values: Record<string, unknown> = {
      name: ' Spring pulse ',
      accountMode: 'picked',
      accountIds: ['3', '5'],
      levels: ['executor', 'top', 'executor'],
      askCategory: 'on',
      sendMode: 'now',
      closesOn: '2030-03-24',
      anonymity: 'confidential',
      minAnswers: '4',
      followUp_en: 'What should we fix?',
      followUp_ru: 'Что исправить?',
    }
    for (const level of LEVELS) {
      values[`question_${level}_en`] = `Hate (${level})?`
      values[`question_${level}_ru`] = `Ненависть (${level})?`
      values[`reminderDays_${level}`] = '3'
      values[`reminderMax_${level}`] = '1'
    }
    return { ...values, reminderDays_manager: '5', reminderMax_manager: '2', ...overrides }
  }

  it('builds the wave: selection, unique levels, per-level questions and reminder policy, times', () => {
    const parsed = WaveSchema.safeParse(form())
    expect(parsed.success).toBe(true)
    const result = toWaveInput(parsed.data!, { now, createdById: 7 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.input).toMatchObject({
      name: 'Spring pulse',
      createdById: 7,
      selection: { mode: 'picked', accountIds: [3, 5] },
      levels: ['executor', 'top'],
      askCategory: true,
      anonymity: 'confidential',
      minAnswers: 4,
      sendAt: now,
      closesAt: new Date('2030-03-24T23:59:59.999Z'),
    })
    // This form carries no Chinese or Malay wording: those take the level's default.
    expect(result.input.questions.top).toEqual({ en: 'Hate (top)?', ru: 'Ненависть (top)?', zh: messages.zh.defaultQuestion.top, ms: messages.ms.defaultQuestion.top })
    expect(result.input.followUp).toEqual({ en: 'What should we fix?', ru: 'Что исправить?', zh: messages.zh.defaultFollowUp, ms: messages.ms.defaultFollowUp })
    expect(result.input.reminderPolicy).toEqual({
      executor: { afterDays: 3, max: 1 },
      manager: { afterDays: 5, max: 2 },
      head: { afterDays: 3, max: 1 },
      top: { afterDays: 3, max: 1 },
    })
  })

  it('keeps the Chinese and Malay wording the form sends, and refuses a blank one', () => {
    const parsed = WaveSchema.safeParse(form({ question_head_zh: '您有多讨厌我们？', question_head_ms: 'Berapa benci anda?', followUp_zh: '先改什么？', followUp_ms: 'Apa dulu?' }))
    const result = toWaveInput(parsed.data!, { now, createdById: 7 })
    if (!result.ok) throw new Error('expected a wave')
    expect(result.input.questions.head).toMatchObject({ zh: '您有多讨厌我们？', ms: 'Berapa benci anda?' })
    expect(result.input.followUp).toMatchObject({ zh: '先改什么？', ms: 'Apa dulu?' })
    const blank = WaveSchema.safeParse(form({ question_top_zh: ' ', followUp_ms: '' }))
    expect(blank.error?.issues.map((i) => String(i.path[0])).sort()).toEqual(['followUp_ms', 'question_top_zh'])
  })

  it('fills the form with the default wording in all four languages', () => {
    const values = waveFormDefaults(now, messages)
    for (const locale of LOCALES) {
      expect(values[`followUp_${locale}`]).toBe(messages[locale].defaultFollowUp)
      for (const level of LEVELS) expect(values[`question_${level}_${locale}`]).toBe(messages[locale].defaultQuestion[level])
    }
  })

  it('rejects an out-of-range reminder policy, field by field', () => {
    const parsed = WaveSchema.safeParse(form({ reminderDays_head: '0', reminderMax_top: '4' }))
    expect(parsed.success).toBe(false)
    const fields = parsed.error!.issues.map((i) => String(i.path[0]))
    expect(fields).toEqual(expect.arrayContaining(['reminderDays_head', 'reminderMax_top']))
  })

  it('a send time in the past comes back as a sendAt error', () => {
    const parsed = WaveSchema.safeParse(form({ sendMode: 'later', sendAt: '2030-03-01T09:00' }))
    expect(parsed.success).toBe(true)
    expect(toWaveInput(parsed.data!, { now, createdById: 1 })).toMatchObject({ ok: false, fieldErrors: { sendAt: [expect.any(String)] } })
  })
})

describe("an account's current state (currentWaves)", () => {
  const now = new Date('2026-12-04T12:00:00Z')
  const day = 86_400_000
  const wave = (id: number, sentDaysAgo: number, closesInDays: number) => ({ id, sendAt: new Date(now.getTime() - sentDaysAgo * day), closesAt: new Date(now.getTime() + closesInDays * day), closedAt: null })
  // Newest first: two open waves, then three closed ones.
  const waves = [wave(5, 1, 10), wave(4, 5, 3), wave(3, 40, -20), wave(2, 90, -60), wave(1, 200, -150)]

  it('is the open waves since the last closed one, that one, and the closed one before', () => {
    const state = currentWaves(waves, now)
    expect([state.open.map((w) => w.id), state.lastClosed?.id, state.closedBefore?.id]).toEqual([[5, 4], 3, 2])
  })

  it("counts only waves that asked the account, and asks no further than needed", () => {
    const seen: number[] = []
    const state = currentWaves(waves, now, (w) => (seen.push(w.id), w.id !== 3 && w.id !== 4))
    expect([state.open.map((w) => w.id), state.lastClosed?.id, state.closedBefore?.id]).toEqual([[5], 2, 1])
    expect(seen).toEqual([5, 4, 3, 2, 1])
    const early: number[] = []
    currentWaves(waves, now, (w) => (early.push(w.id), true))
    expect(early).toEqual([5, 4, 3, 2])
  })

  it('has no last closed wave while none has closed', () => {
    expect(currentWaves([wave(2, 1, 5)], now)).toEqual({ open: [expect.objectContaining({ id: 2 })], lastClosed: null, closedBefore: null })
  })
})
