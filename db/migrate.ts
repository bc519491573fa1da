/* Applies committed migrations to DATABASE_PATH (the server also does this at start). */
import { getEnv } from '../app/utils/env.server'
import { openDatabase } from './client'

const { DATABASE_PATH } = getEnv()
openDatabase(DATABASE_PATH).sqlite.close()
console.log(`Migrations applied to ${DATABASE_PATH}.`)
