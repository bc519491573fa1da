import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FormError, SelectField, TextField, optionsOf } from '#app/components/field'
import { STAFF_ROLE_LABELS, STAFF_ROLES } from '#app/domain/vocabulary'
import { formFailure, parseForm } from '#app/forms/parse'
import { UserActionSchema } from '#app/forms/users'
import { approvalLimit, DEFAULT_APPROVAL_LIMIT } from '#app/domain/triage'
import { listUsers } from '#app/models/users.server'
import { createUser, EmailTakenError, setApprovalLimit, setUserDisabled, setUserRole } from '#app/services/users.server'
import { actorOf } from '#app/services/audit.server'
import { requireRole } from '#app/services/auth.server'
import { readForm } from '#app/utils/public-request.server'

export const meta: MetaFunction = () => [{ title: 'Users · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireRole(request, ['admin'])
  return { users: listUsers(), meId: me.id }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requireRole(request, ['admin'])
  const actor = actorOf(me, context)
  const form = parseForm(UserActionSchema, await readForm(request))
  if (!form.ok) return data(form, { status: 400 })
  const input = form.data
  if (input.intent === 'create') {
    try {
      await createUser({ ...input, actor })
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error
      return data(formFailure({ email: ['A user with this email already exists.'] }, { ...input, password: undefined }), { status: 400 })
    }
    return redirect('/admin/users')
  }
  if (input.intent === 'approval-limit') {
    setApprovalLimit({ id: input.userId, approvalLimit: input.approvalLimit, actor })
    return redirect('/admin/users')
  }
  // An admin cannot lock themselves out by accident.
  if (input.userId === me.id) {
    return data(formFailure({}, {}, 'You cannot change your own role or disable yourself; ask another admin.'), { status: 400 })
  }
  if (input.intent === 'role') setUserRole({ id: input.userId, role: input.role, actor })
  else {
    setUserDisabled({ id: input.userId, disabled: input.intent === 'disable', actor })
  }
  return redirect('/admin/users')
}

export default function Users() {
  const { users, meId } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const creating = result && 'values' in result && result.values.intent === 'create'
  return (
    <main className="container">
      <h1>Users</h1>
      {!creating ? <FormError message={result?.formError} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Approval limit</th>
              <th>Status</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  {u.id === meId ? (
                    STAFF_ROLE_LABELS[u.role]
                  ) : (
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={u.id} />
                      <label className="sr-only" htmlFor={`role-${u.id}`}>
                        Role of {u.name}
                      </label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                        {STAFF_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {STAFF_ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="secondary">
                        Change
                      </button>
                    </Form>
                  )}
                </td>
                <td>
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="approval-limit" />
                    <input type="hidden" name="userId" value={u.id} />
                    <label className="sr-only" htmlFor={`limit-${u.id}`}>
                      Concession approval limit of {u.name}, in percent
                    </label>
                    <input
                      id={`limit-${u.id}`}
                      name="approvalLimit"
                      type="number"
                      min={0}
                      max={100}
                      size={4}
                      defaultValue={u.approvalLimit ?? ''}
                      placeholder={Number.isFinite(DEFAULT_APPROVAL_LIMIT[u.role]) ? `${DEFAULT_APPROVAL_LIMIT[u.role]}` : 'any'}
                    />
                    <button type="submit" className="secondary">
                      Set
                    </button>
                  </Form>
                  <small className="muted">{Number.isFinite(approvalLimit(u)) ? `${approvalLimit(u)}%` : 'unlimited'}{u.approvalLimit === null ? ' (role default)' : ''}</small>
                </td>
                <td>{u.disabledAt ? <span className="badge disabled">disabled</span> : <span className="badge active">active</span>}</td>
                <td>
                  {u.id === meId ? (
                    <span className="muted">you</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value={u.disabledAt ? 'enable' : 'disable'} />
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className={u.disabledAt ? 'secondary' : 'danger'} aria-label={`${u.disabledAt ? 'Enable' : 'Disable'} ${u.name}`}>
                        {u.disabledAt ? 'Enable' : 'Disable'}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Add a user</h2>
      <Form method="post" className="card stack" noValidate>
        <input type="hidden" name="intent" value="create" />
        {creating ? <FormError message={result?.formError} /> : null}
        <div className="form-grid">
          <TextField name="name" label="Name" errors={creating ? result.fieldErrors : undefined} defaultValue={creating ? result.values.name : undefined} required />
          <TextField name="email" label="Email" type="email" errors={creating ? result.fieldErrors : undefined} defaultValue={creating ? result.values.email : undefined} required />
          <SelectField name="role" label="Role" options={optionsOf(STAFF_ROLES, STAFF_ROLE_LABELS)} errors={creating ? result.fieldErrors : undefined} defaultValue={creating ? result.values.role : 'account_team'} />
          <TextField name="password" label="Initial password" type="password" autoComplete="new-password" hint="At least 10 characters; share it privately." errors={creating ? result.fieldErrors : undefined} required />
        </div>
        <button type="submit">Add user</button>
      </Form>
    </main>
  )
}
