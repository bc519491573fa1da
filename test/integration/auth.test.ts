import { describe, expect, it } from 'vitest'
import { FREE_FAILURES, LOCKOUT_FAILURES, LOCKOUT_MS, MAX_SLOWDOWN_MS, throttleKeys } from '#app/domain/login-throttle'
import { loader as accountsLoader } from '#app/routes/accounts._index'
import { action as loginAction, loader as loginLoader } from '#app/routes/login'
import { action as logoutAction } from '#app/routes/logout'
import { action as setupAction, loader as setupLoader } from '#app/routes/setup'
import { loader as usersLoader } from '#app/routes/admin.users'
import { getSessionUser, insertSession } from '#app/models/sessions.server'
import { reserveLoginAttempt } from '#app/models/login-attempts.server'
import { attemptLogin, safeRedirectTarget } from '#app/services/auth.server'
import { makeUser, sessionCookie, TEST_PASSWORD } from '#test/factories'
import { call } from '#test/route'

const setCookie = (headers: Headers) => headers.get('Set-Cookie')?.split(';')[0] ?? ''

describe('first run: /setup', () => {
  it('creates the first admin and signs them in, then is gone', async () => {
    expect((await call(setupLoader, '/setup')).status).toBe(200)
    const res = await call(setupAction, '/setup', {
      form: { name: 'Ada Admin', email: 'Ada@Example.com ', password: 'long enough pw', confirmPassword: 'long enough pw' },
    })
    expect(res.status).toBe(302)
    expect(res.location).toBe('/accounts')
    const cookie = setCookie(res.headers)
    expect(cookie).toMatch(/^hs_session=/)
    expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly/i)
    expect(res.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/i)
    expect((await call(accountsLoader, '/accounts', { cookie })).status).toBe(200)

    // Refused once an admin exists, for GET and POST alike.
    expect((await call(setupLoader, '/setup')).status).toBe(404)
    const again = await call(setupAction, '/setup', {
      form: { name: 'Mallory', email: 'mallory@example.com', password: 'long enough pw', confirmPassword: 'long enough pw' },
    })
    expect(again.status).toBe(404)
    const login = await attemptLogin({ email: 'mallory@example.com', password: 'long enough pw', clientAddress: 't' })
    expect(login.ok).toBe(false)
  })
})

describe('sign-in', () => {
  it('redirects staff pages to /login without a session, remembering where to return', async () => {
    await makeUser('admin')
    for (const [loader, path] of [
      [accountsLoader, '/accounts?q=x'],
      [usersLoader, '/admin/users'],
    ] as const) {
      const res = await call(loader, path)
      expect(res.status).toBe(302)
      expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
    }
  })

  it('signs in with the right password and refuses a wrong one without saying which part was wrong', async () => {
    const user = await makeUser('service_manager', { email: 'sm@staff.test' })
    const bad = await call(loginAction, '/login', { form: { email: user.email, password: 'nope' } })
    expect(bad.status).toBe(401)
    expect(bad.data.formError).toBe('That email and password do not match an active account.')
    expect(bad.data.values.email).toBe('sm@staff.test')
    const unknown = await call(loginAction, '/login', { form: { email: 'ghost@staff.test', password: 'nope' } })
    expect(unknown.data.formError).toBe(bad.data.formError)

    const ok = await call(loginAction, '/login', { form: { email: 'SM@staff.test', password: TEST_PASSWORD, redirectTo: '/accounts?page=2' } })
    expect(ok.status).toBe(302)
    expect(ok.location).toBe('/accounts?page=2')
  })

  it('never redirects off-site after sign-in', async () => {
    const user = await makeUser('admin')
    const res = await call(loginAction, '/login', { form: { email: user.email, password: TEST_PASSWORD, redirectTo: '//evil.example/' } })
    expect(res.location).toBe('/accounts')
  })

  it('gives field-level messages on bad input and keeps the email typed', async () => {
    await makeUser('admin')
    const res = await call(loginAction, '/login', { form: { email: 'not-an-email', password: '' } })
    expect(res.status).toBe(400)
    expect(res.data.fieldErrors.email[0]).toMatch(/valid email/)
    expect(res.data.fieldErrors.password[0]).toMatch(/required/)
    expect(res.data.values.email).toBe('not-an-email')
    expect(res.data.values.password).toBeUndefined()
  })

  it('logout invalidates the session on the server: the old cookie no longer works', async () => {
    const user = await makeUser('admin')
    const cookie = await sessionCookie(user.id)
    expect((await call(accountsLoader, '/accounts', { cookie })).status).toBe(200)
    const out = await call(logoutAction, '/logout', { cookie, method: 'POST' })
    expect(out.status).toBe(302)
    expect(out.location).toBe('/login')
    // The browser would drop the cookie; an attacker who kept it gets nothing.
    const replay = await call(accountsLoader, '/accounts', { cookie })
    expect(replay.status).toBe(302)
    expect(replay.location).toMatch(/^\/login/)
  })

  it('a forged or tampered cookie is no session', async () => {
    const user = await makeUser('admin')
    const cookie = await sessionCookie(user.id)
    const tampered = cookie.slice(0, -3) + (cookie.endsWith('a') ? 'bbb' : 'aaa')
    expect((await call(accountsLoader, '/accounts', { cookie: tampered })).status).toBe(302)
    expect((await call(loginLoader, '/login', { cookie })).location).toBe('/accounts')
  })
})

describe('login lock-out', () => {
  it('locks an account from the guessing address only: a correct password from another address signs in', async () => {
    const user = await makeUser('account_team', { email: 'target@staff.test' })
    let now = Date.UTC(2026, 0, 1)
    // Spaced-out guesses (each one after the previous wait) until the lock engages.
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      now += 61_000
      const guess = await attemptLogin({ email: user.email, password: `guess ${i}`, clientAddress: '198.51.100.7', now })
      expect(guess).toMatchObject({ ok: false, status: 401 })
    }
    now += 61_000
    const locked = await attemptLogin({ email: user.email, password: TEST_PASSWORD, clientAddress: '198.51.100.7', now })
    expect(locked).toMatchObject({ ok: false, status: 429 })
    expect(locked.ok === false && locked.message).toMatch(/locked/)
    expect((await attemptLogin({ email: user.email, password: TEST_PASSWORD, clientAddress: '10.9.9.9', now })).ok).toBe(true)

    const later = await attemptLogin({ email: user.email, password: TEST_PASSWORD, clientAddress: '198.51.100.7', now: now + LOCKOUT_MS })
    expect(later.ok).toBe(true)
  })

  it('slows rapid guesses from one address across accounts', async () => {
    const now = Date.UTC(2026, 0, 2)
    for (let i = 0; i < 3; i++) await attemptLogin({ email: `nobody${i}@staff.test`, password: 'x', clientAddress: '203.0.113.7', now })
    const slowed = await attemptLogin({ email: 'nobody9@staff.test', password: 'x', clientAddress: '203.0.113.7', now: now + 10 })
    expect(slowed).toMatchObject({ ok: false, status: 429 })
    expect(slowed.ok === false && slowed.message).toMatch(/wait/)
  })

  it('counts parallel wrong passwords before checking any: three pass, the rest wait', async () => {
    const user = await makeUser('account_team', { email: 'parallel@staff.test' })
    const now = Date.UTC(2026, 0, 3)
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attemptLogin({ email: user.email, password: `guess ${i}`, clientAddress: '192.0.2.44', now })))
    expect(results.filter((r) => !r.ok && r.status === 401)).toHaveLength(FREE_FAILURES)
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(20 - FREE_FAILURES)
  })

  it('a correct password does not count against its address', async () => {
    const user = await makeUser('account_team', { email: 'office@staff.test' })
    const now = Date.UTC(2026, 0, 4)
    for (let i = 0; i < LOCKOUT_FAILURES + 2; i++) {
      expect((await attemptLogin({ email: user.email, password: TEST_PASSWORD, clientAddress: '192.0.2.80', now: now + i })).ok).toBe(true)
    }
  })

  it('the login route answers 429 with a clear message while its address is locked', async () => {
    const user = await makeUser('admin', { email: 'locked@staff.test' })
    const context = { clientAddress: '198.51.100.99' }
    const at = Date.now() - 1000
    for (let i = 0; i < LOCKOUT_FAILURES; i++) reserveLoginAttempt({ keys: Object.values(throttleKeys({ email: user.email, address: context.clientAddress })), now: at + i * MAX_SLOWDOWN_MS })
    const res = await call(loginAction, '/login', { form: { email: user.email, password: TEST_PASSWORD }, context })
    expect(res.status).toBe(429)
    expect(res.data.formError).toMatch(/Too many failed sign-ins/)
    const elsewhere = await call(loginAction, '/login', { form: { email: user.email, password: TEST_PASSWORD }, context: { clientAddress: '198.51.100.100' } })
    expect(elsewhere.status).toBe(302)
  })
})

describe('where sign-in returns to', () => {
  it.each([
    ['/queue?mine=1#top', '/queue?mine=1#top'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/\t/evil.example', '/accounts'],
    ['/\n/evil.example', '/accounts'],
    ['//evil.example/x', '/accounts'],
    ['/\\evil.example', '/accounts'],
    ['https://evil.example/', '/accounts'],
    ['javascript:alert(1)', '/accounts'],
    ['/accounts/7\r\nSet-Cookie: x=1', '/accounts'],
  ])('%j → %s', (target, expected) => {
    expect(safeRedirectTarget(target)).toBe(expected)
  })

  it('a /%09/ target from the login page (decoded by the form) never leaves the site and never gives 500', async () => {
    const user = await makeUser('admin', { email: 'redirect@staff.test' })
    for (const redirectTo of ['/\t/evil.example', '/\n/evil.example']) {
      const res = await call(loginAction, '/login', { form: { email: user.email, password: TEST_PASSWORD, redirectTo: redirectTo }, context: { clientAddress: '192.0.2.200' } })
      expect(res.status).toBe(302)
      expect(res.location).toBe('/accounts')
    }
  })
})

describe('disabled users', () => {
  it('cannot sign in, and their sessions stop working', async () => {
    const { setUserDisabled } = await import('#app/models/users.server')
    const user = await makeUser('account_team')
    const cookie = await sessionCookie(user.id)
    setUserDisabled({ id: user.id, disabled: true })
    expect((await call(accountsLoader, '/accounts', { cookie })).status).toBe(302)
    expect((await attemptLogin({ email: user.email, password: TEST_PASSWORD, clientAddress: 'x' })).ok).toBe(false)
  })
})

describe('session expiry', () => {
  it('a session is live until its expiry and refused from then on', async () => {
    const user = await makeUser('admin')
    const now = new Date()
    insertSession({ id: 'expiry-test-session', userId: user.id, expiresAt: new Date(now.getTime() + 60_000) })
    expect(getSessionUser({ id: 'expiry-test-session', now })).toMatchObject({ id: user.id, role: 'admin' })
    expect(getSessionUser({ id: 'expiry-test-session', now: new Date(now.getTime() + 59_999) })?.id).toBe(user.id)
    expect(getSessionUser({ id: 'expiry-test-session', now: new Date(now.getTime() + 60_000) })).toBeUndefined()
    expect(getSessionUser({ id: 'no-such-session', now })).toBeUndefined()
  })
})
