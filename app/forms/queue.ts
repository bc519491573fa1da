/* One zod schema per form of the at-risk queue (browser-safe: the item page renders
   from the same limits the actions enforce). */
import { z } from 'zod'
import { CONCESSION_TYPES, EFFORTS, QUEUE_OUTCOMES, QUEUE_STATUSES, RISK_LEVELS } from '#app/domain/vocabulary'
import { IdSchema } from './fields'

export const NOTE_MAX = 4_000
export const SUBJECT_MAX = 200
export const BODY_MAX = 20_000
export const SHORT_MAX = 500
export const PERCENT_MAX = 100
/** priority: risk × value × runway (the default); the others for a quick look. */
export const QUEUE_SORTS = ['priority', 'health', 'renewal', 'opened'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

const text = (what: string, max = SHORT_MAX) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .min(1, `${what} is required.`)
    .max(max, `${what} must be at most ${max} characters.`)

const IsoDateSchema = z
  .string({ error: 'Enter a date.' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Enter a real date.')

export const QueueQuerySchema = z.object({
  owner: z.coerce.number().int().positive().optional().catch(undefined),
  effort: z.enum(EFFORTS).optional().catch(undefined),
  risk: z.enum(RISK_LEVELS).optional().catch(undefined),
  status: z.enum(QUEUE_STATUSES).optional().catch(undefined),
  overdue: z
    .string()
    .optional()
    .transform((v) => v === '1' || v === 'on')
    .catch(false),
  sort: z.enum(QUEUE_SORTS).catch('priority'),
})
export type QueueQuery = z.infer<typeof QueueQuerySchema>

export const StepSchema = z.object({ stepId: IdSchema })
export const StepSkipSchema = StepSchema.extend({ reason: text('A reason for skipping') })
export const StepAssignSchema = StepSchema.extend({
  assigneeId: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().positive('Choose a person.').nullable()),
})

export const NoteSchema = z.object({ text: text('The note', NOTE_MAX) })

export const MessageSchema = z.object({
  subject: text('Subject', SUBJECT_MAX),
  body: text('The message', BODY_MAX),
  stakeholderIds: z.array(z.coerce.number().int().positive()).min(1, 'Choose at least one person to send it to.'),
})

export const PlanIssueSchema = z.object({
  issue: text('The issue'),
  rootCause: text('Root cause'),
  fix: text('Fix'),
  owner: text('Owner'),
  deadline: IsoDateSchema,
  metric: text('Success metric'),
})

export const ConcessionSchema = z.object({
  type: z.enum(CONCESSION_TYPES, { error: 'Choose a type of concession.' }),
  percent: z.coerce
    .number({ error: 'Enter the size in percent.' })
    .int('Enter a whole percent.')
    .min(0, 'The size cannot be negative.')
    .max(PERCENT_MAX, `The size must be at most ${PERCENT_MAX}%.`),
  term: text('Term'),
  rationale: text('Why'),
  expectedResult: text('Expected result'),
  expiry: text('Expiry (e.g. "year 1 only")'),
})

export const DecisionSchema = z.object({
  concessionId: IdSchema,
  note: z.string().trim().max(SHORT_MAX, `The note must be at most ${SHORT_MAX} characters.`).default(''),
})

export const CloseSchema = z
  .object({
    outcome: z.enum(QUEUE_OUTCOMES, { error: 'Choose the outcome: saved, churned or dismissed.' }),
    reason: z.string().trim().max(SHORT_MAX, `The reason must be at most ${SHORT_MAX} characters.`).default(''),
  })
  .refine((v) => v.outcome !== 'dismissed' || v.reason.length > 0, { path: ['reason'], message: 'Say why the item is dismissed.' })
