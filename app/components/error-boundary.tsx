/* One error boundary for root and routes: expected failures (thrown Responses)
   get a friendly sentence; anything else a generic apology without internals. */
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

const TITLES: Record<number, string> = {
  400: 'That request was not understood',
  403: 'You do not have access to this',
  404: 'Page not found',
  429: 'Too many requests',
}

export function GeneralErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const detail =
    isRouteErrorResponse(error) && typeof error.data === 'string' && error.data
      ? error.data
      : status === 404
        ? 'We could not find what you were looking for. It may have been moved, archived, or you may not have access to it.'
        : 'Something went wrong on our side. Please try again in a moment.'
  if (status >= 500) console.error(error)
  return (
    <main className="container narrow error-page" aria-labelledby="error-title">
      <p className="eyebrow">Error {status}</p>
      <h1 id="error-title">{TITLES[status] ?? 'Something went wrong'}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </main>
  )
}
