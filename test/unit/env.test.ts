import { describe, expect, it } from 'vitest'
import { ConfigError, isDeployed, parseEnv } from '#app/utils/env.server'

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({ PORT: 3000, DATABASE_PATH: 'data/hatescale.db', NODE_ENV: 'development' })
    expect(env.RESEND_API_KEY).toBeUndefined()
  })

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: PORT /],
    [{ PORT: '70000' }, /^Configuration error: PORT /],
    [{ APP_URL: 'not a url' }, /^Configuration error: APP_URL /],
    [{ RESEND_API_KEY: 'sk_live' }, /^Configuration error: RESEND_API_KEY must start with "re_"/],
    [{ SESSION_SECRET: 'short' }, /^Configuration error: SESSION_SECRET must be at least 32 characters/],
    [{ NODE_ENV: 'production', APP_URL: 'https://hatescale.example.com' }, /SESSION_SECRET is required in production/],
  ])('refuses %o with one sentence naming the variable', (raw, message) => {
    expect(() => parseEnv(raw)).toThrow(ConfigError)
    expect(() => parseEnv(raw)).toThrow(message)
  })

  it('treats a production build on localhost as a local run', () => {
    expect(isDeployed({ NODE_ENV: 'production', APP_URL: 'http://localhost:3000' })).toBe(false)
    expect(isDeployed({ NODE_ENV: 'production' })).toBe(false)
    expect(isDeployed({ NODE_ENV: 'production', APP_URL: 'https://app.example.com' })).toBe(true)
  })
})
