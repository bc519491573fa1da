import { z } from 'zod'
import { CHAMPION_STATUSES } from '#app/domain/vocabulary'

export const ChampionQuerySchema = z.object({
  owner: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(CHAMPION_STATUSES).optional().catch(undefined),
})
