import { z } from 'zod'

export const SENDER_NAME_MAX = 80

const money = (what: string) => z.coerce.number({ error: `${what}: enter an amount in dollars.` }).int(`${what}: enter whole dollars.`).min(0, `${what} cannot be negative.`).max(1_000_000_000, `${what} is too large.`)
const days = (what: string) => z.coerce.number({ error: `${what}: enter a number of days.` }).int(`${what}: enter whole days.`).min(1, `${what} must be at least 1 day.`).max(3650, `${what} must be at most 3650 days.`)

/** The at-risk queue's triage thresholds (defaults in app/domain/triage.ts). */
export const TriageSettingsSchema = z
  .object({
    highValueArr: money('High value from'),
    mediumValueArr: money('Medium value from'),
    executiveFromArr: money('Executive involvement from'),
    comprehensiveDays: days('Comprehensive save from'),
    emergencyDays: days('Emergency below'),
  })

export const SettingsSchema = z.object({
  senderName: z
    .string({ error: 'Sender name is required.' })
    .trim()
    .min(1, 'Sender name is required.')
    .max(SENDER_NAME_MAX, `Sender name must be at most ${SENDER_NAME_MAX} characters.`)
    .refine((v) => !/[<>"\r\n]/.test(v), 'Sender name cannot contain <, >, quotes or line breaks.'),
  ...TriageSettingsSchema.shape,
})
  // Buckets that overlap would make the triage contradict itself.
  .refine((v) => v.mediumValueArr < v.highValueArr, { path: ['mediumValueArr'], message: 'Medium value must start below high value.' })
  .refine((v) => v.emergencyDays < v.comprehensiveDays, { path: ['emergencyDays'], message: 'Emergency must be shorter than the comprehensive runway.' })
