import { sqlite } from '#app/utils/db.server'

/** Throws unless the database answers a real query against the schema. */
export function checkDatabase() {
  sqlite.prepare('select count(*) from users where id = 0').get()
}
