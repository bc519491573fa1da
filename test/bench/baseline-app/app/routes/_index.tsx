import { data, redirect, type ActionFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { recordAnswer } from '../db.server'

export function loader() {
  return { question: 'How much do you hate us right now?' }
}

export async function action({ request }: ActionFunctionArgs) {
  if (!recordAnswer(await request.formData())) return data({ error: 'invalid' }, { status: 400 })
  return redirect('/?done=answer', 303)
}

export default function Index() {
  const { question } = useLoaderData<typeof loader>()
  return (
    <main>
      <h1>{question}</h1>
      <Form method="post">
        <input type="hidden" name="intent" value="answer" />
        <input type="hidden" name="submissionId" value="baseline-page" />
        <input name="score" inputMode="numeric" aria-label="Score" />
        <button type="submit">Send</button>
      </Form>
    </main>
  )
}
