/* CSV export of responses under the page's filters, confidential rules applied in
   the query itself, streamed row by row. */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseSentimentQuery } from '#app/forms/sentiment'
import { requireUser, toViewer } from '#app/services/auth.server'
import { exportResponsesCsv } from '#app/services/sentiment.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = toViewer(await requireUser(request))
  const query = parseSentimentQuery(new URL(request.url))
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(exportResponsesCsv({ viewer, query, now: new Date() }), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="hatescale-responses-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
