/* The sentiment pages' filters, read from the URL (bookmarkable, works without
   JavaScript). Bad values are ignored rather than refused: a filter is a view. */
import { z } from 'zod'
import { ACCOUNT_STATUSES, LEVELS } from '#app/domain/vocabulary'

export const WINDOWS = ['90', '180', '365'] as const
export const HEAT_SORTS = ['gap', 'name', 'arr', 'rate', ...LEVELS] as const

export const SentimentQuerySchema = z.object({
  wave: z.coerce.number().int().positive().optional().catch(undefined),
  window: z.enum(WINDOWS).optional().catch(undefined),
  owner: z.coerce.number().int().positive().optional().catch(undefined),
  strategic: z.enum(['yes', 'no']).optional().catch(undefined),
  status: z.enum(ACCOUNT_STATUSES).optional().catch(undefined),
  role: z.enum(['user', 'buyer']).optional().catch(undefined),
  sort: z.enum(HEAT_SORTS).catch('gap'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

/** Heat-table rows per page: a portfolio of thousands stays readable and fast. */
export const HEAT_PAGE_SIZE = 50
export type SentimentQuery = z.infer<typeof SentimentQuerySchema>

export function parseSentimentQuery(url: URL): SentimentQuery {
  return SentimentQuerySchema.parse(Object.fromEntries(url.searchParams))
}
