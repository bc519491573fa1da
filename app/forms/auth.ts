import { z } from 'zod'
import { EmailSchema, NameSchema, PasswordSchema } from './fields'

export const LoginSchema = z.object({
  email: EmailSchema,
  // Any length is accepted here: a wrong password is "wrong", not "too short".
  password: z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(1000),
  redirectTo: z.string().optional(),
})

export const SetupSchema = z
  .object({
    name: NameSchema,
    email: EmailSchema,
    password: PasswordSchema,
    confirmPassword: z.string({ error: 'Repeat the password.' }),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match.',
  })
