/* Shared field schemas: human messages and normalising transforms, used by every
   form schema and by the CSV import so a field means the same thing everywhere. */
import { z } from 'zod'
import {
  ACCOUNT_STATUSES,
  CHAMPION_REASONS,
  LEVELS,
  LOCALES,
  RELATIONSHIP_ROLES,
  STAFF_ROLES,
  STAKEHOLDER_STATUSES,
} from '#app/domain/vocabulary'

export const NAME_MAX = 120
export const EMAIL_MAX = 254
export const TITLE_MAX = 120
export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200
export const ARR_MAX = 1_000_000_000

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string({ error: `Choose ${what}.` })
    .trim()
    .toLowerCase()
    .pipe(z.enum(values, { error: `Choose ${what}: ${values.join(', ')}.` }))

export const NameSchema = z
  .string({ error: 'Name is required.' })
  .trim()
  .min(1, 'Name is required.')
  .max(NAME_MAX, `Name must be at most ${NAME_MAX} characters.`)

export const EmailSchema = z
  .string({ error: 'Email is required.' })
  .trim()
  .toLowerCase()
  .min(1, 'Email is required.')
  .max(EMAIL_MAX, 'Email is too long.')
  .pipe(z.email('Enter a valid email address, like name@company.com.'))

export const PasswordSchema = z
  .string({ error: 'Password is required.' })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`)

export const TitleSchema = z
  .string()
  .trim()
  .max(TITLE_MAX, `Title must be at most ${TITLE_MAX} characters.`)
  .default('')

export const LevelSchema = oneOf(LEVELS, 'a level')
export const RelationshipRoleSchema = oneOf(RELATIONSHIP_ROLES, 'a role')
export const LocaleSchema = oneOf(LOCALES, 'a language')
export const StakeholderStatusSchema = oneOf(STAKEHOLDER_STATUSES, 'a status')
export const AccountStatusSchema = oneOf(ACCOUNT_STATUSES, 'a status')
export const StaffRoleSchema = oneOf(STAFF_ROLES, 'a role')
export const ChampionReasonSchema = oneOf(CHAMPION_REASONS, 'a reason')

export const DomainSchema = z
  .string({ error: 'Domain is required.' })
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/^https?:\/\//, '').replace(/\/.*$/, ''))
  .pipe(
    z
      .string()
      .min(1, 'Domain is required.')
      .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'Enter a domain like example.com.'),
  )

/** Checkbox: present ("on") means true; absent means false. */
export const CheckboxSchema = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === '1')

export const IdSchema = z.coerce.number({ error: 'Choose one.' }).int().positive('Choose one.')
