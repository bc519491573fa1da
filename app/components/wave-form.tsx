/* The new-wave form: plain fields (works without JavaScript), grouped the way a
   service manager thinks: who, what we ask, when, and how answers are treated. */
import { Form, useNavigation } from '@remix-run/react'
import { FormError, SelectField, TextField, optionsOf } from './field'
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUSES, LEVEL_LABELS, LEVELS, LOCALE_LABELS, LOCALES } from '#app/domain/vocabulary'
import type { FieldErrors } from '#app/forms/parse'
import { followUpField, MAX_K, MIN_K, questionField, reminderDaysField, reminderMaxField } from '#app/forms/waves'

type Option = { id: number; name: string }

function Radio({ name, value, label, checked }: { name: string; value: string; label: string; checked: boolean }) {
  return (
    <div className="field checkbox">
      <input type="radio" id={`${name}-${value}`} name={name} value={value} defaultChecked={checked} />
      <label htmlFor={`${name}-${value}`}>{label}</label>
    </div>
  )
}

function Err({ errors, name }: { errors?: FieldErrors; name: string }) {
  const message = errors?.[name]?.[0]
  return message ? (
    <p className="field-error" role="alert" id={`f-${name}-error`}>
      {message}
    </p>
  ) : null
}

export function WaveForm({
  values,
  errors,
  formError,
  accounts,
  owners,
}: {
  values: Record<string, unknown>
  errors?: FieldErrors
  formError?: string
  accounts: Option[]
  owners: Option[]
}) {
  const busy = useNavigation().state === 'submitting'
  const str = (name: string) => (values[name] == null ? '' : String(values[name]))
  const list = (name: string) => ([values[name]].flat().filter((v) => v != null) as (string | number)[]).map(String)
  const levels = new Set(list('levels'))
  const picked = new Set(list('accountIds'))
  return (
    <Form method="post" className="stack" noValidate>
      <FormError message={formError} />
      <section className="card stack" aria-labelledby="wave-who">
        <h2 id="wave-who">Who we ask</h2>
        <TextField name="name" label="Wave name" errors={errors} defaultValue={str('name')} required />
        <fieldset>
          <legend>Accounts</legend>
          <Radio name="accountMode" value="all" label="All active accounts" checked={str('accountMode') === 'all'} />
          <Radio name="accountMode" value="filter" label="Accounts matching a filter" checked={str('accountMode') === 'filter'} />
          <div className="filters" style={{ marginLeft: 28 }}>
            <SelectField name="filterOwner" label="Owner" options={owners.map((o) => ({ value: String(o.id), label: o.name }))} placeholder="Anyone" defaultValue={str('filterOwner')} />
            <SelectField name="filterStrategic" label="Strategic" options={[{ value: 'yes', label: 'Strategic only' }, { value: 'no', label: 'Not strategic' }]} placeholder="Any" defaultValue={str('filterStrategic')} />
            <SelectField name="filterStatus" label="Status" options={optionsOf(ACCOUNT_STATUSES, ACCOUNT_STATUS_LABELS)} placeholder="Any" defaultValue={str('filterStatus')} />
          </div>
          <Radio name="accountMode" value="picked" label="These accounts:" checked={str('accountMode') === 'picked'} />
          <div className="pick-list" style={{ marginLeft: 28 }}>
            {accounts.map((a) => (
              <div className="field checkbox" key={a.id}>
                <input type="checkbox" id={`acc-${a.id}`} name="accountIds" value={a.id} defaultChecked={picked.has(String(a.id))} />
                <label htmlFor={`acc-${a.id}`}>{a.name}</label>
              </div>
            ))}
          </div>
          <Err errors={errors} name="accountMode" />
          <Err errors={errors} name="accountIds" />
        </fieldset>
        <fieldset>
          <legend>Levels</legend>
          <div className="row">
            {LEVELS.map((level) => (
              <div className="field checkbox" key={level}>
                <input type="checkbox" id={`level-${level}`} name="levels" value={level} defaultChecked={levels.has(level)} />
                <label htmlFor={`level-${level}`}>{LEVEL_LABELS[level]}</label>
              </div>
            ))}
          </div>
          <Err errors={errors} name="levels" />
        </fieldset>
      </section>

      <section className="card stack" aria-labelledby="wave-what">
        <h2 id="wave-what">What we ask</h2>
        <p className="muted">Always the 0–10 hate question, worded for each level, then the follow-up question and an optional category.</p>
        {LEVELS.map((level) => (
          <fieldset key={level}>
            <legend>{LEVEL_LABELS[level]}</legend>
            <div className="form-grid">
              {LOCALES.map((locale) => (
                <div className="field" key={locale}>
                  <label htmlFor={`f-${questionField(level, locale)}`}>Question ({LOCALE_LABELS[locale]})</label>
                  <textarea id={`f-${questionField(level, locale)}`} name={questionField(level, locale)} rows={3} defaultValue={str(questionField(level, locale))} />
                  <Err errors={errors} name={questionField(level, locale)} />
                </div>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="form-grid">
          {LOCALES.map((locale) => (
            <TextField key={locale} name={followUpField(locale)} label={`Follow-up (${LOCALE_LABELS[locale]})`} errors={errors} defaultValue={str(followUpField(locale))} />
          ))}
        </div>
        <div className="field checkbox">
          <input type="checkbox" id="f-askCategory" name="askCategory" defaultChecked={str('askCategory') === 'on' || values.askCategory === true} />
          <label htmlFor="f-askCategory">Ask for a category (support, quality, deadlines, …)</label>
        </div>
      </section>

      <section className="card stack" aria-labelledby="wave-when">
        <h2 id="wave-when">When</h2>
        <fieldset>
          <legend>Send</legend>
          <Radio name="sendMode" value="now" label="Now" checked={str('sendMode') !== 'later'} />
          <Radio name="sendMode" value="later" label="At a time (UTC):" checked={str('sendMode') === 'later'} />
          <div style={{ marginLeft: 28 }}>
            <TextField name="sendAt" label="Send at (UTC)" type="datetime-local" errors={errors} defaultValue={str('sendAt')} />
          </div>
        </fieldset>
        <TextField name="closesOn" label="Closes at the end of (UTC)" type="date" errors={errors} defaultValue={str('closesOn')} />
        <fieldset>
          <legend>Reminders to people who have not answered</legend>
          <div className="form-grid">
            {LEVELS.map((level) => (
              <div key={level} className="row">
                <TextField name={reminderMaxField(level)} label={`${LEVEL_LABELS[level]}: reminders`} inputMode="numeric" errors={errors} defaultValue={str(reminderMaxField(level))} size={3} />
                <TextField name={reminderDaysField(level)} label="every … days" inputMode="numeric" errors={errors} defaultValue={str(reminderDaysField(level))} size={3} />
              </div>
            ))}
          </div>
        </fieldset>
      </section>

      <section className="card stack" aria-labelledby="wave-privacy">
        <h2 id="wave-privacy">How answers are treated</h2>
        <fieldset>
          <legend>Anonymity</legend>
          <Radio name="anonymity" value="confidential" label="Confidential: no names; a level's figures only with enough answers" checked={str('anonymity') !== 'named'} />
          <Radio name="anonymity" value="named" label="Named: staff see who said what" checked={str('anonymity') === 'named'} />
          <Err errors={errors} name="anonymity" />
        </fieldset>
        <TextField name="minAnswers" label={`Minimum answers to show a level (k, ${MIN_K}–${MAX_K})`} inputMode="numeric" errors={errors} defaultValue={str('minAnswers')} />
      </section>

      <div className="row">
        <SelectField name="previewLocale" label="Preview in" options={optionsOf(LOCALES, LOCALE_LABELS)} defaultValue={str('previewLocale') || 'en'} />
        <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
          Check recipients and preview
        </button>
        <button type="submit" name="intent" value="create" disabled={busy}>
          {busy ? 'Working…' : 'Create wave and send'}
        </button>
      </div>
    </Form>
  )
}
