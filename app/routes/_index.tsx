import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { getUser } from '#app/services/auth.server'
import { hasAnyUser } from '#app/models/users.server'

export async function loader({ request }: LoaderFunctionArgs) {
  if (!hasAnyUser()) return redirect('/setup')
  return redirect((await getUser(request)) ? '/accounts' : '/login')
}
