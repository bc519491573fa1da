/* The audit trail: each family of staff writes, made through its real route action, lands
   as one event with who, from where, and the values before and after; the table refuses
   every update and delete; /admin/audit and its CSV filter by user, account and date, are
   for admins only, and never carry a password or its hash. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LEVELS } from '#app/domain/vocabulary'
import * as auditModel from '#app/models/audit.server'
import { insertAuditEvent } from '#app/models/audit.server'
import { getSettings } from '#app/models/settings.server'
import { action as accountAction } from '#app/routes/accounts.$accountId._index'
import { action as editAction } from '#app/routes/accounts.$accountId.edit'
import { action as importAction } from '#app/routes/accounts.import'
import { action as newAccountAction } from '#app/routes/accounts.new'
import { loader as auditLoader } from '#app/routes/admin.audit'
import { loader as auditCsvLoader } from '#app/routes/admin.audit[.]csv'
import { action as settingsAction } from '#app/routes/admin.settings'
import { action as usersAction } from '#app/routes/admin.users'
import { action as itemAction } from '#app/routes/queue.$itemId'
import { action as closeWaveAction } from '#app/routes/waves.$waveId'
import { action as newWaveAction } from '#app/routes/waves.new'
import { refreshQueue } from '#app/services/queue.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import { sqlite } from '#app/utils/db.server'
import { answer } from '#test/champion-factories'
import { makeAccount, makeStakeholder, makeUser, sessionCookie, signedIn } from '#test/factories'
import { itemGet, openItemsOf, queueAccount } from '#test/queue-factories'
import { call } from '#test/route'

type Event = {
  id: number
  at: number
  actorId: number | null
  actorName: string
  actorEmail: string
  clientAddress: string
  action: string
  entityType: string
  entityId: number | null
  accountId: number | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** Events straight from the table (not through the app's reader), newest last. */
function eventsSince(id: number, action?: string): Event[] {
  const rows = sqlite
    .prepare(
      `select id, at, actor_id as actorId, actor_name as actorName, actor_email as actorEmail, client_address as clientAddress, action,
              entity_type as entityType, entity_id as entityId, account_id as accountId, before, after
       from audit_events where id > ? ${action ? 'and action = ?' : ''} order by id`,
    )
    .all(...(action ? [id, action] : [id])) as (Omit<Event, 'before' | 'after'> & { before: string | null; after: string | null })[]
  return rows.map((r) => ({ ...r, before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after) }))
}
const lastId = () => (sqlite.prepare('select coalesce(max(id), 0) as id from audit_events').get() as { id: number }).id
const only = <T,>(list: T[]): T => {
  expect(list).toHaveLength(1)
  return list[0]
}

const ADDRESS = '203.0.113.7'
const context = { clientAddress: ADDRESS }

let admin: { id: number; name: string; email: string; cookie: string }
beforeAll(async () => {
  const { user, cookie } = await signedIn('admin')
  admin = { id: user.id, name: user.name, email: user.email, cookie }
})

/** What every event made by the signed-in admin through a route carries. */
const byAdmin = () => ({ actorId: admin.id, actorName: admin.name, actorEmail: admin.email, clientAddress: ADDRESS })

const accountForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: 'Audit Co',
  domain: 'audit-co.test',
  industry: 'Testing',
  arr: '50000',
  renewalDate: '2027-06-30',
  status: 'active',
  ownerId: '',
  ...overrides,
})

describe('each staff write is recorded with who, from where, before and after', () => {
  it('an account edit: only the changed fields, old and new, by the admin from their address', async () => {
    const account = makeAccount({ name: 'Audit Co', domain: 'audit-co.test', arr: 50_000, renewalDate: '2027-06-30', industry: 'Testing' })
    const from = lastId()
    const res = await call(editAction, '/e', { cookie: admin.cookie, params: { accountId: String(account.id) }, form: accountForm({ arr: '250,000', strategic: 'on' }), context })
    expect(res.status).toBe(302)
    const event = only(eventsSince(from))
    expect(event).toMatchObject({ ...byAdmin(), action: 'account.updated', entityType: 'account', entityId: account.id, accountId: account.id })
    expect(event.before).toEqual({ arr: 50_000, strategic: false })
    expect(event.after).toEqual({ arr: 250_000, strategic: true })

    // Saving the form as it is changes nothing, and records nothing.
    await call(editAction, '/e', { cookie: admin.cookie, params: { accountId: String(account.id) }, form: accountForm({ arr: '250000', strategic: 'on' }), context })
    expect(eventsSince(from)).toHaveLength(1)
  })

  it('a user role change (and a new user, whose password never reaches the trail)', async () => {
    const member = await makeUser('account_team')
    const from = lastId()
    expect((await call(usersAction, '/admin/users', { cookie: admin.cookie, form: { intent: 'role', userId: String(member.id), role: 'service_manager' }, context })).status).toBe(302)
    const event = only(eventsSince(from))
    expect(event).toMatchObject({ ...byAdmin(), action: 'user.role_changed', entityType: 'user', entityId: member.id, accountId: null })
    expect(event.before).toEqual({ role: 'account_team' })
    expect(event.after).toEqual({ role: 'service_manager' })

    const created = await call(usersAction, '/admin/users', { cookie: admin.cookie, form: { intent: 'create', name: 'Nia New', email: 'nia@staff.test', role: 'admin', password: 'a secret password 123' }, context })
    expect(created.status).toBe(302)
    const added = only(eventsSince(event.id))
    expect(added).toMatchObject({ ...byAdmin(), action: 'user.created', before: null, after: { name: 'Nia New', email: 'nia@staff.test', role: 'admin', approvalLimit: null, disabled: false } })
    expect(JSON.stringify(added)).not.toMatch(/secret password|scrypt\$/)
  })

  it('a settings save: the thresholds that changed', async () => {
    const current = getSettings()
    const form = Object.fromEntries(Object.entries({ ...current, emergencyDays: current.emergencyDays + 5 }).map(([k, v]) => [k, String(v)]))
    const from = lastId()
    expect((await call(settingsAction, '/admin/settings', { cookie: admin.cookie, form, context })).status).toBe(302)
    const event = only(eventsSince(from))
    expect(event).toMatchObject({ ...byAdmin(), action: 'settings.saved', entityType: 'settings', entityId: null, accountId: null })
    expect(event.before).toEqual({ emergencyDays: current.emergencyDays })
    expect(event.after).toEqual({ emergencyDays: current.emergencyDays + 5 })
  })

  it('a stakeholder edit, and the other account-page writes (champion, mark left, archive)', async () => {
    const account = makeAccount()
    const person = makeStakeholder(account.id, { name: 'Pat Person', title: 'Analyst', level: 'executor' })
    const params = { accountId: String(account.id) }
    const from = lastId()
    const edit = { intent: 'edit-stakeholder', stakeholderId: String(person.id), name: 'Pat Person', email: person.email, title: 'Head of Ops', level: 'head', role: 'user', locale: 'en', status: 'active' }
    expect((await call(accountAction, '/a', { cookie: admin.cookie, params, form: edit, context })).status).toBe(302)
    const event = only(eventsSince(from))
    expect(event).toMatchObject({ ...byAdmin(), action: 'stakeholder.updated', entityType: 'stakeholder', entityId: person.id, accountId: account.id })
    expect(event.before).toEqual({ title: 'Analyst', level: 'executor' })
    expect(event.after).toEqual({ title: 'Head of Ops', level: 'head' })

    await call(accountAction, '/a', { cookie: admin.cookie, params, form: { intent: 'designate-champion', stakeholderId: String(person.id) }, context })
    await call(accountAction, '/a', { cookie: admin.cookie, params, form: { intent: 'mark-left', stakeholderId: String(person.id) }, context })
    await call(accountAction, '/a', { cookie: admin.cookie, params, form: { intent: 'archive' }, context })
    const rest = eventsSince(event.id)
    expect(rest.map((e) => [e.action, e.before, e.after])).toEqual([
      ['champion.designated', { championId: null, championName: null }, { championId: person.id, championName: 'Pat Person' }],
      ['stakeholder.left', { isChampion: true, status: 'active' }, { isChampion: false, status: 'left' }],
      ['account.archived', { archived: false }, { archived: true }],
    ])
    for (const e of rest) expect(e).toMatchObject({ ...byAdmin(), accountId: account.id })
  })

  it('a queue item: a step done (once, however often it is posted), a note, the close', async () => {
    perLinkLimiter.reset()
    missLimiter.reset()
    const acc = await queueAccount()
    expect((await answer(acc.tokenOf(acc.people.boss.id), 9)).status).toBe(303)
    refreshQueue()
    const item = only(openItemsOf(acc.id))
    const steps = (await itemGet(admin.cookie, item.id)).data.steps as { id: number; key: string }[]
    const contact = steps.find((s) => s.key === 'contact')!.id
    const from = lastId()
    const at = { cookie: admin.cookie, params: { itemId: String(item.id) }, context }
    for (let i = 0; i < 2; i++) expect((await call(itemAction, `/queue/${item.id}`, { ...at, form: { intent: 'step-done', stepId: String(contact) } })).status).toBe(303)
    expect((await call(itemAction, `/queue/${item.id}`, { ...at, form: { intent: 'note', text: 'Called their CTO.' } })).status).toBe(303)
    expect((await call(itemAction, `/queue/${item.id}`, { ...at, form: { intent: 'close', outcome: 'saved', reason: 'They renewed.' } })).status).toBe(303)

    const [done, note, closed, ...none] = eventsSince(from)
    expect(none).toEqual([])
    for (const e of [done, note, closed]) expect(e).toMatchObject({ ...byAdmin(), accountId: acc.id })
    expect(done).toMatchObject({ action: 'queue.step_done', entityType: 'queue_step', entityId: contact, before: { doneAt: null } })
    expect(Date.parse(done.after!.doneAt as string)).toBeGreaterThan(0)
    expect(note).toMatchObject({ action: 'queue.note_added', entityType: 'queue_item', entityId: item.id, before: null, after: { note: 'Called their CTO.' } })
    expect(closed).toMatchObject({
      action: 'queue.closed',
      before: { status: 'open', reason: null, accountStatus: 'at_risk' },
      after: { status: 'saved', reason: 'They renewed.', accountStatus: 'saved' },
    })
  })

  it('a wave created (what it asks, of how many) and closed', async () => {
    const account = makeAccount({ name: 'Wave Co' })
    makeStakeholder(account.id, { level: 'top' })
    const form: Record<string, string | string[]> = {
      intent: 'create',
      name: 'Audit pulse',
      accountMode: 'picked',
      accountIds: [String(account.id)],
      levels: ['top'],
      askCategory: 'on',
      sendMode: 'now',
      closesOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      anonymity: 'confidential',
      minAnswers: '3',
      followUp_en: 'What should we fix first?',
      followUp_ru: 'Что исправить в первую очередь?',
    }
    for (const level of LEVELS) {
      form[`question_${level}_en`] = 'How much do you hate us right now?'
      form[`question_${level}_ru`] = 'Насколько вы нас ненавидите?'
      form[`reminderDays_${level}`] = '3'
      form[`reminderMax_${level}`] = '1'
    }
    const from = lastId()
    const res = await call(newWaveAction, '/waves/new', { cookie: admin.cookie, form, context })
    expect(res.status).toBe(302)
    const waveId = Number(res.location!.split('/').pop())
    const created = only(eventsSince(from))
    expect(created).toMatchObject({ ...byAdmin(), action: 'wave.created', entityType: 'wave', entityId: waveId, before: null })
    expect(created.after).toMatchObject({ name: 'Audit pulse', levels: ['top'], anonymity: 'confidential', invitations: 1, selection: { mode: 'picked', accountIds: [account.id] } })

    await call(closeWaveAction, `/waves/${waveId}`, { cookie: admin.cookie, params: { waveId: String(waveId) }, form: { intent: 'close' }, context })
    // A second close finds it closed: no second event.
    await call(closeWaveAction, `/waves/${waveId}`, { cookie: admin.cookie, params: { waveId: String(waveId) }, form: { intent: 'close' }, context })
    const closed = only(eventsSince(created.id))
    expect(closed).toMatchObject({ ...byAdmin(), action: 'wave.closed', before: { closedAt: null } })
  })

  it('a new account and a stakeholder import: one event per account the file touches', async () => {
    const from = lastId()
    const res = await call(newAccountAction, '/accounts/new', { cookie: admin.cookie, form: accountForm({ name: 'Imported Co', domain: 'imported-co.test' }), context })
    const accountId = Number(res.location!.split('/').pop())
    makeStakeholder(accountId, { email: 'kim@imported-co.test', name: 'Kim', title: 'Analyst', level: 'executor' })
    const csv = ['name,email,title,level,role', 'Kim,kim@imported-co.test,CTO,top,user', 'Lee,lee@imported-co.test,Engineer,executor,user'].join('\n')
    const imported = await call(importAction, `/accounts/import?account=${accountId}`, { cookie: admin.cookie, form: { intent: 'confirm', csv }, context })
    expect(imported.data).toMatchObject({ stage: 'done', created: 1, updated: 1 })
    const events = eventsSince(from).filter((e) => e.actorId === admin.id)
    expect(events.map((e) => e.action)).toEqual(['account.created', 'stakeholders.imported'])
    expect(events[0]).toMatchObject({ accountId, before: null, after: { name: 'Imported Co', domain: 'imported-co.test', arr: 50_000 } })
    expect(events[1]).toMatchObject({
      ...byAdmin(),
      entityType: 'account',
      accountId,
      before: { 'kim@imported-co.test': { title: 'Analyst', level: 'executor' }, 'lee@imported-co.test': null },
      after: { 'kim@imported-co.test': { title: 'CTO', level: 'top' }, 'lee@imported-co.test': { name: 'Lee', email: 'lee@imported-co.test', title: 'Engineer', level: 'executor' } },
    })
  })
})

describe('the write and its event are one transaction', () => {
  afterEach(() => sqlite.exec('drop trigger if exists temp.audit_refuses'))

  it('when the event cannot be stored, the change is not stored either', async () => {
    const account = makeAccount({ arr: 10_000 })
    sqlite.exec(`create temp trigger audit_refuses before insert on main.audit_events begin select raise(abort, 'no audit today'); end`)
    await expect(call(editAction, '/e', { cookie: admin.cookie, params: { accountId: String(account.id) }, form: accountForm({ name: account.name, domain: account.domain, arr: '99999' }), context })).rejects.toThrow(/no audit today/)
    expect(sqlite.prepare('select arr from accounts where id = ?').get(account.id)).toEqual({ arr: 10_000 })
  })
})

describe('append-only', () => {
  it('the database refuses to update or delete an event, and the app has no function that would', () => {
    const account = makeAccount()
    const id = lastId()
    expect(id).toBeGreaterThan(0)
    expect(() => sqlite.prepare("update audit_events set actor_name = 'someone else' where id = ?").run(id)).toThrow(/append-only/)
    expect(() => sqlite.prepare('update audit_events set after = null').run()).toThrow(/append-only/)
    expect(() => sqlite.prepare('delete from audit_events where id = ?').run(id)).toThrow(/append-only/)
    expect(() => sqlite.prepare('delete from audit_events').run()).toThrow(/append-only/)
    expect(eventsSince(id - 1)).toMatchObject([{ action: 'account.created', entityId: account.id }])
    // The model appends and reads; nothing else.
    expect(Object.keys(auditModel).filter((k) => /update|delete|remove|edit|clear|purge/i.test(k))).toEqual([])
  })
})

describe('/admin/audit and its CSV', () => {
  const at = (iso: string) => new Date(`${iso}T12:00:00Z`)
  let ids: { ann1: number; ann2: number; bob1: number; bob2: number }
  let ann: { id: number; name: string }
  let bob: { id: number; name: string }
  let acme: number
  let globex: number

  beforeAll(async () => {
    ann = await makeUser('service_manager', { name: 'Ann Auditor' })
    bob = await makeUser('service_manager', { name: 'Bob Auditor' })
    acme = makeAccount({ name: 'Filter Acme' }).id
    globex = makeAccount({ name: 'Filter Globex' }).id
    const event = (who: { id: number; name: string }, accountId: number, day: string, arr: [number, number]) => {
      insertAuditEvent({ at: at(day), actorId: who.id, actorName: who.name, actorEmail: `${who.id}@staff.test`, clientAddress: '198.51.100.1', action: 'account.updated', entityType: 'account', entityId: accountId, accountId, before: { arr: arr[0] }, after: { arr: arr[1] } })
      return lastId()
    }
    ids = {
      ann1: event(ann, acme, '2030-01-10', [1, 2]),
      bob1: event(bob, globex, '2030-01-11', [3, 4]),
      ann2: event(ann, globex, '2030-01-12', [5, 6]),
      bob2: event(bob, acme, '2030-01-13', [7, 8]),
    }
  })

  const page = async (query: string, cookie = admin.cookie) => call(auditLoader, `/admin/audit${query}`, { cookie })
  const pageIds = async (query: string) => ((await page(query)).data.events as { id: number }[]).map((e) => e.id).filter((id) => Object.values(ids).includes(id))
  const csv = async (query: string, cookie = admin.cookie) => call(auditCsvLoader, `/admin/audit.csv${query}`, { cookie })
  const csvIds = async (query: string) => {
    const res = await csv(query)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const lines = (res.data as string).trim().split('\r\n')
    expect(lines[0]).toBe('id,at,actor_name,actor_email,client_address,action,entity_type,entity_id,account_id,account,before,after')
    return lines.slice(1).map((l) => Number(l.split(',')[0])).filter((id) => Object.values(ids).includes(id))
  }

  it('filters by user, account and date (both ends inclusive); the CSV carries the same rows', async () => {
    const cases: [string, number[]][] = [
      [`?user=${ann.id}`, [ids.ann2, ids.ann1]],
      [`?user=${bob.id}`, [ids.bob2, ids.bob1]],
      [`?account=${acme}`, [ids.bob2, ids.ann1]],
      [`?account=${globex}&user=${ann.id}`, [ids.ann2]],
      ['?from=2030-01-11&to=2030-01-12', [ids.ann2, ids.bob1]],
      ['?from=2030-01-13', [ids.bob2]],
      [`?to=2030-01-10&account=${acme}`, [ids.ann1]],
      // Unreadable values are ignored, not refused: a filter is a view.
      ['?from=yesterday', [ids.bob2, ids.ann2, ids.bob1, ids.ann1]],
    ]
    for (const [query, expected] of cases) {
      expect(await pageIds(query), query).toEqual(expected)
      expect(await csvIds(query), `CSV ${query}`).toEqual(expected)
    }
    const one = (await page(`?user=${ann.id}&from=2030-01-12&to=2030-01-12`)).data.events[0]
    expect(one).toMatchObject({ actorName: 'Ann Auditor', clientAddress: '198.51.100.1', accountName: 'Filter Globex', before: { arr: 5 }, after: { arr: 6 } })
    expect(new Date(one.at).getTime()).toBe(at('2030-01-12').getTime())
  })

  it('pages newest first with an "older" cursor, never repeating or skipping an event', async () => {
    const who = await makeUser('account_team', { name: 'Paging Person' })
    for (let i = 0; i < 55; i++) insertAuditEvent({ at: new Date(), actorId: who.id, actorName: who.name, actorEmail: who.email, clientAddress: 'x', action: 'note', entityType: 'queue_item', entityId: i, accountId: null, before: null, after: { i } })
    const first = await page(`?user=${who.id}`)
    expect(first.data.events).toHaveLength(50)
    expect(first.data.events[0].after).toEqual({ i: 54 })
    expect(first.data.olderThan).toBe(first.data.events[49].id)
    const second = await page(`?user=${who.id}&before=${first.data.olderThan}`)
    expect(second.data.events.map((e: { after: { i: number } }) => e.after.i)).toEqual([4, 3, 2, 1, 0])
    expect(second.data.olderThan).toBeNull()
  })

  it('the CSV never carries a password or a password hash', async () => {
    await call(usersAction, '/admin/users', { cookie: admin.cookie, form: { intent: 'create', name: 'Hash Check', email: 'hash-check@staff.test', role: 'account_team', password: 'hunter2 hunter2 hunter2' }, context })
    const text = (await csv('')).data as string
    expect(text).toContain('hash-check@staff.test')
    expect(text).not.toMatch(/hunter2|scrypt\$|password_hash|passwordHash/)
    const hashes = sqlite.prepare('select password_hash as h from users').all() as { h: string }[]
    for (const { h } of hashes) expect(text).not.toContain(h.split('$').pop())
  })

  it('is for admins only: 403 for everyone else, page and CSV; signed out goes to sign-in', async () => {
    for (const role of ['service_manager', 'account_team'] as const) {
      const cookie = await sessionCookie((await makeUser(role)).id)
      expect((await page('', cookie)).status, role).toBe(403)
      expect((await csv('', cookie)).status, `${role} CSV`).toBe(403)
    }
    expect((await call(auditLoader, '/admin/audit')).status).toBe(302)
    expect((await call(auditCsvLoader, '/admin/audit.csv')).status).toBe(302)
    expect((await page('')).status).toBe(200)
  })

  it('an empty result is a clear empty state, not an error', async () => {
    const res = await page('?from=1999-01-01&to=1999-01-02')
    expect(res.status).toBe(200)
    expect(res.data.events).toEqual([])
    expect(res.data.olderThan).toBeNull()
  })
})
