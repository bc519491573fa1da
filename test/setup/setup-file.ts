/* Per test file: its own copy of the migrated base database, set before any
   app module opens it; and a failing test on any unexpected console.error. */
import { randomUUID } from 'node:crypto'
import { copyFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { BASE_DB, TEST_WEBHOOK_SECRET, TMP_DIR } from './paths'

const file = path.join(TMP_DIR, `${randomUUID()}.db`)
copyFileSync(BASE_DB, file)
process.env.DATABASE_PATH = file
process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-0123'
process.env.APP_URL = 'http://hatescale.test'
process.env.RESEND_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
process.env.DISPATCHER = 'off'
// Tests step a fake clock; real-time pacing between provider calls would only slow them.
process.env.RESEND_RATE_PER_SECOND = '1000'
delete process.env.RESEND_API_KEY

let consoleError: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  const calls = consoleError.mock.calls
  consoleError.mockRestore()
  expect(calls, 'unexpected console.error').toEqual([])
})
