import { describe, expect, it } from 'vitest'
import { clientAddressOf } from '#app/utils/client-address.server'
import { isCrossSiteWrite } from '#app/utils/cross-site.server'
import { contentSecurityPolicy } from '#app/utils/security-headers.server'

describe('clientAddressOf', () => {
  it('is the socket peer unless proxies are trusted', () => {
    expect(clientAddressOf({ socketAddress: '10.0.0.5', forwardedFor: '203.0.113.9', trustedHops: 0 })).toBe('10.0.0.5')
  })
  it('behind one proxy, the address that proxy appended — not what the client wrote', () => {
    // The client sent "1.2.3.4"; the proxy (10.0.0.1) appended the client's real address.
    expect(clientAddressOf({ socketAddress: '10.0.0.1', forwardedFor: '1.2.3.4, 203.0.113.9', trustedHops: 1 })).toBe('203.0.113.9')
    expect(clientAddressOf({ socketAddress: '10.0.0.1', forwardedFor: ['1.2.3.4', '203.0.113.9'], trustedHops: 1 })).toBe('203.0.113.9')
  })
  it('behind two proxies, two from the right; with too short a chain, the leftmost', () => {
    expect(clientAddressOf({ socketAddress: '10.0.0.2', forwardedFor: '6.6.6.6, 203.0.113.9, 10.0.0.1', trustedHops: 2 })).toBe('203.0.113.9')
    expect(clientAddressOf({ socketAddress: '10.0.0.2', forwardedFor: undefined, trustedHops: 2 })).toBe('10.0.0.2')
  })
})

describe('isCrossSiteWrite', () => {
  const allowedOrigins = ['https://app.example', 'http://127.0.0.1:3000']
  const write = (over: Partial<Parameters<typeof isCrossSiteWrite>[0]>) =>
    isCrossSiteWrite({ method: 'POST', path: '/admin/users', origin: null, secFetchSite: null, allowedOrigins, ...over })

  it('refuses another origin, a null origin and a same-site or cross-site fetch', () => {
    expect(write({ origin: 'https://evil.example' })).toBe(true)
    expect(write({ origin: 'https://sub.app.example' })).toBe(true)
    expect(write({ origin: 'null' })).toBe(true)
    expect(write({ secFetchSite: 'same-site' })).toBe(true)
    expect(write({ secFetchSite: 'cross-site', origin: 'https://app.example' })).toBe(true)
  })
  it('lets our own pages, requests without an origin, and reads through', () => {
    expect(write({ origin: 'https://app.example', secFetchSite: 'same-origin' })).toBe(false)
    expect(write({ origin: 'http://127.0.0.1:3000' })).toBe(false)
    expect(write({})).toBe(false)
    expect(write({ method: 'GET', origin: 'https://evil.example' })).toBe(false)
  })
  it('lets signed webhooks and one-click unsubscribe through from anywhere, and nothing else under them', () => {
    expect(write({ path: '/webhooks/resend', origin: 'https://svix.example' })).toBe(false)
    expect(write({ path: '/u/12.abc', secFetchSite: 'cross-site' })).toBe(false)
    expect(write({ path: '/s/12.abc', secFetchSite: 'cross-site' })).toBe(true)
    expect(write({ path: '/u/12.abc/x', secFetchSite: 'cross-site' })).toBe(true)
  })
})

describe('contentSecurityPolicy', () => {
  it('lets scripts run only from here or with the nonce, and never inline otherwise', () => {
    const csp = contentSecurityPolicy({ nonce: 'abc', dev: false })
    expect(csp).toContain("script-src 'self' 'nonce-abc'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('ws:')
  })
})
