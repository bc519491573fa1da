import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AccountForm } from '#app/components/account-form'
import { AccountSchema } from '#app/forms/accounts'
import { formFailure, parseForm } from '#app/forms/parse'
import { createAccount, DomainTakenError } from '#app/services/accounts.server'
import { listActiveStaff } from '#app/models/users.server'
import { actorOf } from '#app/services/audit.server'
import { requireRole } from '#app/services/auth.server'
import { readForm } from '#app/utils/public-request.server'

export const meta: MetaFunction = () => [{ title: 'New account · Hatescale' }]
const CREATORS = ['admin', 'service_manager'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CREATORS)
  return { staff: listActiveStaff(), ownerId: user.role === 'service_manager' ? String(user.id) : '' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, CREATORS)
  const form = parseForm(AccountSchema, await readForm(request), ['teamIds'])
  if (!form.ok) return data(form, { status: 400 })
  try {
    const id = createAccount({ input: form.data, actor: actorOf(user, context) })
    return redirect(`/accounts/${id}`)
  } catch (error) {
    if (!(error instanceof DomainTakenError)) throw error
    return data(formFailure({ domain: ['Another account already uses this domain.'] }, form.data), { status: 400 })
  }
}

export default function NewAccount() {
  const { staff, ownerId } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  return (
    <main className="container">
      <h1>New account</h1>
      <AccountForm defaults={{ ownerId, status: 'active' }} staff={staff} failure={failure} submitLabel="Create account" cancelTo="/accounts" />
    </main>
  )
}
