/* The audit trail as CSV, under the page's filters (admins only), streamed newest first;
   before and after as the JSON they are stored as. */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseAuditQuery } from '#app/forms/audit'
import { exportAuditCsv } from '#app/services/audit.server'
import { requireRole } from '#app/services/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['admin'])
  const query = parseAuditQuery(new URL(request.url))
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(exportAuditCsv({ query }), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="hatescale-audit-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
