import { describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { resolveEvent } from '#app/services/champions.server'
import { listStakeholders } from '#app/models/stakeholders.server'
import { action as importAction, loader as importLoader } from '#app/routes/accounts.import'
import { sqlite } from '#app/utils/db.server'
import { eventsOf } from '#test/champion-factories'
import { makeAccount, makeStakeholder, makeUser, sessionCookie, signedIn } from '#test/factories'
import { call } from '#test/route'

function upload(content: string | Uint8Array<ArrayBuffer>, name = 'people.csv') {
  const form = new FormData()
  form.set('intent', 'preview')
  form.set('file', new File([content], name, { type: 'text/csv' }))
  return form
}

const snapshot = () => JSON.stringify(sqlite.prepare('select * from stakeholders order by id').all())

const MIXED = [
  'account,name,email,title,level,role,locale,champion',
  'north.test,Nora North,nora@north.test,CIO,top,buyer,en,yes',
  'north.test,Ned North,ned@north.test,Engineer,executor,user,,',
  'South Co,Sasha South,sasha@south.test,Head of IT,head,both,ru,no',
  'north.test,Bad Email,not-an-email,,manager,user,,',
  'north.test,Ivan Intern,ivan@north.test,,intern,user,,',
  'nowhere.test,Lost Soul,lost@nowhere.test,,top,buyer,,',
  'north.test,Nora Twice,NORA@north.test,,top,buyer,,',
  'south.test,Sid South,sid@south.test,,manager,boss,,',
].join('\n')

describe('CSV import of stakeholders', () => {
  // Accounts the malformed-file cases could write into, were a check missing.
  makeAccount({ domain: 'a.test' })

  it('previews every bad row with its reason and writes nothing until confirmed; re-import changes nothing', async () => {
    const { cookie } = await signedIn('admin')
    const north = makeAccount({ name: 'North Co', domain: 'north.test' })
    const south = makeAccount({ name: 'South Co', domain: 'south.test' })
    const before = snapshot()

    const preview = await call(importAction, '/accounts/import', { cookie, form: upload(MIXED) })
    expect(preview.status).toBe(200)
    expect(preview.data.stage).toBe('preview')
    expect(preview.data.summary).toEqual({ create: 3, update: 0, unchanged: 0, bad: 5 })
    expect(preview.data.plan.bad.map((b: { line: number; reason: string }) => [b.line, b.reason])).toEqual([
      [5, 'Bad email "not-an-email".'],
      [6, 'Unknown level "intern" (use executor, manager, head or top).'],
      [7, 'Unknown account "nowhere.test".'],
      [8, 'Duplicate: nora@north.test already appears on line 2 for North Co.'],
      [9, 'Unknown role "boss" (use user, buyer or both).'],
    ])
    expect(snapshot()).toBe(before)

    const confirm = await call(importAction, '/accounts/import', { cookie, form: { intent: 'confirm', csv: preview.data.csv } })
    expect(confirm.data).toEqual({ stage: 'done', created: 3, updated: 0, unchanged: 0, skipped: 5 })
    const northPeople = listStakeholders({ accountId: north.id })
    expect(northPeople.map((p) => [p.email, p.level, p.isChampion])).toEqual([
      ['nora@north.test', 'top', true],
      ['ned@north.test', 'executor', false],
    ])
    expect(listStakeholders({ accountId: south.id })[0]).toMatchObject({ name: 'Sasha South', level: 'head', role: 'both', locale: 'ru' })

    const afterFirst = snapshot()
    const again = await call(importAction, '/accounts/import', { cookie, form: upload(MIXED) })
    expect(again.data.summary).toEqual({ create: 0, update: 0, unchanged: 3, bad: 5 })
    const confirmAgain = await call(importAction, '/accounts/import', { cookie, form: { intent: 'confirm', csv: again.data.csv } })
    expect(confirmAgain.data).toMatchObject({ created: 0, updated: 0, unchanged: 3 })
    expect(snapshot()).toBe(afterFirst)
  })

  it('a changed row updates the existing person instead of duplicating them', async () => {
    const { cookie } = await signedIn('admin')
    const acme = makeAccount({ domain: 'acme.test' })
    makeStakeholder(acme.id, { email: 'kate@acme.test', name: 'Kate', level: 'manager', role: 'user' })
    const csv = 'name,email,level,role,title\nKate Kim,kate@acme.test,head,buyer,Head of Procurement\n'
    const res = await call(importAction, `/accounts/import?account=${acme.id}`, { cookie, form: { intent: 'confirm', csv } })
    expect(res.data).toMatchObject({ created: 0, updated: 1 })
    const people = listStakeholders({ accountId: acme.id })
    expect(people).toHaveLength(1)
    expect(people[0]).toMatchObject({ name: 'Kate Kim', level: 'head', role: 'buyer', title: 'Head of Procurement' })
  })

  it('importing into one account refuses rows naming another account', async () => {
    const { cookie } = await signedIn('admin')
    const one = makeAccount({ name: 'One', domain: 'one.test' })
    makeAccount({ name: 'Two', domain: 'two.test' })
    const csv = 'account,name,email,level,role\n,Ann,ann@one.test,top,buyer\ntwo.test,Bo,bo@two.test,top,buyer\n'
    const res = await call(importAction, `/accounts/import?account=${one.id}`, { cookie, form: upload(csv) })
    expect(res.data.summary).toMatchObject({ create: 1, bad: 1 })
    expect(res.data.plan.bad[0].reason).toBe('Unknown account "two.test": this import is into One only.')
  })

  it('a new champion in the file takes the title from the current one', async () => {
    const { cookie } = await signedIn('admin')
    const acme = makeAccount({ domain: 'champ.test' })
    makeStakeholder(acme.id, { email: 'old@champ.test', isChampion: true, level: 'head' })
    const csv = 'name,email,level,role,champion\nOld,old@champ.test,head,user,\nNew,new@champ.test,top,buyer,yes\n'
    const res = await call(importAction, `/accounts/import?account=${acme.id}`, { cookie, form: { intent: 'confirm', csv } })
    expect(res.data.created).toBe(1)
    expect(listStakeholders({ accountId: acme.id }).filter((p) => p.isChampion).map((p) => p.email)).toEqual(['new@champ.test'])
  })

  it('"possibly left" only when the importer says the file is the full list of the account’s people, and never twice for one person', async () => {
    const { cookie, user } = await signedIn('admin')
    const acme = makeAccount({ name: 'Full List Co', domain: 'fulllist.test' })
    const champ = makeStakeholder(acme.id, { email: 'champ@fulllist.test', isChampion: true, level: 'head' })
    makeStakeholder(acme.id, { email: 'peer@fulllist.test', level: 'manager' })
    const url = `/accounts/import?account=${acme.id}`
    const possibly = () => eventsOf(acme.id).filter((e) => e.kind === 'possibly_left')

    // A few new people, without saying it is the full list: nothing about the champion.
    const fewNew = 'name,email,level,role\nNew One,one@fulllist.test,executor,user\nNew Two,two@fulllist.test,executor,user\n'
    const preview = await call(importAction, url, { cookie, form: upload(fewNew) })
    const partial = await call(importAction, url, { cookie, form: { intent: 'confirm', csv: preview.data.csv } })
    expect(partial.data).toMatchObject({ stage: 'done', created: 2 })
    expect(possibly()).toEqual([])
    expect(preview.data).toMatchObject({ stage: 'preview', fullList: false })

    // The full list (the box ticked on the preview, carried to the confirm step) without the champion: one event.
    const full = 'name,email,level,role\nPeer,peer@fulllist.test,manager,user\nNew One,one@fulllist.test,executor,user\n'
    const form = upload(full)
    form.set('fullList', 'on')
    const fullPreview = await call(importAction, url, { cookie, form })
    expect(fullPreview.data).toMatchObject({ stage: 'preview', fullList: true })
    await call(importAction, url, { cookie, form: { intent: 'confirm', csv: fullPreview.data.csv, fullList: 'on' } })
    expect(possibly()).toHaveLength(1)
    expect(possibly()[0]).toMatchObject({ from_stakeholder_id: champ.id, pending: 1, source: 'import' })

    // The same again: still one, and still one after the owner dismissed it.
    await call(importAction, url, { cookie, form: { intent: 'confirm', csv: full, fullList: 'on' } })
    expect(possibly()).toHaveLength(1)
    resolveEvent({ accountId: acme.id, eventId: possibly()[0].id, decision: 'dismissed', userId: user.id, actor: SYSTEM_ACTOR })
    await call(importAction, url, { cookie, form: { intent: 'confirm', csv: full, fullList: 'on' } })
    expect(possibly()).toHaveLength(1)
  })

  it.each([
    ['wrong columns', 'company,person,mail\nA,B,c@d.test\n', /missing the columns name, email, level, role/],
    ['unknown columns', 'account,name,email,level,role,salary\na.test,A,a@a.test,top,buyer,100\n', /Unknown column: salary/],
    ['binary junk', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x00]), /not a UTF-8 text file|binary/],
    ['uneven rows', 'account,name,email,level,role\na.test,"A,a@a.test\n', /could not be read as CSV/],
    ['a header only', 'account,name,email,level,role\n', /no people/],
    ['an empty file', '', /Choose a CSV file/],
  ])('a malformed file (%s) gets a clear error and writes nothing', async (_what, content, message) => {
    const { cookie } = await signedIn('admin')
    const before = snapshot()
    const res = await call(importAction, '/accounts/import', { cookie, form: upload(content) })
    expect(res.status).toBe(400)
    expect(res.data.stage).toBe('error')
    expect(res.data.message).toMatch(message)
    const confirm = await call(importAction, '/accounts/import', {
      cookie,
      form: { intent: 'confirm', csv: typeof content === 'string' ? content : new TextDecoder().decode(content) },
    })
    expect(confirm.status).toBe(400)
    expect(snapshot()).toBe(before)
  })

  it('a 10 MB file is refused with a clear error and nothing is written', async () => {
    const { cookie } = await signedIn('admin')
    makeAccount({ domain: 'big.test' })
    const before = snapshot()
    const row = 'big.test,Someone,someone@big.test,,executor,user\n'
    const big = 'account,name,email,title,level,role\n' + row.repeat(Math.ceil((10 * 1024 * 1024) / row.length))
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024)
    const res = await call(importAction, '/accounts/import', { cookie, form: upload(big) })
    expect(res.status).toBe(413)
    expect(res.data.message).toMatch(/larger than 2 MB/)
    expect(snapshot()).toBe(before)
  })

  it('only admins and service managers import, and a service manager only into accounts they own', async () => {
    const team = await signedIn('account_team')
    expect((await call(importLoader, '/accounts/import', { cookie: team.cookie })).status).toBe(403)
    const sm = await makeUser('service_manager')
    const smCookie = await sessionCookie(sm.id)
    const owned = makeAccount({ domain: 'owned.test', ownerId: sm.id })
    const notOwned = makeAccount({ domain: 'notowned.test' })
    expect((await call(importLoader, `/accounts/import?account=${notOwned.id}`, { cookie: smCookie })).status).toBe(403)
    const csv = 'account,name,email,level,role\nowned.test,A,a@owned.test,top,buyer\nnotowned.test,B,b@notowned.test,top,buyer\n'
    const res = await call(importAction, '/accounts/import', { cookie: smCookie, form: { intent: 'confirm', csv } })
    expect(res.data).toMatchObject({ created: 1, skipped: 1 })
    expect(listStakeholders({ accountId: owned.id })).toHaveLength(1)
    expect(listStakeholders({ accountId: notOwned.id })).toHaveLength(0)
  })
})
