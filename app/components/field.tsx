/* Labelled inputs that show their field-level error and keep what the user typed. */
import type { ReactNode } from 'react'
import type { FieldErrors } from '#app/forms/parse'

/** `id` only where one page repeats a field name (several forms of the same kind). */
type Common = { name: string; label: string; errors?: FieldErrors; hint?: ReactNode; id?: string }

export function fieldId(name: string) {
  return `f-${name}`
}

function Message({ name, errors, hint, id = fieldId(name) }: Pick<Common, 'name' | 'errors' | 'hint' | 'id'>) {
  const error = errors?.[name]?.[0]
  return (
    <>
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </>
  )
}

function describedBy(name: string, errors?: FieldErrors, hint?: ReactNode, id = fieldId(name)) {
  const ids = [hint ? `${id}-hint` : '', errors?.[name] ? `${id}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

export function TextField({
  name,
  label,
  errors,
  hint,
  defaultValue,
  type = 'text',
  id = fieldId(name),
  ...rest
}: Common & { defaultValue?: unknown; type?: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'defaultValue' | 'name' | 'type' | 'id'>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue == null ? undefined : String(defaultValue)}
        aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={describedBy(name, errors, hint, id)}
        {...rest}
      />
      <Message name={name} errors={errors} hint={hint} id={id} />
    </div>
  )
}

export function SelectField({
  name,
  label,
  errors,
  hint,
  defaultValue,
  options,
  placeholder,
}: Common & { defaultValue?: unknown; options: readonly { value: string; label: string }[]; placeholder?: string }) {
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>{label}</label>
      <select
        id={fieldId(name)}
        name={name}
        defaultValue={defaultValue == null ? '' : String(defaultValue)}
        aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={describedBy(name, errors, hint)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Message name={name} errors={errors} hint={hint} />
    </div>
  )
}

export function CheckboxField({ name, label, errors, defaultChecked, value, id = fieldId(name) }: Common & { defaultChecked?: boolean; value?: string }) {
  return (
    <div className="field checkbox">
      {/* NOTE: value only when given: React sets an input with a `value` prop (even undefined) to ""
          on hydration, and an unchecked-default "on" would then post as empty. */}
      <input id={id} name={name} type="checkbox" defaultChecked={defaultChecked} {...(value === undefined ? {} : { value })} />
      <label htmlFor={id}>{label}</label>
      <Message name={name} errors={errors} id={id} />
    </div>
  )
}

export function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null
}

/** Options for a <SelectField> from one of the vocabulary lists. */
export function optionsOf<T extends string>(values: readonly T[], labels?: Record<T, string>) {
  return values.map((value) => ({ value, label: labels?.[value] ?? value.replace('_', ' ') }))
}
