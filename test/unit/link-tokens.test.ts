import { describe, expect, it } from 'vitest'
import { newTokenSalt, newTokenSalts } from '#app/services/link-tokens.server'

describe('token salts', () => {
  it('a batch holds `count` distinct 256-bit salts, each shaped like a single one', () => {
    const salts = newTokenSalts(1_000)
    expect(salts).toHaveLength(1_000)
    expect(new Set(salts).size).toBe(1_000)
    for (const salt of salts) {
      expect(salt).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(salt, 'base64url')).toHaveLength(32)
    }
    expect(newTokenSalt()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(newTokenSalts(0)).toEqual([])
  })
})
