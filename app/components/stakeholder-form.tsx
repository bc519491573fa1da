import { Form, Link } from '@remix-run/react'
import { CheckboxField, FormError, SelectField, TextField, optionsOf } from './field'
import { LEVEL_LABELS, LEVELS, LOCALE_LABELS, LOCALES, RELATIONSHIP_ROLES, STAKEHOLDER_STATUSES } from '#app/domain/vocabulary'
import type { FormFailure } from '#app/forms/parse'

export function StakeholderForm({
  intent,
  stakeholderId,
  defaults,
  failure,
  submitLabel,
  cancelTo,
}: {
  intent: 'add-stakeholder' | 'edit-stakeholder'
  stakeholderId?: number
  defaults: Record<string, unknown>
  failure?: FormFailure
  submitLabel: string
  cancelTo?: string
}) {
  const values = failure?.values ?? defaults
  const errors = failure?.fieldErrors
  return (
    <Form method="post" className="card stack" noValidate aria-label={submitLabel}>
      <input type="hidden" name="intent" value={intent} />
      {stakeholderId ? <input type="hidden" name="stakeholderId" value={stakeholderId} /> : null}
      <FormError message={failure?.formError} />
      <div className="form-grid">
        <TextField name="name" label="Name" errors={errors} defaultValue={values.name} required />
        <TextField name="email" label="Email" type="email" errors={errors} defaultValue={values.email} required />
        <TextField name="title" label="Job title" errors={errors} defaultValue={values.title} />
        <SelectField name="level" label="Level" options={optionsOf(LEVELS, LEVEL_LABELS)} placeholder="Choose…" errors={errors} defaultValue={values.level} />
        <SelectField
          name="role"
          label="Relationship role"
          options={optionsOf(RELATIONSHIP_ROLES, { user: 'User (consumes the service)', buyer: 'Buyer (pays)', both: 'Both' })}
          placeholder="Choose…"
          errors={errors}
          defaultValue={values.role}
        />
        <SelectField name="locale" label="Language" options={optionsOf(LOCALES, LOCALE_LABELS)} errors={errors} defaultValue={values.locale ?? 'en'} />
        <SelectField name="status" label="Status" options={optionsOf(STAKEHOLDER_STATUSES)} errors={errors} defaultValue={values.status ?? 'active'} />
      </div>
      <CheckboxField name="isChampion" label="Our champion at this client (replaces the current one)" defaultChecked={values.isChampion === true || values.isChampion === 'on'} />
      <div className="row">
        <button type="submit">{submitLabel}</button>
        {cancelTo ? <Link to={cancelTo}>Cancel</Link> : null}
      </div>
    </Form>
  )
}
