import { describe, expect, it } from 'vitest'
import { loader as editLoader, action as editAction } from '#app/routes/accounts.$accountId.edit'
import { action as accountAction, loader as accountLoader } from '#app/routes/accounts.$accountId._index'
import { loader as listLoader } from '#app/routes/accounts._index'
import { action as newAction, loader as newLoader } from '#app/routes/accounts.new'
import { action as usersAction, loader as usersLoader } from '#app/routes/admin.users'
import { listStakeholders } from '#app/models/stakeholders.server'
import { getUserById } from '#app/models/users.server'
import { makeAccount, makeStakeholder, makeUser, sessionCookie, signedIn } from '#test/factories'
import { call } from '#test/route'

const accountForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'Acme Corp',
  domain: 'https://Acme.example.com/about',
  industry: 'Retail',
  arr: '120,000',
  renewalDate: '2027-04-30',
  status: 'active',
  ownerId: '',
  ...overrides,
})

describe('who sees what', () => {
  it('account-team members see only the accounts whose team they are on; others are 404', async () => {
    const { user, cookie } = await signedIn('account_team')
    const mine = makeAccount({ name: 'Mine Ltd', teamIds: [user.id] })
    const other = makeAccount({ name: 'Other Ltd' })
    const list = await call(listLoader, '/accounts', { cookie })
    expect(list.data.rows.map((r: { name: string }) => r.name)).toEqual(['Mine Ltd'])
    expect(list.data.total).toBe(1)
    expect((await call(accountLoader, `/accounts/${mine.id}`, { cookie, params: { accountId: String(mine.id) } })).status).toBe(200)
    const hidden = await call(accountLoader, `/accounts/${other.id}`, { cookie, params: { accountId: String(other.id) } })
    expect(hidden.status).toBe(404)
    // Guessing an id through a write is no different.
    const write = await call(accountAction, `/accounts/${other.id}`, { cookie, params: { accountId: String(other.id) }, form: { intent: 'archive' } })
    expect(write.status).toBe(404)
  })

  it('admins and service managers see every account', async () => {
    makeAccount({ name: 'A1' })
    makeAccount({ name: 'A2' })
    for (const role of ['admin', 'service_manager'] as const) {
      const { cookie } = await signedIn(role)
      const list = await call(listLoader, '/accounts', { cookie })
      expect(list.data.total).toBeGreaterThanOrEqual(2)
    }
  })

  it('only admins and the owning service manager edit an account', async () => {
    const owner = await makeUser('service_manager')
    const account = makeAccount({ ownerId: owner.id })
    const params = { accountId: String(account.id) }
    const otherSm = await signedIn('service_manager')
    const team = await signedIn('account_team')
    const teamAccount = makeAccount({ ownerId: owner.id, teamIds: [team.user.id] })

    expect((await call(editLoader, '/e', { cookie: otherSm.cookie, params })).status).toBe(403)
    expect((await call(editAction, '/e', { cookie: otherSm.cookie, params, form: accountForm() })).status).toBe(403)
    const teamParams = { accountId: String(teamAccount.id) }
    expect((await call(editAction, '/e', { cookie: team.cookie, params: teamParams, form: accountForm() })).status).toBe(403)
    const add = await call(accountAction, '/a', {
      cookie: team.cookie,
      params: teamParams,
      form: { intent: 'add-stakeholder', name: 'X', email: 'x@y.test', level: 'top', role: 'buyer' },
    })
    expect(add.status).toBe(403)
    expect(listStakeholders({ accountId: teamAccount.id })).toEqual([])
    // The account page tells the team member they cannot edit.
    expect((await call(accountLoader, '/a', { cookie: team.cookie, params: teamParams })).data.canEdit).toBe(false)

    const ownerCookie = await sessionCookie(owner.id)
    const ok = await call(editAction, '/e', { cookie: ownerCookie, params, form: accountForm({ name: 'Renamed', domain: 'renamed.test', ownerId: String(owner.id) }) })
    expect(ok.status).toBe(302)
    const admin = await signedIn('admin')
    const byAdmin = await call(editAction, '/e', { cookie: admin.cookie, params, form: accountForm({ name: 'By admin', domain: 'renamed.test', ownerId: String(owner.id) }) })
    expect(byAdmin.status).toBe(302)
    const view = await call(accountLoader, '/a', { cookie: ownerCookie, params })
    expect(view.data.account.name).toBe('By admin')
  })

  it('account-team members cannot create accounts or manage users', async () => {
    const { cookie } = await signedIn('account_team')
    expect((await call(newLoader, '/accounts/new', { cookie })).status).toBe(403)
    expect((await call(newAction, '/accounts/new', { cookie, form: accountForm() })).status).toBe(403)
    expect((await call(usersLoader, '/admin/users', { cookie })).status).toBe(403)
    const sm = await signedIn('service_manager')
    expect((await call(usersAction, '/admin/users', { cookie: sm.cookie, form: { intent: 'create', name: 'N', email: 'n@staff.test', role: 'admin', password: 'long enough pw' } })).status).toBe(403)
  })
})

describe('accounts', () => {
  it('creates an account with normalised input and its team', async () => {
    const { user, cookie } = await signedIn('service_manager')
    const member = await makeUser('account_team')
    const res = await call(newAction, '/accounts/new', {
      cookie,
      form: accountForm({ ownerId: String(user.id), strategic: 'on', teamIds: [String(member.id)] }),
    })
    expect(res.status).toBe(302)
    const id = Number(res.location!.split('/').pop())
    const view = await call(accountLoader, '/a', { cookie, params: { accountId: String(id) } })
    expect(view.data.account).toMatchObject({ name: 'Acme Corp', domain: 'acme.example.com', arr: 120_000, strategic: true, ownerId: user.id })
    expect(view.data.account.team.map((t: { id: number }) => t.id)).toEqual([member.id])
    // The team member now sees it.
    const memberView = await call(accountLoader, '/a', { cookie: await sessionCookie(member.id), params: { accountId: String(id) } })
    expect(memberView.status).toBe(200)
  })

  it('bad input gets field-level messages, keeps what was typed and stores nothing', async () => {
    const { cookie } = await signedIn('admin')
    const before = (await call(listLoader, '/accounts?archived=include', { cookie })).data.total
    const res = await call(newAction, '/accounts/new', {
      cookie,
      form: accountForm({ name: '', domain: 'not a domain', arr: '-5', renewalDate: '31/12/2027', status: 'sleeping' }),
    })
    expect(res.status).toBe(400)
    expect(Object.keys(res.data.fieldErrors).sort()).toEqual(['arr', 'domain', 'name', 'renewalDate', 'status'])
    expect(res.data.fieldErrors.domain[0]).toBe('Enter a domain like example.com.')
    expect(res.data.values).toMatchObject({ domain: 'not a domain', arr: '-5', renewalDate: '31/12/2027' })
    expect((await call(listLoader, '/accounts?archived=include', { cookie })).data.total).toBe(before)
  })

  it('refuses a second account with the same domain', async () => {
    const { cookie } = await signedIn('admin')
    makeAccount({ domain: 'taken.test' })
    const res = await call(newAction, '/accounts/new', { cookie, form: accountForm({ domain: 'TAKEN.test' }) })
    expect(res.status).toBe(400)
    expect(res.data.fieldErrors.domain).toEqual(['Another account already uses this domain.'])
  })

  it('searches, filters, sorts and paginates', async () => {
    const { cookie } = await signedIn('admin')
    const owner = await makeUser('service_manager')
    for (let i = 0; i < 25; i++) makeAccount({ name: `Zeta ${String(i).padStart(2, '0')}`, arr: i * 1000, strategic: i % 5 === 0, ownerId: i < 3 ? owner.id : null })
    const search = await call(listLoader, '/accounts?q=zeta&sort=arr&dir=desc', { cookie })
    expect(search.data.total).toBe(25)
    expect(search.data.rows).toHaveLength(20)
    expect(search.data.pageCount).toBe(2)
    expect(search.data.rows[0].name).toBe('Zeta 24')
    const page2 = await call(listLoader, '/accounts?q=zeta&sort=arr&dir=desc&page=2', { cookie })
    expect(page2.data.rows.map((r: { name: string }) => r.name)).toEqual(['Zeta 04', 'Zeta 03', 'Zeta 02', 'Zeta 01', 'Zeta 00'])
    expect((await call(listLoader, '/accounts?q=zeta&strategic=yes', { cookie })).data.total).toBe(5)
    expect((await call(listLoader, `/accounts?q=zeta&owner=${owner.id}`, { cookie })).data.total).toBe(3)
    // A percent sign is a character, not a wildcard; nonsense params are ignored, not errors.
    expect((await call(listLoader, '/accounts?q=%25', { cookie })).data.total).toBe(0)
    expect((await call(listLoader, '/accounts?q=zeta&sort=evil&page=-3&status=nope', { cookie })).data.total).toBe(25)
  })

  it('filters by coverage gap and archives and restores', async () => {
    const { cookie } = await signedIn('admin')
    const covered = makeAccount({ name: 'Covered' })
    for (const level of ['executor', 'manager', 'head', 'top'] as const) makeStakeholder(covered.id, { level })
    const noTop = makeAccount({ name: 'No Top' })
    makeStakeholder(noTop.id, { level: 'executor' })
    const names = (await call(listLoader, '/accounts?gap=top', { cookie })).data.rows.map((r: { name: string }) => r.name)
    expect(names).toContain('No Top')
    expect(names).not.toContain('Covered')

    const params = { accountId: String(noTop.id) }
    expect((await call(accountAction, '/a', { cookie, params, form: { intent: 'archive' } })).status).toBe(302)
    expect((await call(listLoader, '/accounts?q=No+Top', { cookie })).data.total).toBe(0)
    expect((await call(listLoader, '/accounts?q=No+Top&archived=only', { cookie })).data.total).toBe(1)
    await call(accountAction, '/a', { cookie, params, form: { intent: 'unarchive' } })
    expect((await call(listLoader, '/accounts?q=No+Top', { cookie })).data.total).toBe(1)
  })

  it('shows nothing for a malformed account id', async () => {
    const { cookie } = await signedIn('admin')
    expect((await call(accountLoader, '/a', { cookie, params: { accountId: 'abc' } })).status).toBe(404)
    expect((await call(accountLoader, '/a', { cookie, params: { accountId: '99999' } })).status).toBe(404)
  })
})

describe('stakeholders', () => {
  it('adds people, keeps one champion per account, edits and marks as left', async () => {
    const { cookie } = await signedIn('admin')
    const account = makeAccount()
    const params = { accountId: String(account.id) }
    const add = (form: Record<string, string>) => call(accountAction, '/a', { cookie, params, form: { intent: 'add-stakeholder', ...form } })
    expect((await add({ name: 'Tom Top', email: 'tom@c.test', level: 'top', role: 'buyer', isChampion: 'on' })).status).toBe(302)
    expect((await add({ name: 'Hana Head', email: 'hana@c.test', level: 'head', role: 'both', locale: 'ru', isChampion: 'on' })).status).toBe(302)
    let people = listStakeholders({ accountId: account.id })
    expect(people.filter((p) => p.isChampion).map((p) => p.name)).toEqual(['Hana Head'])
    expect(people.find((p) => p.name === 'Hana Head')?.locale).toBe('ru')

    const dup = await add({ name: 'Tom Again', email: 'TOM@c.test', level: 'manager', role: 'user' })
    expect(dup.status).toBe(400)
    expect(dup.data.fieldErrors.email).toEqual(['Someone at this account already has this email.'])
    expect(dup.data.values.name).toBe('Tom Again')

    const hana = people.find((p) => p.name === 'Hana Head')!
    const edit = await call(accountAction, '/a', {
      cookie,
      params,
      form: { intent: 'edit-stakeholder', stakeholderId: String(hana.id), name: 'Hana Head', email: 'hana@c.test', title: 'CIO', level: 'top', role: 'both', locale: 'ru', isChampion: 'on' },
    })
    expect(edit.status).toBe(302)
    await call(accountAction, '/a', { cookie, params, form: { intent: 'mark-left', stakeholderId: String(hana.id) } })
    people = listStakeholders({ accountId: account.id })
    expect(people.find((p) => p.id === hana.id)).toMatchObject({ title: 'CIO', level: 'top', status: 'left', isChampion: false })

    const view = await call(accountLoader, '/a', { cookie, params })
    expect(view.data.coverage.find((c: { level: string }) => c.level === 'top')).toMatchObject({ active: 1, total: 2, gap: false })
    expect(view.data.coverage.find((c: { level: string }) => c.level === 'executor')).toMatchObject({ gap: true })
  })

  it('bad input on the person form gets field messages and stores nothing', async () => {
    const { cookie } = await signedIn('admin')
    const account = makeAccount()
    const res = await call(accountAction, '/a', {
      cookie,
      params: { accountId: String(account.id) },
      form: { intent: 'add-stakeholder', name: 'Kim', email: 'kim@', level: 'intern', role: 'boss', locale: 'fr' },
    })
    expect(res.status).toBe(400)
    expect(Object.keys(res.data.fieldErrors).sort()).toEqual(['email', 'level', 'locale', 'role'])
    expect(res.data.values.name).toBe('Kim')
    expect(listStakeholders({ accountId: account.id })).toEqual([])
  })

  it('cannot touch a person of another account through this account', async () => {
    const { cookie } = await signedIn('admin')
    const a = makeAccount()
    const b = makeAccount()
    const person = makeStakeholder(b.id)
    const res = await call(accountAction, '/a', { cookie, params: { accountId: String(a.id) }, form: { intent: 'mark-left', stakeholderId: String(person.id) } })
    expect(res.status).toBe(404)
    expect(listStakeholders({ accountId: b.id })[0].status).toBe('active')
  })
})

describe('admin: users', () => {
  it('creates users, changes roles, disables and re-enables them', async () => {
    const { user: admin, cookie } = await signedIn('admin')
    const created = await call(usersAction, '/admin/users', { cookie, form: { intent: 'create', name: 'New Person', email: 'New@Staff.test', role: 'account_team', password: 'long enough pw' } })
    expect(created.status).toBe(302)
    const list = (await call(usersLoader, '/admin/users', { cookie })).data.users
    const newbie = list.find((u: { email: string }) => u.email === 'new@staff.test')
    expect(newbie.role).toBe('account_team')

    await call(usersAction, '/admin/users', { cookie, form: { intent: 'role', userId: String(newbie.id), role: 'service_manager' } })
    expect(getUserById({ id: newbie.id })?.role).toBe('service_manager')
    const theirCookie = await sessionCookie(newbie.id)
    await call(usersAction, '/admin/users', { cookie, form: { intent: 'disable', userId: String(newbie.id) } })
    expect(getUserById({ id: newbie.id })?.disabledAt).toBeInstanceOf(Date)
    expect((await call(listLoader, '/accounts', { cookie: theirCookie })).status).toBe(302)
    await call(usersAction, '/admin/users', { cookie, form: { intent: 'enable', userId: String(newbie.id) } })
    expect(getUserById({ id: newbie.id })?.disabledAt).toBeNull()

    const self = await call(usersAction, '/admin/users', { cookie, form: { intent: 'disable', userId: String(admin.id) } })
    expect(self.status).toBe(400)
    expect(getUserById({ id: admin.id })?.disabledAt).toBeNull()
  })

  it('rejects bad input and duplicate emails with field messages', async () => {
    const { cookie } = await signedIn('admin')
    const bad = await call(usersAction, '/admin/users', { cookie, form: { intent: 'create', name: '', email: 'x', role: 'boss', password: 'short' } })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.data.fieldErrors).sort()).toEqual(['email', 'name', 'password', 'role'])
    await makeUser('account_team', { email: 'dupe@staff.test' })
    const dupe = await call(usersAction, '/admin/users', { cookie, form: { intent: 'create', name: 'D', email: 'dupe@staff.test', role: 'admin', password: 'long enough pw' } })
    expect(dupe.status).toBe(400)
    expect(dupe.data.fieldErrors.email).toEqual(['A user with this email already exists.'])
    expect(dupe.data.values.password).toBeUndefined()
  })
})
