/* What a respondent may post to /s/:token, with messages in their language.
   Built per locale, since the errors are shown to people outside our company. */
import { z } from 'zod'
import { COMMENT_MAX, SUGGEST_EMAIL_MAX, SUGGEST_NAME_MAX, t } from '#app/i18n/messages'
import { RESPONSE_CATEGORIES, type Locale } from '#app/domain/vocabulary'

/** Largest form body the public routes read (a full comment in any script fits easily). */
export const MAX_PUBLIC_BODY_BYTES = 32 * 1024

const SubmissionId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/)

const schemas = new Map<Locale, ReturnType<typeof buildSurveySchema>>()

/** One schema per language, built once: this runs on every respondent POST. */
export function surveySchema(locale: Locale) {
  let schema = schemas.get(locale)
  if (!schema) schemas.set(locale, (schema = buildSurveySchema(locale)))
  return schema
}

function buildSurveySchema(locale: Locale) {
  const m = t(locale)
  return z.discriminatedUnion('intent', [
    z.object({
      intent: z.literal('answer'),
      submissionId: SubmissionId,
      score: z
        .string({ error: m.errors.scoreRequired })
        .regex(/^\d{1,2}$/, m.errors.scoreRange)
        .transform(Number)
        .pipe(z.number().int().min(0, m.errors.scoreRange).max(10, m.errors.scoreRange)),
      comment: z
        .string()
        .default('')
        .transform((v) => v.replace(/\r\n/g, '\n').trim())
        .pipe(z.string().max(COMMENT_MAX, m.errors.commentTooLong(COMMENT_MAX))),
      category: z
        .string()
        .default('')
        .pipe(z.union([z.literal(''), z.enum(RESPONSE_CATEGORIES)], { error: m.errors.categoryInvalid }))
        .transform((v) => (v === '' ? null : v)),
    }),
    z.object({ intent: z.literal('left'), submissionId: SubmissionId }),
    z.object({
      intent: z.literal('someone-else'),
      submissionId: SubmissionId,
      suggestName: z.string({ error: m.errors.nameRequired }).trim().min(1, m.errors.nameRequired).max(SUGGEST_NAME_MAX),
      suggestEmail: z
        .string({ error: m.errors.emailInvalid })
        .trim()
        .toLowerCase()
        .max(SUGGEST_EMAIL_MAX, m.errors.emailInvalid)
        .pipe(z.email(m.errors.emailInvalid)),
    }),
  ])
}
export type SurveyPost = z.output<ReturnType<typeof buildSurveySchema>>
