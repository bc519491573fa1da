import { z } from 'zod'
import {
  ACCOUNT_STATUSES,
  LEVELS,
} from '#app/domain/vocabulary'
import {
  AccountStatusSchema,
  ARR_MAX,
  CheckboxSchema,
  DomainSchema,
  EmailSchema,
  LevelSchema,
  LocaleSchema,
  NameSchema,
  RelationshipRoleSchema,
  StakeholderStatusSchema,
  TitleSchema,
} from './fields'

export const INDUSTRY_MAX = 80

export const AccountSchema = z.object({
  name: NameSchema,
  domain: DomainSchema,
  industry: z.string().trim().max(INDUSTRY_MAX, `Industry must be at most ${INDUSTRY_MAX} characters.`).default(''),
  arr: z
    .string()
    .trim()
    .transform((v) => v.replace(/[\s,_$€£]/g, ''))
    .transform((v) => (v === '' ? 0 : Number(v)))
    .pipe(
      z
        .number({ error: 'ARR must be a number.' })
        .int('ARR must be a whole number.')
        .min(0, 'ARR cannot be negative.')
        .max(ARR_MAX, 'ARR is too large.'),
    ),
  renewalDate: z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), 'Enter a date like 2027-03-31.')
    .transform((v) => (v === '' ? null : v)),
  strategic: CheckboxSchema,
  status: AccountStatusSchema.default('active'),
  ownerId: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int().positive().nullable()),
  teamIds: z.array(z.coerce.number().int().positive()).default([]),
})
export type AccountInput = z.infer<typeof AccountSchema>

export const StakeholderSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  title: TitleSchema,
  level: LevelSchema,
  role: RelationshipRoleSchema,
  locale: LocaleSchema.default('en'),
  isChampion: CheckboxSchema,
  status: StakeholderStatusSchema.default('active'),
})
export type StakeholderInput = z.infer<typeof StakeholderSchema>

export const ACCOUNT_SORTS = ['name', 'arr', 'renewal', 'status', 'people'] as const
export const PAGE_SIZE = 20

/** The accounts list's URL search params: everything optional, bad values ignored. */
export const AccountListQuerySchema = z.object({
  q: z.string().trim().max(100).catch(''),
  status: z.enum(ACCOUNT_STATUSES).optional().catch(undefined),
  strategic: z.enum(['yes', 'no']).optional().catch(undefined),
  owner: z.coerce.number().int().positive().optional().catch(undefined),
  gap: z.enum(LEVELS).optional().catch(undefined),
  archived: z.enum(['only', 'include']).optional().catch(undefined),
  sort: z.enum(ACCOUNT_SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
export type AccountListQuery = z.infer<typeof AccountListQuerySchema>
