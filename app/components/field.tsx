/* Labelled inputs that show their field-level error and keep what the user typed. */
import type { ReactNode } from 'react'
import type { FieldErrors } from '#app/forms/parse'

type Common = { name: string; label: string; errors?: FieldErrors; hint?: ReactNode }

export function fieldId(name: string) {
  return `f-${name}`
}

function Message({ name, errors, hint }: Pick<Common, 'name' | 'errors' | 'hint'>) {
  const error = errors?.[name]?.[0]
  return (
    <>
      {hint ? (
        <small id={`${fieldId(name)}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${fieldId(name)}-error`} className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </>
  )
}

function describedBy(name: string, errors?: FieldErrors, hint?: ReactNode) {
  const ids = [hint ? `${fieldId(name)}-hint` : '', errors?.[name] ? `${fieldId(name)}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

export function TextField({
  name,
  label,
  errors,
  hint,
  defaultValue,
  type = 'text',
  ...rest
}: Common & { defaultValue?: unknown; type?: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'defaultValue' | 'name' | 'type'>) {
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>{label}</label>
      <input
        id={fieldId(name)}
        name={name}
        type={type}
        defaultValue={defaultValue == null ? undefined : String(defaultValue)}
        aria-invalid={errors?.[name] ? true : undefined}
        aria-describedby={describedBy(name, errors, hint)}
        {...rest}
      />
      <Message name={name} errors={errors} hint={hint} />
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

export function CheckboxField({ name, label, errors, defaultChecked }: Common & { defaultChecked?: boolean }) {
  return (
    <div className="field checkbox">
      <input id={fieldId(name)} name={name} type="checkbox" defaultChecked={defaultChecked} />
      <label htmlFor={fieldId(name)}>{label}</label>
      <Message name={name} errors={errors} />
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
