/* Issue 15's findings, reproduced against the real production server (app/server.ts
   on the build) as the security review did: each test here failed on the code before
   the fixes, and passes after. */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { TEST_WEBHOOK_SECRET } from '../setup/paths'
import { startServer, type RunningServer } from './server'

let server: RunningServer
let cookie = ''
const ADMIN = { name: 'Ada Admin', email: 'ada@staff.test', password: 'a long admin password' }

const url = (path: string) => `${server.baseUrl}${path}`
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

beforeAll(async () => {
  server = await startServer({ env: { DISPATCHER: 'off' } })
  const setup = await fetch(url('/setup'), {
    method: 'POST',
    headers: { ...FORM, origin: server.baseUrl },
    body: form({ ...ADMIN, confirmPassword: ADMIN.password }),
    redirect: 'manual',
  })
  expect(setup.status).toBe(302)
  cookie = setup.headers.get('set-cookie')!.split(';')[0]
})
afterAll(async () => {
  await server?.stop()
})

const newUser = (email: string) => form({ intent: 'create', name: 'Eve Admin', email, password: 'another long password', role: 'admin' })
const userExists = async (email: string) => (await (await fetch(url('/admin/users'), { headers: { cookie } })).text()).includes(email)

describe('1. cross-site writes', () => {
  it.each([
    ['a document POST', '/admin/users'],
    ['a ?_data= POST', '/admin/users?_data=routes%2Fadmin.users'],
    ['a .data POST', '/admin/users.data'],
  ])('%s from another site is refused with 403 before the action runs', async (_, path) => {
    const email = `eve${path.length}@evil.example`
    const from: Record<string, string>[] = [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }, { origin: server.baseUrl, 'sec-fetch-site': 'cross-site' }]
    for (const headers of from) {
      const res = await fetch(url(path), { method: 'POST', headers: { ...FORM, cookie, ...headers }, body: newUser(email), redirect: 'manual' })
      expect(res.status).toBe(403)
      expect(await res.text()).toMatch(/sent from another site/)
    }
    expect(await userExists(email)).toBe(false)
  })

  it('the same write from the app itself goes through', async () => {
    const res = await fetch(url('/admin/users'), { method: 'POST', headers: { ...FORM, cookie, origin: server.baseUrl, 'sec-fetch-site': 'same-origin' }, body: newUser('colleague@staff.test'), redirect: 'manual' })
    expect(res.status).toBeLessThan(400)
    expect(await userExists('colleague@staff.test')).toBe(true)
  })
})

describe('2 and 3. the sign-in throttle keys on the socket, not on a header the client writes', () => {
  it('spraying one password across accounts while rotating X-Forwarded-For: the 4th rapid guess waits', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const res = await fetch(url('/login'), { method: 'POST', headers: { ...FORM, origin: server.baseUrl, 'x-forwarded-for': `203.0.113.${i}` }, body: form({ email: `person${i}@staff.test`, password: 'Winter2026!' }), redirect: 'manual' })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429])
  })
})

describe('2. nobody can lock everyone out', () => {
  let proxied: RunningServer
  beforeAll(async () => {
    // Behind one proxy (TRUST_PROXY=1) the proxy's X-Forwarded-For names the client.
    proxied = await startServer({ env: { DATABASE_PATH: server.databasePath, DISPATCHER: 'off', TRUST_PROXY: '1' } })
  })
  afterAll(async () => {
    await proxied?.stop()
  })

  it('ten failures from one client leave a correct password from another client working', async () => {
    const attempt = (password: string, client: string) =>
      fetch(`${proxied.baseUrl}/login`, { method: 'POST', headers: { ...FORM, origin: proxied.baseUrl, 'x-forwarded-for': client }, body: form({ email: ADMIN.email, password }), redirect: 'manual' })
    const parallel = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(`wrong ${i}`, '198.51.100.1')))
    // Counted before the password is checked: parallel guesses get no more than the free three.
    expect(parallel.filter((r) => r.status === 401)).toHaveLength(3)
    expect((await attempt(ADMIN.password, '198.51.100.1')).status).toBe(429)
    const other = await attempt(ADMIN.password, '198.51.100.2')
    expect(other.status).toBe(302)
    expect(other.headers.get('set-cookie')).toMatch(/^hs_session=/)
  })
})

describe('6. headers', () => {
  it('a staff page: CSP with a nonce on every script, no-store, Permissions-Policy; no HSTS over http', async () => {
    const res = await fetch(url('/accounts'), { headers: { cookie } })
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toMatch(/frame-ancestors 'none'/)
    const html = await res.text()
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts.filter((t) => !/\bsrc=/.test(t))) expect(tag).toContain(`nonce="${nonce}"`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/)
    expect(res.headers.get('strict-transport-security')).toBeNull()
    // A fresh nonce per response.
    const again = await fetch(url('/accounts'), { headers: { cookie } })
    expect(again.headers.get('content-security-policy')).not.toBe(csp)
  })

  it('a personal-link page and a data request are not stored either', async () => {
    expect((await fetch(url('/s/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).headers.get('cache-control')).toBe('no-store')
    expect((await fetch(url('/u/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'))).headers.get('cache-control')).toBe('no-store')
    expect((await fetch(url('/accounts.data'), { headers: { cookie } })).headers.get('cache-control')).toBe('no-store')
  })
})

/** Streams `total` bytes of one form field to `path` in 1 MiB chunks (no declared length); how much went before the answer came. */
function streamHugeField(path: string, total: number): Promise<{ status: number; sentBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url(path))
    let sent = 0
    let answered = false
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers: { ...FORM, cookie, origin: server.baseUrl, 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true
      resolve({ status: res.statusCode ?? 0, sentBeforeAnswer: sent })
      res.resume()
      req.destroy()
    })
    req.on('error', (error) => (answered ? undefined : reject(error)))
    const chunk = Buffer.alloc(1024 * 1024, 'a')
    req.write('intent=confirm&csv=')
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      if (!answered) req.end()
    }
    pump()
  })
}

describe('7. bodies are limited before they are buffered', () => {
  it('a 57 MB form field to /accounts/import is refused with 413 long before it is all sent', async () => {
    const { status, sentBeforeAnswer } = await streamHugeField('/accounts/import', 57 * 1024 * 1024)
    expect(status).toBe(413)
    expect(sentBeforeAnswer).toBeLessThan(20 * 1024 * 1024)
  })

  it('a staff form larger than a form can be is refused with 413, and nothing is created', async () => {
    const { status } = await streamHugeField('/accounts/new', 8 * 1024 * 1024)
    expect(status).toBe(413)
  })

  it('a correctly signed webhook whose body is not an event gets 400, not 500', async () => {
    for (const body of ['null', '[]', '"text"', '{"type":1}']) {
      const id = `msg_${body.length}_${Math.random().toString(36).slice(2)}`
      const at = new Date()
      const res = await fetch(url('/webhooks/resend'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': new Webhook(TEST_WEBHOOK_SECRET).sign(id, at, body) },
        body,
      })
      expect(res.status, body).toBe(400)
    }
  })
})

describe('3. the unknown-link limiter keys on the socket too', () => {
  it('guessing links while rotating X-Forwarded-For is limited all the same', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) {
      const res = await fetch(url(`/s/${i + 1}.${'B'.repeat(43)}`), { headers: { 'x-forwarded-for': `198.18.0.${i}` } })
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true)
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429])
  })
})
