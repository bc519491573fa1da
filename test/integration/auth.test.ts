import { describe, expect, it } from 'vitest'
import { LOCKOUT_FAILURES, LOCKOUT_MS } from '#app/domain/login-throttle'
import { loader as accountsLoader } from '#app/routes/accounts._index'
import { action as loginAction, loader as loginLoader } from '#app/routes/login'
import { action as logoutAction } from '#app/routes/logout'
import { action as setupAction, loader as setupLoader } from '#app/routes/setup'
import { loader as usersLoader } from '#app/routes/admin.users'
import { getSessionUser, insertSession } from '#app/models/sessions.server'
import { attemptLogin } from '#app/services/auth.server'
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
    const login = await attemptLogin({ email: 'mallory@example.com', password: 'long enough pw', ip: 't' })
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
  it('engages after repeated failures for the account and lifts after the lock-out period', async () => {
    const user = await makeUser('account_team', { email: 'target@staff.test' })
    const t0 = Date.UTC(2026, 0, 1)
    let now = t0
    let last
    // Spaced-out guesses (each one after the previous wait) until the lock engages.
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      now += 61_000
      last = await attemptLogin({ email: user.email, password: `guess ${i}`, ip: `10.0.0.${i}`, now })
      expect(last).toMatchObject({ ok: false, status: 401 })
    }
    now += 61_000
    const locked = await attemptLogin({ email: user.email, password: TEST_PASSWORD, ip: '10.9.9.9', now })
    expect(locked).toMatchObject({ ok: false, status: 429 })
    expect(locked.ok === false && locked.message).toMatch(/locked/)

    const later = await attemptLogin({ email: user.email, password: TEST_PASSWORD, ip: '10.9.9.9', now: now + LOCKOUT_MS })
    expect(later.ok).toBe(true)
  })

  it('slows rapid guesses from one IP across accounts', async () => {
    const now = Date.UTC(2026, 0, 2)
    for (let i = 0; i < 3; i++) await attemptLogin({ email: `nobody${i}@staff.test`, password: 'x', ip: '203.0.113.7', now })
    const slowed = await attemptLogin({ email: 'nobody9@staff.test', password: 'x', ip: '203.0.113.7', now: now + 10 })
    expect(slowed).toMatchObject({ ok: false, status: 429 })
    expect(slowed.ok === false && slowed.message).toMatch(/wait/)
  })

  it('the login route answers 429 with a clear message while locked', async () => {
    const user = await makeUser('admin', { email: 'locked@staff.test' })
    const { recordLoginFailure } = await import('#app/models/login-attempts.server')
    for (let i = 0; i < LOCKOUT_FAILURES; i++) recordLoginFailure({ keys: [`email:${user.email}`], now: Date.now() - 1000 })
    const res = await call(loginAction, '/login', { form: { email: user.email, password: TEST_PASSWORD } })
    expect(res.status).toBe(429)
    expect(res.data.formError).toMatch(/Too many failed sign-ins/)
  })
})

describe('disabled users', () => {
  it('cannot sign in, and their sessions stop working', async () => {
    const { setUserDisabled } = await import('#app/models/users.server')
    const user = await makeUser('account_team')
    const cookie = await sessionCookie(user.id)
    setUserDisabled({ id: user.id, disabled: true })
    expect((await call(accountsLoader, '/accounts', { cookie })).status).toBe(302)
    expect((await attemptLogin({ email: user.email, password: TEST_PASSWORD, ip: 'x' })).ok).toBe(false)
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
