import { describe, expect, it } from 'vitest'
import { loader as mailboxLoader } from '#app/routes/dev.mailbox._index'
import { action as settingsAction, loader as settingsLoader } from '#app/routes/admin.settings'
import { action as waveAction, loader as waveLoader } from '#app/routes/waves.$waveId'
import { loader as wavesLoader } from '#app/routes/waves._index'
import { action as newWaveAction, loader as newWaveLoader } from '#app/routes/waves.new'
import { sqlite } from '#app/utils/db.server'
import { deriveToken, hashToken } from '#app/utils/link-tokens.server'
import { makeWave, surveyToken } from '#test/survey-factories'
import { makeAccount, makeStakeholder, signedIn } from '#test/factories'
import { call } from '#test/route'
import { TRIAGE_DEFAULTS } from '#app/domain/triage'

const LEVELS = ['executor', 'manager', 'head', 'top'] as const
const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

function waveForm(overrides: Record<string, string | string[]> = {}) {
  const form: Record<string, string | string[]> = {
    name: 'Q4 pulse',
    accountMode: 'all',
    levels: [...LEVELS],
    askCategory: 'on',
    sendMode: 'now',
    closesOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    anonymity: 'confidential',
    minAnswers: '3',
    followUp_en: 'What should we fix first?',
    followUp_ru: 'Что исправить в первую очередь?',
  }
  for (const level of LEVELS) {
    form[`question_${level}_en`] = `How much do you hate us right now (${level})?`
    form[`question_${level}_ru`] = `Насколько вы нас ненавидите (${level})?`
    form[`reminderDays_${level}`] = '3'
    form[`reminderMax_${level}`] = '1'
  }
  return { ...form, ...overrides }
}

describe('survey waves', () => {
  it('counts recipients per level and previews email and page without writing anything', async () => {
    const { cookie } = await signedIn('service_manager')
    const a = makeAccount({ name: 'Preview Co' })
    makeStakeholder(a.id, { level: 'executor' })
    makeStakeholder(a.id, { level: 'executor' })
    makeStakeholder(a.id, { level: 'top', role: 'buyer' })
    makeStakeholder(a.id, { level: 'head', status: 'left' })
    const before = [count('waves'), count('invitations'), count('outbox')]
    const res = await call(newWaveAction, '/waves/new', { cookie, form: waveForm({ intent: 'preview', accountMode: 'picked', accountIds: [String(a.id)] }) })
    expect(res.status).toBe(200)
    expect(res.data.preview.counts).toEqual({ perLevel: { executor: 2, manager: 0, head: 0, top: 1 }, total: 3, accounts: 1 })
    expect(res.data.preview.previews.map((p: { level: string }) => p.level)).toEqual([...LEVELS])
    const top = res.data.preview.previews.find((p: { level: string }) => p.level === 'top')
    expect(top.email.html).toContain('How much do you hate us right now (top)?')
    expect(top.email.html.match(/score=\d+/g)).toHaveLength(11)
    expect([count('waves'), count('invitations'), count('outbox')]).toEqual(before)
  })

  it('creates the wave, its invitations and their outgoing messages together', async () => {
    const { cookie } = await signedIn('service_manager')
    const a = makeAccount({ name: 'Create Co' })
    const b = makeAccount({ name: 'Other Co' })
    makeStakeholder(a.id, { level: 'manager' })
    makeStakeholder(a.id, { level: 'top', role: 'buyer', locale: 'ru' })
    makeStakeholder(b.id, { level: 'manager' })
    const res = await call(newWaveAction, '/waves/new', { cookie, form: waveForm({ intent: 'create', accountMode: 'picked', accountIds: [String(a.id)], levels: ['manager', 'top'] }) })
    expect(res.status).toBe(302)
    const waveId = Number(res.location!.split('/').pop())
    const invited = sqlite.prepare('select level, locale, state from invitations where wave_id = ? order by level').all(waveId)
    expect(invited).toEqual([
      { level: 'manager', locale: 'en', state: 'queued' },
      { level: 'top', locale: 'ru', state: 'queued' },
    ])
    const queued = sqlite.prepare("select count(*) as n from outbox o join invitations i on i.id = o.invitation_id where i.wave_id = ? and o.status = 'queued' and o.kind = 'invitation'").get(waveId) as { n: number }
    expect(queued.n).toBe(2)
    const page = await call(waveLoader, `/waves/${waveId}`, { cookie, params: { waveId: String(waveId) } })
    expect(page.data.progress).toMatchObject({ queued: 2, sent: 0, failed: 0 })
    expect(page.data.status).toBe('open')
    const list = await call(wavesLoader, '/waves', { cookie })
    expect(list.data.waves.find((w: { id: number }) => w.id === waveId)).toMatchObject({ name: 'Q4 pulse', invited: 2, answered: 0 })
  })

  it('refuses bad input with field messages, keeps what was typed and stores nothing', async () => {
    const { cookie } = await signedIn('admin')
    const before = [count('waves'), count('invitations'), count('outbox')]
    const res = await call(newWaveAction, '/waves/new', {
      cookie,
      form: waveForm({ intent: 'create', name: '', levels: [], accountMode: 'picked', question_top_en: '', reminderDays_head: '0', minAnswers: '1', closesOn: 'soon' }),
    })
    expect(res.status).toBe(400)
    expect(Object.keys(res.data.fieldErrors).sort()).toEqual(['closesOn', 'levels', 'minAnswers', 'name', 'question_top_en', 'reminderDays_head'].sort())
    expect(res.data.values.closesOn).toBe('soon')
    const unpicked = await call(newWaveAction, '/waves/new', { cookie, form: waveForm({ intent: 'create', accountMode: 'picked' }) })
    expect(unpicked.data.fieldErrors).toEqual({ accountIds: ['Pick at least one account.'] })
    const past = await call(newWaveAction, '/waves/new', { cookie, form: waveForm({ intent: 'create', sendMode: 'later', sendAt: '2020-01-01T10:00' }) })
    expect(past.status).toBe(400)
    expect(past.data.fieldErrors.sendAt[0]).toMatch(/in the past/)
    const nobody = await call(newWaveAction, '/waves/new', { cookie, form: waveForm({ intent: 'create', accountMode: 'filter', filterStatus: 'churned' }) })
    expect(nobody.status).toBe(400)
    expect(nobody.data.formError).toMatch(/Nobody to ask/)
    expect([count('waves'), count('invitations'), count('outbox')]).toEqual(before)
  })

  it('closes a wave early on POST only', async () => {
    const { cookie } = await signedIn('admin')
    const a = makeAccount()
    makeStakeholder(a.id)
    const res = await call(newWaveAction, '/waves/new', { cookie, form: waveForm({ intent: 'create', accountMode: 'picked', accountIds: [String(a.id)] }) })
    const waveId = res.location!.split('/').pop()!
    expect((await call(waveLoader, '/w', { cookie, params: { waveId } })).data.status).toBe('open')
    expect((await call(waveAction, '/w', { cookie, params: { waveId }, form: { intent: 'close' } })).status).toBe(302)
    expect((await call(waveLoader, '/w', { cookie, params: { waveId } })).data.status).toBe('closed')
  })

  it("closing a wave early marks its accounts for the queue: the last closed wave, and so the account's picture, just changed", async () => {
    const { cookie } = await signedIn('admin')
    const [a, b] = [makeAccount(), makeAccount()]
    for (const acc of [a, b]) makeStakeholder(acc.id)
    const res = await call(newWaveAction, '/waves/new', { cookie, form: waveForm({ intent: 'create', accountMode: 'picked', accountIds: [String(a.id), String(b.id)] }) })
    const waveId = res.location!.split('/').pop()!
    sqlite.prepare('delete from queue_dirty').run()
    expect((await call(waveAction, '/w', { cookie, params: { waveId }, form: { intent: 'close' } })).status).toBe(302)
    const marked = (sqlite.prepare('select account_id as id from queue_dirty order by account_id').all() as { id: number }[]).map((r) => r.id)
    expect(marked).toEqual([a.id, b.id].sort((x, y) => x - y))
  })

  it('is for service managers and admins; the dev mailbox and settings for admins only', async () => {
    const team = await signedIn('account_team')
    expect((await call(wavesLoader, '/waves', { cookie: team.cookie })).status).toBe(403)
    expect((await call(newWaveLoader, '/waves/new', { cookie: team.cookie })).status).toBe(403)
    expect((await call(newWaveAction, '/waves/new', { cookie: team.cookie, form: waveForm({ intent: 'create' }) })).status).toBe(403)
    const sm = await signedIn('service_manager')
    expect((await call(mailboxLoader, '/dev/mailbox', { cookie: sm.cookie })).status).toBe(403)
    expect((await call(settingsAction, '/admin/settings', { cookie: sm.cookie, form: { senderName: 'X' } })).status).toBe(403)
    expect((await call(wavesLoader, '/waves')).status).toBe(302)
  })

  it('admins set the sender name; a bad one is refused', async () => {
    const { cookie } = await signedIn('admin')
    // The settings form posts every field; the triage thresholds as they are.
    const triage = Object.fromEntries(Object.entries(TRIAGE_DEFAULTS).map(([k, v]) => [k, String(v)]))
    const bad = await call(settingsAction, '/admin/settings', { cookie, form: { ...triage, senderName: 'Evil <x@y>' } })
    expect(bad.status).toBe(400)
    expect(bad.data.values.senderName).toBe('Evil <x@y>')
    expect(Object.keys(bad.data.fieldErrors)).toEqual(['senderName'])
    expect((await call(settingsAction, '/admin/settings', { cookie, form: { ...triage, senderName: 'Northwind Services' } })).status).toBe(302)
    expect((await call(settingsLoader, '/admin/settings', { cookie })).data.settings.senderName).toBe('Northwind Services')
  })

  it('admins set the triage thresholds; overlapping buckets and non-numbers are refused and nothing is saved', async () => {
    const { cookie } = await signedIn('admin')
    const triage = Object.fromEntries(Object.entries(TRIAGE_DEFAULTS).map(([k, v]) => [k, String(v)]))
    const form = (over: Record<string, string>) => ({ senderName: 'Hatescale', ...triage, ...over })
    const overlapping = await call(settingsAction, '/admin/settings', { cookie, form: form({ emergencyDays: '120' }) })
    expect(overlapping.status).toBe(400)
    expect(overlapping.data.fieldErrors.emergencyDays).toEqual(['Emergency must be shorter than the comprehensive runway.'])
    expect(overlapping.data.values.emergencyDays).toBe('120')
    const junk = await call(settingsAction, '/admin/settings', { cookie, form: form({ highValueArr: 'lots', mediumValueArr: '-5' }) })
    expect(junk.status).toBe(400)
    expect(Object.keys(junk.data.fieldErrors).sort()).toEqual(['highValueArr', 'mediumValueArr'])
    expect((await call(settingsLoader, '/admin/settings', { cookie })).data.settings).toMatchObject(TRIAGE_DEFAULTS)
    expect((await call(settingsAction, '/admin/settings', { cookie, form: form({ emergencyDays: '45' }) })).status).toBe(302)
    expect((await call(settingsLoader, '/admin/settings', { cookie })).data.settings.emergencyDays).toBe(45)
  })
})

describe('what a new wave writes', () => {
  it('one invitation with its own link hashes and one queued message each, held until the send time', async () => {
    const sendAt = new Date(Date.now() + 3 * 86_400_000)
    const wave = await makeWave({ count: 4, sendAt })
    const rows = sqlite
      .prepare('select i.id, i.token_hash, i.unsubscribe_hash, i.token_salt, i.link_format, o.kind, o.status, o.not_before, o.idempotency_key from invitations i join outbox o on o.invitation_id = i.id where i.wave_id = ? order by i.id')
      .all(wave.waveId) as { id: number; token_hash: string; unsubscribe_hash: string; token_salt: string; link_format: number; kind: string; status: string; not_before: number; idempotency_key: string }[]
    expect(rows.map((r) => r.id)).toEqual(wave.invitationIds)
    for (const r of rows) expect(r).toMatchObject({ kind: 'invitation', status: 'queued', not_before: sendAt.getTime(), idempotency_key: `invitation/${r.id}` })
    expect(new Set(rows.flatMap((r) => [r.token_hash, r.unsubscribe_hash, r.token_salt])).size).toBe(12)
    // The links name their invitation (format 2, outside the hash indexes), and the
    // stored hashes are those of the MACs the mailer derives from the salt.
    for (const r of rows) {
      expect(r.link_format).toBe(2)
      expect(surveyToken(r.id)).toBe(`${r.id}.${deriveToken('survey', r.token_salt)}`)
      expect(r.token_hash).toBe(hashToken(deriveToken('survey', r.token_salt)))
      expect(r.unsubscribe_hash).toBe(hashToken(deriveToken('unsubscribe', r.token_salt)))
    }
  })
})
