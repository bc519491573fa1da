import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormError, TextField } from '#app/components/field'
import { LoginSchema } from '#app/forms/auth'
import { formFailure, parseForm } from '#app/forms/parse'
import { hasAnyUser } from '#app/models/users.server'
import { attemptLogin, getUser, startSession } from '#app/services/auth.server'
import { clientAddress } from '#app/utils/client-address.server'
import { readForm } from '#app/utils/public-request.server'

export const meta: MetaFunction = () => [{ title: 'Sign in · Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (!hasAnyUser()) return redirect('/setup')
  if (await getUser(request)) return redirect('/accounts')
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(LoginSchema, await readForm(request))
  if (!form.ok) return data(form, { status: 400 })
  const result = await attemptLogin({ email: form.data.email, password: form.data.password, clientAddress: clientAddress(context) })
  if (!result.ok) {
    return data(formFailure({}, { email: form.data.email }, result.message), { status: result.status })
  }
  return startSession(result.user.id, form.data.redirectTo)
}

export default function Login() {
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  return (
    <main className="container narrow">
      <h1>Sign in</h1>
      <Form method="post" className="card stack" noValidate>
        <FormError message={result?.formError} />
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <TextField name="email" label="Email" type="email" autoComplete="username" errors={result?.fieldErrors} defaultValue={result?.values.email} required />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" errors={result?.fieldErrors} required />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </Form>
    </main>
  )
}
