import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { TextField } from '#app/components/field'
import { SettingsSchema } from '#app/forms/settings'
import { parseForm } from '#app/forms/parse'
import { getSettings } from '#app/models/settings.server'
import { saveSettings } from '#app/services/settings.server'
import { requireRole } from '#app/services/auth.server'
import { getEnv } from '#app/utils/env.server'

const TRIAGE_FIELDS = [
  ['highValueArr', 'High value from (ARR, $)', 'Strategic accounts are high value whatever their ARR.'],
  ['mediumValueArr', 'Medium value from (ARR, $)', 'Below this an account is low value.'],
  ['executiveFromArr', 'Executive involvement from (ARR, $)', 'The playbook suggests an executive sponsor from here up.'],
  ['comprehensiveDays', 'Comprehensive save from (days to renewal)', 'Below this the save is compressed: critical issues and quick wins.'],
  ['emergencyDays', 'Emergency below (days to renewal)', ''],
] as const

export const meta: MetaFunction = () => [{ title: 'Settings · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['admin'])
  return { settings: getSettings(), emailFrom: getEnv().EMAIL_FROM, resend: Boolean(getEnv().RESEND_API_KEY) }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, ['admin'])
  const form = parseForm(SettingsSchema, await request.formData())
  if (!form.ok) return data(form, { status: 400 })
  await saveSettings(form.data)
  return redirect('/admin/settings?saved')
}

export default function SettingsPage() {
  const { settings, emailFrom, resend } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <main className="container narrow">
      <h1>Settings</h1>
      {params.has('saved') ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      <Form method="post" className="card stack" noValidate>
        <TextField
          name="senderName"
          label="Sender name on survey emails"
          hint={`Recipients see “${settings.senderName} <${emailFrom.match(/<([^>]+)>/)?.[1] ?? emailFrom}>”. The address comes from EMAIL_FROM.`}
          errors={failure?.fieldErrors}
          defaultValue={failure?.values.senderName ?? settings.senderName}
        />
        <fieldset className="form-grid">
          <legend>At-risk queue: triage thresholds</legend>
          {TRIAGE_FIELDS.map(([name, label, hint]) => (
            <TextField key={name} name={name} label={label} hint={hint} type="number" min={0} errors={failure?.fieldErrors} defaultValue={failure?.values[name] ?? settings[name]} />
          ))}
        </fieldset>
        <p className="muted">Email is {resend ? 'sent through Resend (RESEND_API_KEY is set).' : 'kept in the local dev mailbox (no RESEND_API_KEY).'}</p>
        <button type="submit">Save settings</button>
      </Form>
    </main>
  )
}
