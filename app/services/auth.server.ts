/* Staff sign-in: database-backed sessions behind a signed, httpOnly cookie,
   the login throttle, and the guards every staff route starts with. */
import { createHash, randomBytes } from 'node:crypto'
import { createCookie, redirect } from '@remix-run/node'
import type { Viewer } from '#app/domain/access'
import { throttleKeys, throttleMessage } from '#app/domain/login-throttle'
import type { StaffRole } from '#app/domain/vocabulary'
import { reserveLoginAttempt, settleLoginSuccess } from '#app/models/login-attempts.server'
import { deleteSession, getSessionUser, insertSession } from '#app/models/sessions.server'
import { getUserForLogin, type StaffUser } from '#app/models/users.server'
import { getEnv } from '#app/utils/env.server'
import { DUMMY_HASH_PROMISE, verifyPassword } from '#app/utils/password.server'

export const SESSION_TTL_MS = 14 * 24 * 60 * 60_000

const env = getEnv()
const sessionCookie = createCookie('hs_session', {
  httpOnly: true,
  sameSite: 'lax',
  // Secure whenever the app is served over https (always so when deployed).
  secure: env.APP_URL.startsWith('https:'),
  path: '/',
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_TTL_MS / 1000,
})

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

export type SessionUser = StaffUser

export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request)
  if (!token) return null
  const user = getSessionUser({ id: hashToken(token), now: new Date() })
  return user && !user.disabledAt ? user : null
}

/**
 * Where to go after signing in: a path on this site, or the fallback. The target is
 * parsed as a browser would parse it — `/%09/evil.example` arrives as "/\t/evil.example",
 * which a browser reads as `//evil.example`, another host — and only a same-origin path
 * is kept, re-serialized (so no raw tab or newline reaches the Location header).
 */
export function safeRedirectTarget(to: FormDataEntryValue | string | null | undefined, fallback = '/accounts'): string {
  // A tab or newline is never part of a real path; browsers drop them, and a header cannot carry them.
  // eslint-disable-next-line no-control-regex
  if (typeof to !== 'string' || !to.startsWith('/') || /[\u0000-\u001f\u007f]/.test(to)) return fallback
  const base = new URL(env.APP_URL)
  let url: URL
  try {
    url = new URL(to, base)
  } catch {
    return fallback
  }
  if (url.origin !== base.origin) return fallback
  return url.pathname + url.search + url.hash
}

/** Every staff loader/action starts here: no session → /login (remembering where to return). */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (user) return user
  const url = new URL(request.url)
  const back = url.pathname + url.search
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
}

/** Signed in, and one of these roles; otherwise 403. */
export async function requireRole(request: Request, roles: readonly StaffRole[]): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!roles.includes(user.role)) throw new Response('You do not have access to this page.', { status: 403 })
  return user
}

export function toViewer(user: SessionUser): Viewer {
  return { id: user.id, role: user.role }
}

export async function startSession(userId: number, redirectTo?: string | null): Promise<Response> {
  const token = randomBytes(32).toString('base64url')
  insertSession({ id: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
  return redirect(safeRedirectTarget(redirectTo), {
    headers: { 'Set-Cookie': await sessionCookie.serialize(token) },
  })
}

/** Revokes the session server-side: the old cookie is worthless even if kept. */
export async function endSession(request: Request): Promise<Response> {
  const token = await readToken(request)
  if (token) deleteSession({ id: hashToken(token) })
  return redirect('/login', { headers: { 'Set-Cookie': await sessionCookie.serialize('', { maxAge: 0 }) } })
}

export type LoginResult = { ok: true; user: StaffUser } | { ok: false; message: string; status: 401 | 429 }

const INVALID = 'That email and password do not match an active account.'

export async function attemptLogin({
  email,
  password,
  clientAddress,
  now = Date.now(),
}: {
  email: string
  password: string
  /** The client's address (app/utils/client-address.server.ts), never a header the client wrote. */
  clientAddress: string
  now?: number
}): Promise<LoginResult> {
  const keys = throttleKeys({ email, address: clientAddress })
  const refused = reserveLoginAttempt({ keys: [keys.address, keys.accountFromAddress], now })
  if (!refused.allowed) return { ok: false, status: 429, message: throttleMessage(refused) }

  const user = getUserForLogin({ email })
  const valid = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE))
  if (!user || !valid || user.disabledAt) return { ok: false, status: 401, message: INVALID }
  // The address keeps its other failures: one good password must not unlock guessing at other accounts from there.
  settleLoginSuccess({ clear: keys.accountFromAddress, release: keys.address })
  const { passwordHash: _omit, ...publicUser } = user
  return { ok: true, user: publicUser }
}
