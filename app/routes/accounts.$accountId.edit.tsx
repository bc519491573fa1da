import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AccountForm } from '#app/components/account-form'
import { AccountSchema } from '#app/forms/accounts'
import { formFailure, parseForm } from '#app/forms/parse'
import { DomainTakenError, updateAccount } from '#app/services/accounts.server'
import { listActiveStaff } from '#app/models/users.server'
import { requireEditableAccount } from '#app/services/account-access.server'
import { actorOf } from '#app/services/audit.server'
import { readForm } from '#app/utils/public-request.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.account.name ?? 'account'} · Hatescale` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { account } = await requireEditableAccount(request, params.accountId)
  return { account, staff: listActiveStaff() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { account, user } = await requireEditableAccount(request, params.accountId)
  const form = parseForm(AccountSchema, await readForm(request), ['teamIds'])
  if (!form.ok) return data(form, { status: 400 })
  try {
    updateAccount({ id: account.id, input: form.data, actor: actorOf(user, context) })
    return redirect(`/accounts/${account.id}`)
  } catch (error) {
    if (!(error instanceof DomainTakenError)) throw error
    return data(formFailure({ domain: ['Another account already uses this domain.'] }, form.data), { status: 400 })
  }
}

export default function EditAccount() {
  const { account, staff } = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const defaults = { ...account, ownerId: account.ownerId ?? '', teamIds: account.team.map((t) => t.id) }
  return (
    <main className="container">
      <h1>Edit {account.name}</h1>
      <AccountForm defaults={defaults} staff={staff} failure={failure} submitLabel="Save changes" cancelTo={`/accounts/${account.id}`} />
    </main>
  )
}
