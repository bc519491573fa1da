/* Once per run: migrate a base database (each test file copies it, which is
   nearly free) and build the app for the end-to-end tests. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { openDatabase } from '#db/client'
import { BASE_DB, TMP_DIR } from './paths'

export default function setup() {
  rmSync(TMP_DIR, { recursive: true, force: true })
  mkdirSync(TMP_DIR, { recursive: true })
  openDatabase(BASE_DB).sqlite.close()
  // NOTE: vitest sets NODE_ENV=test, and remix build would then emit a development
  // bundle that a production server cannot render: build for production explicitly.
  // TEST_SKIP_BUILD=1 (unit and integration runs only) leaves the last build alone.
  if (process.env.TEST_SKIP_BUILD !== '1') execFileSync('npx', ['remix', 'build'], { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } })
}
