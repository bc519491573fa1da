import { z } from 'zod'

export const SENDER_NAME_MAX = 80

export const SettingsSchema = z.object({
  senderName: z
    .string({ error: 'Sender name is required.' })
    .trim()
    .min(1, 'Sender name is required.')
    .max(SENDER_NAME_MAX, `Sender name must be at most ${SENDER_NAME_MAX} characters.`)
    .refine((v) => !/[<>"\r\n]/.test(v), 'Sender name cannot contain <, >, quotes or line breaks.'),
})
