import { GeneralErrorBoundary } from '#app/components/error-boundary'

// Every unknown URL lands here so the 404 gets the app's layout and wording.
export async function loader() {
  throw new Response(null, { status: 404 })
}

export default function NotFound() {
  return null
}

export const ErrorBoundary = GeneralErrorBoundary
