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

export const UserActionSchema = z.discriminatedUnion('intent', [CreateUserSchema, ChangeRoleSchema, SetDisabledSchema])
