import { z } from 'zod'
import { EmailSchema, IdSchema, NameSchema, PasswordSchema, StaffRoleSchema } from './fields'

export const CreateUserSchema = z.object({
  intent: z.literal('create'),
  name: NameSchema,
  email: EmailSchema,
  role: StaffRoleSchema,
  password: PasswordSchema,
})

export const ChangeRoleSchema = z.object({ intent: z.literal('role'), userId: IdSchema, role: StaffRoleSchema })
export const SetDisabledSchema = z.object({
  intent: z.enum(['disable', 'enable']),
  userId: IdSchema,
})

/** A concession approval limit in percent; empty returns the user to their role's default. */
export const ApprovalLimitSchema = z.object({
  intent: z.literal('approval-limit'),
  userId: IdSchema,
  approvalLimit: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number({ error: 'Enter a whole percent from 0 to 100, or leave it empty.' }).int('Enter a whole percent.').min(0, 'The limit cannot be negative.').max(100, 'The limit must be at most 100%.').nullable()),
})

export const UserActionSchema = z.discriminatedUnion('intent', [CreateUserSchema, ChangeRoleSchema, SetDisabledSchema, ApprovalLimitSchema])
