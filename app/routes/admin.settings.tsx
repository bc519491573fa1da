import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { TextField } from '#app/components/field'
import { SettingsSchema } from '#app/forms/settings'
import { parseForm } from '#app/forms/parse'
import { getSettings } from '#app/models/settings.server'
import { saveSettings } from '#app/services/settings.server'
import { actorOf } from '#app/services/audit.server'
import { backupOverview } from '#app/services/backups.server'
import { requireRole } from '#app/services/auth.server'
import { readForm } from '#app/utils/public-request.server'
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
  return { settings: getSettings(), emailFrom: getEnv().EMAIL_FROM, resend: Boolean(getEnv().RESEND_API_KEY), backups: backupOverview() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ['admin'])
  const form = parseForm(SettingsSchema, await readForm(request))
  if (!form.ok) return data(form, { status: 400 })
  await saveSettings({ settings: form.data, actor: actorOf(user, context) })
  return redirect('/admin/settings?saved')
}

export default function SettingsPage() {
  const { settings, emailFrom, resend, backups } = useLoaderData<typeof loader>()
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
      <Backups {...backups} />
    </main>
  )
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`
const when = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC'

function Backups({ dir, keep, last, newest }: ReturnType<typeof useLoaderData<typeof loader>>['backups']) {
  return (
    <section className="card stack" aria-labelledby="backups">
      <h2 id="backups">Backups</h2>
      {last?.error ? (
        <p className="form-error" role="alert">
          Last backup failed, {when(last.at)}: {last.error}
        </p>
      ) : last ? (
        <p>
          Last backup: {when(last.at)}, {megabytes(last.bytes ?? 0)}, integrity check {last.integrity}.
        </p>
      ) : null}
      {newest && newest.file !== last?.file ? (
        <p>
          Newest backup: {newest.file}, {when(newest.at)}, {megabytes(newest.bytes)}.
        </p>
      ) : null}
      {!last && !newest ? (
        <p>
          No backup yet — the server takes one daily; <code>npm run backup</code> takes one now.
        </p>
      ) : null}
      <p className="muted">
        In {dir}, the newest {keep} kept (BACKUP_DIR, BACKUP_KEEP). Restore one with the server stopped: <code>npm run restore -- FILE</code>.
      </p>
    </section>
  )
}
