/* Stakeholder CSV import: upload → preview (every bad row with its reason, nothing
   written) → confirm (good rows in one transaction; re-import updates, never duplicates).
   "This file is the full list" (a box on the preview, off by default, carried to the
   confirm step) is what lets a missing champion raise "possibly left". */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '#app/components/field'
import { MAX_IMPORT_BYTES, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, summarizePlan } from '#app/domain/stakeholder-import'
import { LEVEL_LABELS } from '#app/domain/vocabulary'
import { requireEditableAccount } from '#app/services/account-access.server'
import { actorOf } from '#app/services/audit.server'
import { requireRole } from '#app/services/auth.server'
import { confirmImport, ImportFileError, previewImport } from '#app/services/stakeholder-import.server'
import { BodyTooLargeError, readSmallForm } from '#app/utils/public-request.server'

export const meta: MetaFunction = () => [{ title: 'Import people · Hatescale' }]
const IMPORTERS = ['admin', 'service_manager'] as const

/** With ?account=ID the import is into that account only (and must be editable). */
async function resolveScope(request: Request) {
  const accountParam = new URL(request.url).searchParams.get('account')
  if (accountParam) {
    const { viewer, account } = await requireEditableAccount(request, accountParam)
    return { viewer, intoAccount: { id: account.id, name: account.name, domain: account.domain } }
  }
  const user = await requireRole(request, IMPORTERS)
  return { viewer: { id: user.id, role: user.role }, intoAccount: undefined }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { intoAccount } = await resolveScope(request)
  return { intoAccount: intoAccount ?? null }
}

/* A CSV posted back as a urlencoded field can take up to three bytes per byte of the file (%XX). */
const MAX_IMPORT_BODY_BYTES = 3 * MAX_IMPORT_BYTES + 64 * 1024

export async function action({ request, context }: ActionFunctionArgs) {
  const scope = await resolveScope(request)
  const tooLarge = () => data({ stage: 'error' as const, message: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it and import the parts.` }, { status: 413 })
  let form: FormData
  try {
    form = await readSmallForm(request, MAX_IMPORT_BODY_BYTES)
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLarge()
    throw error
  }
  const intent = form.get('intent')
  const fullList = form.get('fullList') === 'on'
  const upload = form.get('file')
  const text = form.get('csv')
  let bytes: Uint8Array
  if ((upload instanceof File ? upload.size : 0) > MAX_IMPORT_BYTES || (typeof text === 'string' && text.length > MAX_IMPORT_BYTES)) return tooLarge()
  if (intent === 'preview' && upload instanceof File && upload.size > 0) bytes = new Uint8Array(await upload.arrayBuffer())
  else if (typeof text === 'string' && text.length > 0) bytes = new TextEncoder().encode(text)
  else return data({ stage: 'error' as const, message: 'Choose a CSV file to import.' }, { status: 400 })

  try {
    if (intent === 'confirm') {
      const { plan, created, updated } = confirmImport({ ...scope, bytes, fullList, actor: actorOf(scope.viewer, context) })
      return { stage: 'done' as const, created, updated, unchanged: summarizePlan(plan).unchanged, skipped: plan.bad.length }
    }
    const plan = previewImport({ ...scope, bytes })
    return { stage: 'preview' as const, plan, summary: summarizePlan(plan), csv: new TextDecoder().decode(bytes), fullList }
  } catch (error) {
    if (error instanceof ImportFileError) return data({ stage: 'error' as const, message: error.message }, { status: 400 })
    throw error
  }
}

export default function ImportPage() {
  const { intoAccount } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const back = intoAccount ? `/accounts/${intoAccount.id}` : '/accounts'
  return (
    <main className="container">
      <h1>Import people{intoAccount ? ` into ${intoAccount.name}` : ''}</h1>
      <p className="muted">
        A CSV with a header row. Required columns: <code>{REQUIRED_COLUMNS.join(', ')}</code>
        {intoAccount ? '' : ', account (domain or name)'}. Optional: <code>{OPTIONAL_COLUMNS.filter((c) => c !== 'account').join(', ')}</code>. Levels:{' '}
        {Object.keys(LEVEL_LABELS).join(', ')}; roles: user, buyer, both; champion: yes or no. Nothing is saved until you confirm.
      </p>

      {result?.stage === 'done' ? (
        <div className="notice" role="status">
          Imported: {result.created} added, {result.updated} updated, {result.unchanged} already up to date
          {result.skipped ? `, ${result.skipped} bad rows skipped` : ''}. <Link to={back}>Back to {intoAccount ? intoAccount.name : 'accounts'}</Link>
        </div>
      ) : null}
      {result?.stage === 'error' ? <FormError message={result.message} /> : null}

      <Form method="post" encType="multipart/form-data" className="card stack">
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="file">CSV file</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Preview import'}
        </button>
      </Form>

      {result?.stage === 'preview' ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <p role="status">
            {result.summary.create} to add, {result.summary.update} to update, {result.summary.unchanged} unchanged,{' '}
            <strong>{result.summary.bad} with problems</strong>.
          </p>
          {result.plan.bad.length > 0 ? (
            <div className="table-wrap">
              <table aria-label="Rows with problems">
                <thead>
                  <tr>
                    <th className="num">Line</th>
                    <th>Email</th>
                    <th>Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {result.plan.bad.map((b) => (
                    <tr key={b.line} data-testid="bad-row">
                      <td className="num">{b.line}</td>
                      <td>{b.raw.email}</td>
                      <td className="field-error">{b.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {result.plan.good.length > 0 ? (
            <>
              <h3>Rows to import</h3>
              <div className="table-wrap">
                <table aria-label="Rows to import">
                  <thead>
                    <tr>
                      <th className="num">Line</th>
                      <th>Account</th>
                      <th>Name</th>
                      <th>Level</th>
                      <th>Role</th>
                      <th>Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.plan.good.map((g) => (
                      <tr key={g.line}>
                        <td className="num">{g.line}</td>
                        <td>{g.accountName}</td>
                        <td>
                          {g.values.name} <span className="muted">{g.values.email}</span>
                        </td>
                        <td>{LEVEL_LABELS[g.values.level]}</td>
                        <td>{g.values.role}</td>
                        <td>{g.action}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Form method="post" className="stack" style={{ marginTop: 12 }}>
                <input type="hidden" name="intent" value="confirm" />
                <input type="hidden" name="csv" value={result.csv} />
                <div className="field">
                  <label>
                    <input type="checkbox" name="fullList" defaultChecked={result.fullList} /> This file is the full list of {intoAccount ? `${intoAccount.name}’s` : 'these accounts’'} people
                  </label>
                  <p className="muted">
                    Tick only for a complete list: a current champion missing from it is then flagged as possibly left for the owner to confirm. Leave it off for a file of a few new
                    people.
                  </p>
                </div>
                <div className="row">
                  <button type="submit" disabled={busy}>
                    {busy ? 'Importing…' : `Import ${result.summary.create + result.summary.update} rows${result.summary.bad ? ` and skip ${result.summary.bad}` : ''}`}
                  </button>
                  <Link to={back}>Cancel</Link>
                </div>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </main>
  )
}
