/* First run: creates the first admin on an empty database, then is gone (404). */
import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { FormError, TextField } from '#app/components/field'
import { SetupSchema } from '#app/forms/auth'
import { formFailure, parseForm } from '#app/forms/parse'
import { hasAnyUser } from '#app/models/users.server'
import { createFirstAdmin } from '#app/services/users.server'
import { startSession } from '#app/services/auth.server'
import { clientAddress } from '#app/utils/client-address.server'
import { readForm } from '#app/utils/public-request.server'

export const meta: MetaFunction = () => [{ title: 'Set up Hatescale' }]

function refuseOnceSetUp() {
  if (hasAnyUser()) throw new Response('Hatescale is already set up. Sign in instead.', { status: 404 })
}

export async function loader() {
  refuseOnceSetUp()
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  refuseOnceSetUp()
  const form = parseForm(SetupSchema, await readForm(request))
  if (!form.ok) return data(form, { status: 400 })
  const admin = await createFirstAdmin({ ...form.data, clientAddress: clientAddress(context) })
  // Two people racing through setup: the second one loses cleanly.
  if (!admin) return data(formFailure({}, {}, 'An admin was created a moment ago. Sign in instead.'), { status: 409 })
  return startSession(admin.id, '/accounts')
}

export default function Setup() {
  const result = useActionData<typeof action>()
  const errors = result?.fieldErrors
  const values = result?.values ?? {}
  return (
    <main className="container narrow">
      <h1>Welcome to Hatescale</h1>
      <p className="muted">Create the first admin account. You can add your colleagues afterwards.</p>
      <Form method="post" className="card stack" noValidate>
        <FormError message={result?.formError} />
        <TextField name="name" label="Your name" autoComplete="name" errors={errors} defaultValue={values.name} required />
        <TextField name="email" label="Work email" type="email" autoComplete="email" errors={errors} defaultValue={values.email} required />
        <TextField name="password" label="Password" type="password" autoComplete="new-password" errors={errors} hint="At least 10 characters." required />
        <TextField name="confirmPassword" label="Repeat password" type="password" autoComplete="new-password" errors={errors} required />
        <button type="submit">Create admin and sign in</button>
      </Form>
    </main>
  )
}
