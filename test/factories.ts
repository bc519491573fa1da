/* Test data built through the app's own models, so tests exercise real writes. */
import type { StaffRole } from '#app/domain/vocabulary'
import type { AccountInput, StakeholderInput } from '#app/forms/accounts'
import { createAccount } from '#app/services/accounts.server'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { createStakeholder } from '#app/services/stakeholders.server'
import { createUser } from '#app/models/users.server'
import { startSession } from '#app/services/auth.server'

let n = 0
const next = () => ++n

export const TEST_PASSWORD = 'correct horse battery'

export async function makeUser(role: StaffRole, overrides: { email?: string; name?: string } = {}) {
  const i = next()
  return createUser({ email: overrides.email ?? `user${i}@staff.test`, name: overrides.name ?? `User ${i}`, role, password: TEST_PASSWORD })
}

/** A real session for this user, as the Cookie header a browser would send. */
export async function sessionCookie(userId: number): Promise<string> {
  const response = await startSession(userId, '/')
  return response.headers.get('Set-Cookie')!.split(';')[0]
}

export async function signedIn(role: StaffRole) {
  const user = await makeUser(role)
  return { user, cookie: await sessionCookie(user.id) }
}

export function makeAccount(overrides: Partial<AccountInput> = {}) {
  const i = next()
  const input: AccountInput = {
    name: `Client ${i}`,
    domain: `client${i}.test`,
    industry: 'Testing',
    arr: 50_000,
    renewalDate: '2027-06-30',
    strategic: false,
    status: 'active',
    ownerId: null,
    teamIds: [],
    ...overrides,
  }
  return { id: createAccount({ input, actor: SYSTEM_ACTOR }), ...input }
}

export function makeStakeholder(accountId: number, overrides: Partial<StakeholderInput> = {}) {
  const i = next()
  const input: StakeholderInput = {
    name: `Person ${i}`,
    email: `person${i}@client.test`,
    title: 'Analyst',
    level: 'executor',
    role: 'user',
    locale: 'en',
    isChampion: false,
    status: 'active',
    ...overrides,
  }
  return { id: createStakeholder({ accountId, input, actor: SYSTEM_ACTOR }), ...input }
}
