import { Form, Link, useNavigation } from '@remix-run/react'
import { CheckboxField, FormError, SelectField, TextField, optionsOf } from './field'
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUSES, STAFF_ROLE_LABELS, type StaffRole } from '#app/domain/vocabulary'
import type { FormFailure } from '#app/forms/parse'

type Staff = { id: number; name: string; role: StaffRole }

export function AccountForm({
  defaults,
  staff,
  failure,
  submitLabel,
  cancelTo,
}: {
  defaults: Record<string, unknown>
  staff: Staff[]
  failure?: FormFailure
  submitLabel: string
  cancelTo: string
}) {
  const busy = useNavigation().state === 'submitting'
  const values = failure?.values ?? defaults
  const errors = failure?.fieldErrors
  const team = new Set((values.teamIds as (string | number)[] | undefined)?.map(String) ?? [])
  return (
    <Form method="post" className="card stack" noValidate>
      <FormError message={failure?.formError} />
      <div className="form-grid">
        <TextField name="name" label="Company name" errors={errors} defaultValue={values.name} required />
        <TextField name="domain" label="Domain" errors={errors} defaultValue={values.domain} placeholder="example.com" required />
        <TextField name="industry" label="Industry" errors={errors} defaultValue={values.industry} />
        <TextField name="arr" label="ARR (USD per year)" inputMode="numeric" errors={errors} defaultValue={values.arr ?? '0'} />
        <TextField name="renewalDate" label="Renewal date" type="date" errors={errors} defaultValue={values.renewalDate} />
        <SelectField name="status" label="Status" options={optionsOf(ACCOUNT_STATUSES, ACCOUNT_STATUS_LABELS)} errors={errors} defaultValue={values.status ?? 'active'} />
        <SelectField
          name="ownerId"
          label="Owning service manager"
          options={staff.filter((s) => s.role !== 'account_team').map((s) => ({ value: String(s.id), label: s.name }))}
          placeholder="No owner"
          errors={errors}
          defaultValue={values.ownerId}
        />
      </div>
      <CheckboxField name="strategic" label="Strategic account" defaultChecked={values.strategic === true || values.strategic === 'on'} />
      <fieldset>
        <legend>Account team</legend>
        <div className="form-grid">
          {staff.map((s) => (
            <div className="field checkbox" key={s.id}>
              <input id={`team-${s.id}`} type="checkbox" name="teamIds" value={s.id} defaultChecked={team.has(String(s.id))} />
              <label htmlFor={`team-${s.id}`}>
                {s.name} <span className="muted">({STAFF_ROLE_LABELS[s.role]})</span>
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <Link to={cancelTo}>Cancel</Link>
      </div>
    </Form>
  )
}
