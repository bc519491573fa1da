/* Configuration, validated once at boot. A bad or missing value stops start-up
   with one sentence that names the variable, instead of a stack trace later. */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('data/hatescale.db'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  APP_URL: z.url().optional(),
  RESEND_API_KEY: z.string().startsWith('re_', 'must start with "re_"').optional(),
  EMAIL_FROM: z.string().min(3).default('Hatescale <surveys@hatescale.local>'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  RESEND_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must start with "whsec_"').optional(),
  /** 'off': the server sends no email (the outbox waits for `npm run dispatch`); its other scheduled work runs either way. */
  DISPATCHER: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
  RESEND_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(2),
  /** Where backups go; default: backups/ beside the database file. */
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1, 'must be at least 1').default(14),
  /** How many proxies in front of the server append to X-Forwarded-For; 0 (the default) trusts none of it. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
})

export type Env = z.infer<typeof EnvSchema> & { SESSION_SECRET: string; APP_URL: string; BACKUP_DIR: string }

export class ConfigError extends Error {}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A production build serving a public APP_URL is a deployment; anything else
    (the demo, tests, a laptop) is a local run that may generate its own secret. */
export function isDeployed(env: { NODE_ENV: string; APP_URL?: string }): boolean {
  return env.NODE_ENV === 'production' && env.APP_URL !== undefined && !LOCAL_HOSTS.has(new URL(env.APP_URL).hostname)
}

/** Pure: validate a raw environment. Throws ConfigError with one sentence. */
export function parseEnv(raw: Record<string, string | undefined>): z.infer<typeof EnvSchema> {
  // Empty strings mean "not set" (a blank line in a .env file is not a value).
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''))
  const result = EnvSchema.safeParse(cleaned)
  if (!result.success) {
    const issue = result.error.issues[0]
    const name = String(issue.path[0] ?? 'environment')
    throw new ConfigError(`Configuration error: ${name} ${issue.message.replace(/^Invalid input: /i, '').toLowerCase()}.`)
  }
  if (isDeployed(result.data) && !result.data.SESSION_SECRET) {
    throw new ConfigError('Configuration error: SESSION_SECRET is required in production (at least 32 characters).')
  }
  return result.data
}

/** Local runs keep a generated secret beside the database so sessions survive restarts. */
function localSessionSecret(databasePath: string): string {
  const dir = path.dirname(path.resolve(databasePath))
  const file = path.join(dir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

let cached: Env | undefined

export function getEnv(): Env {
  if (cached) return cached
  let parsed: z.infer<typeof EnvSchema>
  try {
    parsed = parseEnv(process.env)
  } catch (error) {
    // At boot, one sentence is the whole message; tests want the exception.
    if (error instanceof ConfigError && process.env.NODE_ENV !== 'test') {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  cached = {
    ...parsed,
    SESSION_SECRET: parsed.SESSION_SECRET ?? localSessionSecret(parsed.DATABASE_PATH),
    APP_URL: parsed.APP_URL ?? `http://localhost:${parsed.PORT}`,
    BACKUP_DIR: parsed.BACKUP_DIR ?? path.join(path.dirname(parsed.DATABASE_PATH), 'backups'),
  }
  return cached
}
