import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
// TEST_TMP_DIR lets two runs share a checkout without wiping each other's databases.
export const TMP_DIR = process.env.TEST_TMP_DIR ? path.resolve(process.env.TEST_TMP_DIR) : path.join(ROOT, 'test', '.tmp')
export const BASE_DB = path.join(TMP_DIR, 'base.db')
export const ARTIFACTS = path.join(ROOT, 'test', 'artifacts')

/** Svix-style signing secret the tests sign webhooks with (base64 of a fixed 24-byte key). */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('hatescale-test-webhooks!').toString('base64')}`
