/* The new-wave form: one flat HTML form (works without JavaScript) parsed into
   the structured wave it describes. */
import { z } from 'zod'
import { DEFAULT_MIN_ANSWERS, DEFAULT_OPEN_DAYS, DEFAULT_REMINDER, MAX_REMINDER_DAYS, MAX_REMINDERS, waveTimes, type ReminderPolicy, type WaveFollowUp, type WaveQuestions } from '#app/domain/waves'
import { ACCOUNT_STATUSES, ANONYMITY_MODES, LEVELS, LOCALES, type Level, type Locale } from '#app/domain/vocabulary'
import { messages } from '#app/i18n/messages'
import { CheckboxSchema } from './fields'

export const QUESTION_MAX = 300
export const WAVE_NAME_MAX = 120
export const MIN_K = 2
export const MAX_K = 20

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .min(1, `${what} is required.`)
    .max(max, `${what} must be at most ${max} characters.`)

const whole = (what: string, min: number, max: number) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .transform((v) => (v === '' ? NaN : Number(v)))
    .pipe(z.number({ error: `${what} must be a number.` }).int(`${what} must be a whole number.`).min(min, `${what} must be at least ${min}.`).max(max, `${what} must be at most ${max}.`))

export const questionField = (level: Level, locale: Locale) => `question_${level}_${locale}`
export const followUpField = (locale: Locale) => `followUp_${locale}`
export const reminderDaysField = (level: Level) => `reminderDays_${level}`
export const reminderMaxField = (level: Level) => `reminderMax_${level}`

const perLevel = Object.fromEntries(
  LEVELS.flatMap((level) => [
    // NOTE: optional, not blank: a form that does not carry a language at all (one opened
    // before that language existed) gets the level's default wording in it (toWaveInput).
    ...LOCALES.map((locale) => [questionField(level, locale), text('The question', QUESTION_MAX).optional()]),
    [reminderDaysField(level), whole('Days before the reminder', 1, MAX_REMINDER_DAYS)],
    [reminderMaxField(level), whole('Number of reminders', 0, MAX_REMINDERS)],
  ]),
) as Record<string, z.ZodType<string | number | undefined>>

const perLocale = Object.fromEntries(LOCALES.map((locale) => [followUpField(locale), text('The follow-up question', QUESTION_MAX).optional()]))

const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2027-01-31.')

export const WaveSchema = z
  .object({
    name: text('Name', WAVE_NAME_MAX),
    accountMode: z.enum(['all', 'picked', 'filter'], { error: 'Choose which accounts to ask.' }),
    accountIds: z.array(z.coerce.number().int().positive()).default([]),
    filterOwner: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : undefined)),
    filterStrategic: z.enum(['', 'yes', 'no']).optional(),
    filterStatus: z.union([z.literal(''), z.enum(ACCOUNT_STATUSES)]).optional(),
    levels: z.array(z.enum(LEVELS, { error: 'Unknown level.' }), { error: 'Choose at least one level.' }).min(1, 'Choose at least one level.'),
    askCategory: CheckboxSchema,
    sendMode: z.enum(['now', 'later'], { error: 'Choose when to send.' }),
    sendAt: z.string().trim().optional(),
    closesOn: isoDate,
    anonymity: z.enum(ANONYMITY_MODES, { error: 'Choose named or confidential.' }),
    minAnswers: whole('The minimum number of answers', MIN_K, MAX_K).optional(),
    ...perLevel,
    ...perLocale,
  })
  .superRefine((v, ctx) => {
    if (v.accountMode === 'picked' && v.accountIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['accountIds'], message: 'Pick at least one account.' })
    }
    if (v.sendMode === 'later' && !(v.sendAt && !Number.isNaN(Date.parse(`${v.sendAt}Z`)))) {
      ctx.addIssue({ code: 'custom', path: ['sendAt'], message: 'Enter the date and time to send.' })
    }
  })

export type WaveFormData = z.output<typeof WaveSchema>

export type AccountSelection =
  | { mode: 'all' }
  | { mode: 'picked'; accountIds: number[] }
  | { mode: 'filter'; ownerId?: number; strategic?: boolean; status?: (typeof ACCOUNT_STATUSES)[number] }

export function accountSelection(v: WaveFormData): AccountSelection {
  if (v.accountMode === 'picked') return { mode: 'picked', accountIds: v.accountIds }
  if (v.accountMode === 'filter') {
    return {
      mode: 'filter',
      ownerId: v.filterOwner,
      strategic: v.filterStrategic ? v.filterStrategic === 'yes' : undefined,
      status: v.filterStatus || undefined,
    }
  }
  return { mode: 'all' }
}

/** Defaults for a new wave's form: wording from the message catalog, one reminder after 3 days. */
export function waveFormDefaults(now: Date, catalog: Record<Locale, { defaultQuestion: Record<Level, string>; defaultFollowUp: string }>) {
  const values: Record<string, unknown> = {
    name: `Pulse ${now.toISOString().slice(0, 7)}`,
    accountMode: 'all',
    levels: [...LEVELS],
    askCategory: 'on',
    sendMode: 'now',
    closesOn: new Date(now.getTime() + DEFAULT_OPEN_DAYS * 86_400_000).toISOString().slice(0, 10),
    anonymity: 'confidential',
    minAnswers: String(DEFAULT_MIN_ANSWERS),
  }
  for (const locale of LOCALES) {
    values[followUpField(locale)] = catalog[locale].defaultFollowUp
    for (const level of LEVELS) values[questionField(level, locale)] = catalog[locale].defaultQuestion[level]
  }
  for (const level of LEVELS) {
    values[reminderDaysField(level)] = String(DEFAULT_REMINDER.afterDays)
    values[reminderMaxField(level)] = String(DEFAULT_REMINDER.max)
  }
  return values
}

/** The parsed form as the wave to create, or the one field that is wrong. */
export function toWaveInput(v: WaveFormData, { now, createdById }: { now: Date; createdById: number }) {
  const times = waveTimes({ sendMode: v.sendMode, sendAt: v.sendAt, closesOn: v.closesOn }, now)
  if (!times.ok) return { ok: false as const, fieldErrors: { [times.field]: [times.message] } }
  const field = (name: string) => (v as unknown as Record<string, string | number | undefined>)[name]
  const questions = Object.fromEntries(
    LEVELS.map((level) => [level, Object.fromEntries(LOCALES.map((locale) => [locale, String(field(questionField(level, locale)) ?? messages[locale].defaultQuestion[level])]))]),
  ) as WaveQuestions
  const reminderPolicy = Object.fromEntries(
    LEVELS.map((level) => [level, { afterDays: Number(field(reminderDaysField(level))), max: Number(field(reminderMaxField(level))) }]),
  ) as ReminderPolicy
  return {
    ok: true as const,
    input: {
      name: v.name,
      createdById,
      selection: accountSelection(v),
      levels: [...new Set(v.levels)],
      questions,
      followUp: Object.fromEntries(LOCALES.map((locale) => [locale, String(field(followUpField(locale)) ?? messages[locale].defaultFollowUp)])) as WaveFollowUp,
      askCategory: v.askCategory,
      anonymity: v.anonymity,
      minAnswers: v.anonymity === 'confidential' ? (v.minAnswers ?? DEFAULT_MIN_ANSWERS) : DEFAULT_MIN_ANSWERS,
      reminderPolicy,
      sendAt: times.times.sendAt,
      closesAt: times.times.closesAt,
    },
  }
}

export const PULSE_DAYS = 7

/** A short pulse to one account's heads and top management (e.g. after the champion left). */
export function pulseDefaults(account: { id: number; name: string }, now: Date) {
  return {
    name: `Pulse: ${account.name} after a champion change`,
    accountMode: 'picked',
    accountIds: [String(account.id)],
    levels: ['manager', 'head', 'top'],
    closesOn: new Date(now.getTime() + PULSE_DAYS * 86_400_000).toISOString().slice(0, 10),
    ...Object.fromEntries(LEVELS.map((level) => [reminderDaysField(level), '2'])),
  }
}
