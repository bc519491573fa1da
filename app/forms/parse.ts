/* One way to read a submitted form: zod-parse it, and on failure hand back
   field-level messages plus what the user typed, so the page can show both. */
import { z } from 'zod'

export type FieldErrors = Record<string, string[] | undefined>
export type FormFailure = { ok: false; fieldErrors: FieldErrors; formError?: string; values: Record<string, unknown> }
export type FormResult<T> = { ok: true; data: T } | FormFailure

/** FormData → plain object; names in `arrays` keep every value. Files are dropped. */
export function formValues(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === 'string')
    out[key] = arrays.includes(key) ? all : all[0]
  }
  // Passwords are never echoed back into the page.
  return out
}

export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
  arrays: readonly string[] = [],
): FormResult<z.output<S>> {
  const values = formValues(form, arrays)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, data: result.data }
  const flat = z.flattenError(result.error)
  const safeValues = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)))
  return {
    ok: false,
    fieldErrors: flat.fieldErrors as FieldErrors,
    formError: flat.formErrors[0],
    values: safeValues,
  }
}

export function formFailure(fieldErrors: FieldErrors, values: Record<string, unknown>, formError?: string): FormFailure {
  return { ok: false, fieldErrors, values, formError }
}
