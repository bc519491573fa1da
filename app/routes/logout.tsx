import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '#app/services/auth.server'

// Signing out changes state, so it is a POST; a GET only goes back home.
export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  return endSession(request)
}
