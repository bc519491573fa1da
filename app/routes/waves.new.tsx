/* A new survey wave: choose who, word the question per level, check the recipient
   count and preview the email and page per level, then create it (all-or-nothing). */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { SurveyForm } from '#app/components/survey-form'
import { WaveForm } from '#app/components/wave-form'
import { WAVE_ROLES } from '#app/domain/access'
import { LEVEL_LABELS, LOCALES, type Level, type Locale } from '#app/domain/vocabulary'
import { messages, waveFollowUp, waveQuestion } from '#app/i18n/messages'
import { parseForm } from '#app/forms/parse'
import { accountSelection, pulseDefaults, toWaveInput, waveFormDefaults, WaveSchema } from '#app/forms/waves'
import { listImportTargets } from '#app/models/accounts.server'
import { getSetting } from '#app/models/settings.server'
import { listActiveStaff } from '#app/models/users.server'
import { countRecipients } from '#app/models/waves.server'
import { createWave } from '#app/services/waves.server'
import { actorOf } from '#app/services/audit.server'
import { requireRole, toViewer } from '#app/services/auth.server'
import { readForm } from '#app/utils/public-request.server'
import { renderSurveyEmail } from '#app/services/email.server'
import surveyStyles from '#app/styles/survey.css'

export const meta: MetaFunction = () => [{ title: 'New wave · Hatescale' }]
export const links = () => [{ rel: 'stylesheet', href: surveyStyles }]

const ARRAYS = ['levels', 'accountIds'] as const

async function options(request: Request) {
  const user = await requireRole(request, WAVE_ROLES)
  const accounts = listImportTargets({ viewer: toViewer(user) }).map((a) => ({ id: a.id, name: a.name }))
  accounts.sort((a, b) => a.name.localeCompare(b.name))
  const owners = listActiveStaff().filter((s) => s.role !== 'account_team')
  return { user, accounts, owners }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { accounts, owners } = await options(request)
  const now = new Date()
  const defaults = waveFormDefaults(now, messages)
  // ?pulse=<accountId>: after a champion change, a short pulse to that account's heads and top.
  const pulse = accounts.find((a) => a.id === Number(new URL(request.url).searchParams.get('pulse')))
  return { accounts, owners, defaults: pulse ? { ...defaults, ...pulseDefaults(pulse, now) } : defaults }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await options(request)
  const form = await readForm(request)
  const parsed = parseForm(WaveSchema, form, ARRAYS)
  if (!parsed.ok) return data({ ...parsed, preview: null }, { status: 400 })
  const now = new Date()
  const wave = toWaveInput(parsed.data, { now, createdById: user.id })
  if (!wave.ok) return data({ ok: false as const, fieldErrors: wave.fieldErrors, values: Object.fromEntries(formEntries(form)), formError: undefined, preview: null }, { status: 400 })
  const counts = countRecipients({ selection: accountSelection(parsed.data), levels: wave.input.levels })

  if (form.get('intent') === 'create') {
    if (counts.total === 0) {
      return data({ ok: false as const, fieldErrors: {}, values: Object.fromEntries(formEntries(form)), formError: 'Nobody to ask: no reachable people at these levels of these accounts.', preview: null }, { status: 400 })
    }
    const { waveId } = createWave({ ...wave.input, actor: actorOf(user, context) })
    return redirect(`/waves/${waveId}`)
  }

  // Preview: the recipient count per level, and the email and page each level would get.
  const locale: Locale = LOCALES.find((l) => l === form.get('previewLocale')) ?? 'en'
  const senderName = getSetting('senderName')
  const previews = await Promise.all(
    wave.input.levels.map(async (level: Level) => {
      const props = {
        locale,
        senderName,
        recipientName: 'Alex Example',
        question: waveQuestion(wave.input.questions, level, locale),
        surveyUrl: '#preview',
        unsubscribeUrl: '#preview',
        anonymity: wave.input.anonymity,
        closesAt: wave.input.closesAt.toISOString(),
      } as const
      return { level, question: props.question, email: await renderSurveyEmail('invitation', props), followUp: waveFollowUp(wave.input.followUp, locale) }
    }),
  )
  return {
    ok: false as const,
    fieldErrors: {},
    formError: undefined,
    values: Object.fromEntries(formEntries(form)),
    preview: { counts, previews, locale, senderName, anonymity: wave.input.anonymity, askCategory: wave.input.askCategory, closesAt: wave.input.closesAt.toISOString() },
  }
}

/** Form entries with repeated names kept as arrays, so the form can be redrawn as typed. */
function formEntries(form: FormData): [string, unknown][] {
  return [...new Set(form.keys())].map((k) => [k, ARRAYS.includes(k as (typeof ARRAYS)[number]) ? form.getAll(k) : form.get(k)])
}

export default function NewWave() {
  const { accounts, owners, defaults } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const preview = result?.preview
  return (
    <main className="container">
      <h1>New survey wave</h1>
      {preview ? (
        <section className="card stack" aria-labelledby="preview-title">
          <h2 id="preview-title">Recipients and preview</h2>
          <p role="status">
            <strong>{preview.counts.total}</strong> people at <strong>{preview.counts.accounts}</strong> accounts will be asked:{' '}
            {Object.entries(preview.counts.perLevel)
              .map(([level, n]) => `${LEVEL_LABELS[level as Level]} ${n}`)
              .join(' · ')}
            . Only people who are still active are counted (not left, bounced or unsubscribed).
          </p>
          {preview.previews.map((p) => (
            <div key={p.level} className="stack">
              <h3>
                {LEVEL_LABELS[p.level]} — “{p.email.subject}”
              </h3>
              <div className="preview-grid">
                <iframe className="preview-frame" title={`Email to ${LEVEL_LABELS[p.level]}`} sandbox="" srcDoc={p.email.html} />
                <div className="preview-frame" style={{ overflow: 'auto', padding: 8 }}>
                  <SurveyForm
                    locale={preview.locale}
                    question={p.question}
                    followUp={p.followUp}
                    askCategory={preview.askCategory}
                    anonymity={preview.anonymity}
                    senderName={preview.senderName}
                    closesAt={preview.closesAt}
                    selectedScore={8}
                    submissionId="preview"
                    answered={false}
                    preview
                  />
                </div>
              </div>
            </div>
          ))}
        </section>
      ) : null}
      <WaveForm values={result?.values ?? defaults} errors={result?.fieldErrors} formError={result?.formError} accounts={accounts} owners={owners} />
    </main>
  )
}
