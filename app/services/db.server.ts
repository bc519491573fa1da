/* The process-wide database handle. Opening it applies pending migrations, so a
   server start (the build imports this module) always runs on the current schema. */
import { openDatabase } from '#db/client'
import { getEnv } from './env.server'

export const { db, sqlite } = openDatabase(getEnv().DATABASE_PATH)
export type { DB } from '#db/client'

/** A transaction handle, for model functions that take part in a caller's transaction. */
export type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]
