import { describe, expect, it } from 'vitest'
import { deriveToken, hashToken, linkToken, macMatchesHash, newTokenSalt, newTokenSalts, parseLinkToken } from '#app/utils/link-tokens.server'

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

describe('link tokens', () => {
  const salt = newTokenSalt()

  it('a token names its invitation and carries the MAC; parsing gives both back', () => {
    const token = linkToken('survey', 4_711, salt)
    expect(token).toBe(`4711.${deriveToken('survey', salt)}`)
    expect(parseLinkToken(token)).toEqual({ invitationId: 4_711, mac: deriveToken('survey', salt) })
    expect(linkToken('unsubscribe', 4_711, salt)).not.toBe(token)
  })

  it('anything else is not a named token: a bare MAC, a leading zero, a short or long MAC, extra text', () => {
    const mac = deriveToken('survey', salt)
    for (const token of [mac, `0${4_711}.${mac}`, `4711.${mac.slice(1)}`, `4711.${mac}x`, `4711.${mac}.1`, `-1.${mac}`, `1e3.${mac}`, `${'9'.repeat(16)}.${mac}`, '', '.'])
      expect(parseLinkToken(token), token).toBeNull()
  })

  it('a MAC matches only its own stored hash', () => {
    const mac = deriveToken('survey', salt)
    expect(macMatchesHash(mac, hashToken(mac))).toBe(true)
    expect(macMatchesHash(deriveToken('unsubscribe', salt), hashToken(mac))).toBe(false)
    expect(macMatchesHash(mac, hashToken(mac).slice(0, 62))).toBe(false)
    expect(macMatchesHash(mac, '')).toBe(false)
  })
})
