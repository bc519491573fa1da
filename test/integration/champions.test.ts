/* Champions end to end through the real routes: every detection path (the respondent's
   "I have left" and "someone else", a bounce webhook, a stakeholder re-import, cooling
   by score and by silence), the owner's confirm/dismiss on the account page, the
   append-only log, who may do what, the /champions portfolio and the pulse proposal.
   Assertions read the database, not just the answers. */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { detectSilentChampions } from '#app/services/champions.server'
import { listSuggestions } from '#app/models/answers.server'
import { closeWave } from '#app/services/waves.server'
import { action as importAction } from '#app/routes/accounts.import'
import { loader as championsLoader } from '#app/routes/champions._index'
import { loader as wavesNewLoader } from '#app/routes/waves.new'
import { action as webhookAction } from '#app/routes/webhooks.resend'
import { accountChampion } from '#app/services/champions.server'
import { accountPicture } from '#app/services/queue.server'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import {
  accountPage,
  accountPost,
  allEvents,
  answer,
  DAY,
  decide,
  eventsOf,
  expectOnlyAppended,
  logSnapshot,
  makeChampionAccount,
  person,
  personByEmail,
  sayLeft,
  suggest,
  waveTo,
  type EventRow,
} from '#test/champion-factories'
import { makeUser, sessionCookie, signedIn } from '#test/factories'
import { call } from '#test/route'
import { cancelPendingMessages, emailEvent, row, signedWebhook } from '#test/survey-factories'

let admin: { id: number; cookie: string }

beforeAll(async () => {
  const { user, cookie } = await signedIn('admin')
  admin = { id: user.id, cookie }
})

beforeEach(() => {
  perLinkLimiter.reset()
  missLimiter.reset()
  cancelPendingMessages()
})

const kinds = (events: { kind: string }[]) => events.map((e) => e.kind)
const pendingOf = (accountId: number) => eventsOf(accountId).filter((e) => e.pending && !eventsOf(accountId).some((d) => d.refers_to === e.id))
const only = <T,>(list: T[]): T => {
  expect(list).toHaveLength(1)
  return list[0]
}
const ago = (days: number) => new Date(Date.now() - days * DAY)

/** A champion (head, both) and two more people; a wave to all of them, sent yesterday. */
async function accountWithWave(extra: { ownerId?: number | null; teamIds?: number[]; arr?: number; name?: string } = {}) {
  const acc = makeChampionAccount({
    ...extra,
    people: [
      { key: 'champ', level: 'head', role: 'both', champion: true },
      { key: 'peer', level: 'manager', role: 'user' },
      { key: 'boss', level: 'top', role: 'buyer' },
    ],
  })
  const wave = await waveTo(acc.id, { sendAt: ago(1) })
  return { acc, wave, champ: acc.people.champ, peer: acc.people.peer, boss: acc.people.boss }
}

// Runs first: detectSilentChampions looks at every closed wave of this file's database.
describe('cooling by silence', () => {
  it('a champion who answered before, was asked in a wave that closed and did not answer gets one cooling event; running again adds none', async () => {
    const acc = makeChampionAccount({
      people: [
        { key: 'champ', level: 'head', role: 'both', champion: true },
        { key: 'quiet', level: 'manager' }, // answers wave 1, silent in wave 2, but is not the champion
        { key: 'talker', level: 'executor' },
      ],
    })
    const { champ, quiet, talker } = acc.people
    const w1 = await waveTo(acc.id, { sendAt: ago(20), closesAt: new Date(Date.now() + DAY), anonymity: 'named' })
    expect((await answer(w1.tokenOf(champ.id), 2)).status).toBe(303)
    expect((await answer(w1.tokenOf(quiet.id), 3)).status).toBe(303)
    const w2 = await waveTo(acc.id, { sendAt: ago(2), anonymity: 'named' })
    expect((await answer(w2.tokenOf(talker.id), 4)).status).toBe(303)

    // A champion elsewhere who never answered anything cannot "go silent".
    const fresh = makeChampionAccount({ people: [{ key: 'champ', level: 'top', role: 'buyer', champion: true }] })
    const freshWave = await waveTo(fresh.id, { sendAt: ago(3), anonymity: 'named' })

    // While wave 2 is open, nobody is silent yet.
    expect(detectSilentChampions({ now: new Date() })).toBe(0)
    expect(kinds(eventsOf(acc.id))).toEqual(['designated'])

    closeWave({ id: w2.waveId, now: new Date(), actor: SYSTEM_ACTOR })
    closeWave({ id: freshWave.waveId, now: new Date(), actor: SYSTEM_ACTOR })
    expect(detectSilentChampions({ now: new Date() })).toBe(1)
    const cooling = only(eventsOf(acc.id).filter((e) => e.kind === 'cooling'))
    expect(cooling).toMatchObject({ from_stakeholder_id: champ.id, wave_id: w2.waveId, reason: 'cooled', source: 'survey_pattern', pending: 1, refers_to: null, note: 'Answered before, silent in this wave.' })
    expect(kinds(eventsOf(fresh.id))).toEqual(['designated'])

    // Again (the job runs on a schedule): nothing new.
    const before = logSnapshot()
    expect(detectSilentChampions({ now: new Date() })).toBe(0)
    expect(detectSilentChampions({ now: new Date(Date.now() + DAY) })).toBe(0)
    expect(expectOnlyAppended(before, 'silence re-run')).toEqual([])
    expect(accountChampion({ accountId: acc.id, now: new Date() })).toMatchObject({ status: 'active', awaitingConfirmation: true })
  })

  it('confidential waves never feed cooling by silence: answered a confidential wave, silent in the next confidential one → no event', async () => {
    const acc = makeChampionAccount({ people: [{ key: 'champ', level: 'head', role: 'both', champion: true }, { key: 'peer', level: 'manager' }] })
    const { champ, peer } = acc.people
    const w1 = await waveTo(acc.id, { sendAt: ago(30), closesAt: new Date(Date.now() + DAY), anonymity: 'confidential' })
    expect((await answer(w1.tokenOf(champ.id), 2)).status).toBe(303)
    const w2 = await waveTo(acc.id, { sendAt: ago(4), closesAt: new Date(Date.now() + DAY), anonymity: 'confidential' })
    expect((await answer(w2.tokenOf(peer.id), 4)).status).toBe(303)
    closeWave({ id: w1.waveId, now: new Date(), actor: SYSTEM_ACTOR })
    closeWave({ id: w2.waveId, now: new Date(), actor: SYSTEM_ACTOR })
    detectSilentChampions({ now: new Date() })
    expect(kinds(eventsOf(acc.id))).toEqual(['designated'])
  })
})

describe('detection through the real routes', () => {
  it('the champion chooses "I have left" (POST /s/:token intent=left): a pending champion-left event, the person marked left', async () => {
    const { acc, wave, champ } = await accountWithWave()
    const token = wave.tokenOf(champ.id)
    const res = await sayLeft(token)
    expect(res.status).toBe(303)
    expect(res.location).toBe(`/s/${token}?done=left`)

    const left = only(pendingOf(acc.id))
    expect(left).toMatchObject({
      kind: 'left',
      from_stakeholder_id: champ.id,
      to_stakeholder_id: null,
      reason: 'left_company',
      source: 'respondent',
      wave_id: wave.waveId,
      note: 'The champion says they have left the company.',
      created_by_id: null,
    })
    // Marked as left, pending the owner's confirmation (still the champion until then).
    expect(person(champ.id)).toMatchObject({ status: 'left', isChampion: 1 })

    const page = await accountPage(admin.cookie, acc.id)
    expect(page.status).toBe(200)
    expect(page.data.champion).toMatchObject({ status: 'active', awaitingConfirmation: true, proposePulse: true })
    const open = only(page.data.champion.timeline.filter((e: { open: boolean }) => e.open))
    expect(open).toMatchObject({ id: left.id, kind: 'left', fromName: champ.name, resolution: null })

    // A second click on the same link adds nothing.
    expect((await sayLeft(token)).status).toBe(303)
    expect(kinds(eventsOf(acc.id))).toEqual(['designated', 'left'])
  })

  it('anyone else choosing "I have left" is a pending "left" event too (the owner confirms), not a champion-left one', async () => {
    const { acc, wave, champ, peer } = await accountWithWave()
    expect((await sayLeft(wave.tokenOf(peer.id))).status).toBe(303)
    const left = only(pendingOf(acc.id))
    expect(left).toMatchObject({ kind: 'left', from_stakeholder_id: peer.id, note: 'Says they have left the company.' })
    expect(person(peer.id)!.status).toBe('left')
    expect(person(champ.id)).toMatchObject({ status: 'active', isChampion: 1 })
  })

  it('a signed email.bounced webhook for the champion’s sent invitation: a pending champion-at-risk event', async () => {
    const { acc, wave, champ, peer } = await accountWithWave()
    await dispatchOnce({ provider: devMailboxProvider, now: () => new Date() })
    const providerIdOf = (stakeholderId: number) => {
      const r = row("select id, provider_id as providerId, status from outbox where invitation_id = ? and kind = 'invitation'", wave.invitationOf(stakeholderId))!
      expect(r).toMatchObject({ status: 'sent', providerId: `dev-${r.id}` })
      return String(r.providerId)
    }
    const post = (hook: { body: string; headers: Record<string, string> }) => call(webhookAction, '/webhooks/resend', { method: 'POST', body: hook.body, headers: hook.headers })

    const hook = signedWebhook(emailEvent('email.bounced', providerIdOf(champ.id), { bounce: { message: 'Mailbox does not exist' } }))
    const res = await post(hook)
    expect(res.status).toBe(200)
    expect(res.data).toEqual({ ok: true, applied: true })
    const risk = only(pendingOf(acc.id))
    expect(risk).toMatchObject({ kind: 'at_risk', from_stakeholder_id: champ.id, reason: 'bounced', source: 'bounce', wave_id: wave.waveId, note: 'Bounce: Mailbox does not exist' })
    expect(person(champ.id)).toMatchObject({ status: 'bounced', isChampion: 1 })

    // The same delivery replayed: applied once, no second event.
    const replay = await post(signedWebhook(JSON.parse(hook.body), { msgId: hook.msgId, at: new Date(Date.now() + 1_000) }))
    expect(replay.data).toEqual({ ok: true, applied: false })
    // Someone else's bounce is not a champion event.
    expect((await post(signedWebhook(emailEvent('email.bounced', providerIdOf(peer.id))))).status).toBe(200)
    expect(person(peer.id)!.status).toBe('bounced')
    expect(kinds(eventsOf(acc.id))).toEqual(['designated', 'at_risk'])
    // An unsigned bounce changes nothing.
    const unsigned = signedWebhook(emailEvent('email.bounced', providerIdOf(champ.id)))
    delete unsigned.headers['svix-signature']
    expect((await post(unsigned)).status).toBe(401)
    expect(kinds(eventsOf(acc.id))).toEqual(['designated', 'at_risk'])
  })

  it('a full-list CSV re-import (/accounts/import?account=ID, preview then confirm, "full list" ticked) without the champion: a pending "possibly left"', async () => {
    const acc = makeChampionAccount({
      people: [
        { key: 'champ', level: 'head', role: 'both', champion: true },
        { key: 'peer', level: 'manager' },
        { key: 'exec', level: 'executor' },
      ],
    })
    const { champ, peer, exec } = acc.people
    const url = `/accounts/import?account=${acc.id}`
    const csv = ['name,email,title,level,role', `${peer.name},${peer.email},Analyst,manager,user`, `${exec.name},${exec.email},Analyst,executor,user`, `Nell New,nell@${acc.domain},CTO,top,buyer`].join('\n')

    const form = new FormData()
    form.set('intent', 'preview')
    form.set('file', new File([csv], 'people.csv', { type: 'text/csv' }))
    const preview = await call(importAction, url, { cookie: admin.cookie, form })
    expect(preview.status).toBe(200)
    expect(preview.data.summary).toEqual({ create: 1, update: 0, unchanged: 2, bad: 0 })
    expect(kinds(eventsOf(acc.id)), 'a preview writes nothing').toEqual(['designated'])

    const confirm = await call(importAction, url, { cookie: admin.cookie, form: { intent: 'confirm', csv: preview.data.csv, fullList: 'on' } })
    expect(confirm.data).toMatchObject({ stage: 'done', created: 1, updated: 0, unchanged: 2 })
    const possibly = only(pendingOf(acc.id))
    expect(possibly).toMatchObject({ kind: 'possibly_left', from_stakeholder_id: champ.id, reason: 'left_company', source: 'import', wave_id: null, note: 'A stakeholder re-import no longer lists the champion.', created_by_id: null })
    // Nothing is decided yet: still the champion, still active.
    expect(person(champ.id)).toMatchObject({ status: 'active', isChampion: 1 })
    expect(accountChampion({ accountId: acc.id, now: new Date() })).toMatchObject({ status: 'active', awaitingConfirmation: true })

    // The same file again: one open "possibly left" per champion is enough.
    await call(importAction, url, { cookie: admin.cookie, form: { intent: 'confirm', csv, fullList: 'on' } })
    expect(kinds(eventsOf(acc.id))).toEqual(['designated', 'possibly_left'])

    // A re-import that still lists the champion (in any letter case) raises nothing.
    const kept = makeChampionAccount({ people: [{ key: 'champ', level: 'top', role: 'buyer', champion: true }, { key: 'peer', level: 'manager' }] })
    const keptCsv = `name,email,level,role\n${kept.people.champ.name},${kept.people.champ.email.toUpperCase()},top,buyer\n${kept.people.peer.name},${kept.people.peer.email},manager,user\n`
    const res = await call(importAction, `/accounts/import?account=${kept.id}`, { cookie: admin.cookie, form: { intent: 'confirm', csv: keptCsv, fullList: 'on' } })
    expect(res.data.stage).toBe('done')
    expect(kinds(eventsOf(kept.id))).toEqual(['designated'])
  })

  it('the champion’s "someone else should answer this", naming a person: a pending successor suggestion with name and email', async () => {
    const { acc, wave, champ, peer } = await accountWithWave()
    const res = await suggest(wave.tokenOf(champ.id), 'Sam Successor', 'Sam.Successor@Example.test')
    expect(res.status).toBe(303)
    const suggestion = only(pendingOf(acc.id))
    expect(suggestion).toMatchObject({
      kind: 'successor_suggested',
      from_stakeholder_id: champ.id,
      source: 'respondent',
      wave_id: wave.waveId,
      suggested_name: 'Sam Successor',
      suggested_email: 'sam.successor@example.test',
    })
    // The champion is still the champion until the owner decides.
    expect(person(champ.id)).toMatchObject({ status: 'active', isChampion: 1 })

    // Someone else's suggestion is kept for the account, but it is no champion event.
    expect((await suggest(wave.tokenOf(peer.id), 'Pat Other', 'pat@example.test')).status).toBe(303)
    expect(listSuggestions({ accountId: acc.id }).map((s) => s.email)).toEqual(['sam.successor@example.test', 'pat@example.test'])
    expect(kinds(eventsOf(acc.id))).toEqual(['designated', 'successor_suggested'])
  })

  it('cooling by score: the champion answered 1 in an earlier wave and 5 in a later one → a pending cooling event; a rise of 2 → none', async () => {
    const acc = makeChampionAccount({ people: [{ key: 'champ', level: 'head', role: 'both', champion: true }, { key: 'peer', level: 'manager' }] })
    const { champ, peer } = acc.people
    const w1 = await waveTo(acc.id, { sendAt: ago(10), anonymity: 'named' })
    const w2 = await waveTo(acc.id, { sendAt: ago(1), anonymity: 'named' })
    await answer(w1.tokenOf(champ.id), 1)
    await answer(w1.tokenOf(peer.id), 0)
    expect(kinds(eventsOf(acc.id))).toEqual(['designated'])
    expect((await answer(w2.tokenOf(champ.id), 5)).status).toBe(303)
    // The peer's score jumped by 9: they are not the champion, so no event.
    await answer(w2.tokenOf(peer.id), 9)
    const cooling = only(pendingOf(acc.id))
    expect(cooling).toMatchObject({ kind: 'cooling', from_stakeholder_id: champ.id, reason: 'cooled', source: 'survey_pattern', wave_id: w2.waveId, note: 'Their score went from 1 to 5.' })
    // Revising the answer in the same wave does not add a second event.
    await answer(w2.tokenOf(champ.id), 7)
    expect(kinds(eventsOf(acc.id))).toEqual(['designated', 'cooling'])

    // A rise of 2 (1 → 3) is not cooling.
    const mild = makeChampionAccount({ people: [{ key: 'champ', level: 'top', role: 'buyer', champion: true }] })
    const m1 = await waveTo(mild.id, { sendAt: ago(10), anonymity: 'named' })
    const m2 = await waveTo(mild.id, { sendAt: ago(1), anonymity: 'named' })
    await answer(m1.tokenOf(mild.people.champ.id), 1)
    await answer(m2.tokenOf(mild.people.champ.id), 3)
    expect(kinds(eventsOf(mild.id))).toEqual(['designated'])
    expect(accountChampion({ accountId: mild.id, now: new Date() }).status).toBe('active')
  })
})

describe('the owner confirms or dismisses (account action confirm-event / dismiss-event)', () => {
  it('confirming "left" takes the champion flag away and keeps the person left; the account has no champion, candidates and a pulse are proposed', async () => {
    const { acc, wave, champ, peer, boss } = await accountWithWave()
    await sayLeft(wave.tokenOf(champ.id))
    const left = only(pendingOf(acc.id))

    const res = await decide(admin.cookie, acc.id, left.id, 'confirm')
    expect(res.status).toBe(302)
    expect(res.location).toBe(`/accounts/${acc.id}#champion`)
    expect(person(champ.id)).toMatchObject({ status: 'left', isChampion: 0 })
    const decision = eventsOf(acc.id).at(-1)!
    expect(decision).toMatchObject({ kind: 'confirmed', refers_to: left.id, from_stakeholder_id: champ.id, source: 'manual', created_by_id: admin.id, pending: 0 })
    expect(pendingOf(acc.id)).toEqual([])

    const page = await accountPage(admin.cookie, acc.id)
    expect(page.data.champion).toMatchObject({ champion: null, status: 'left', proposePulse: true })
    expect(page.data.champion.timeline.map((e: { kind: string; open: boolean; resolution: string | null; by: string | null }) => [e.kind, e.open, e.resolution])).toEqual([
      ['designated', false, null],
      ['left', false, 'confirmed'],
      ['confirmed', false, null],
    ])
    // Successor candidates: the people still here, best first, the one who left not among them.
    const candidates = page.data.champion.candidates.map((c: { id: number }) => c.id)
    expect(candidates).toEqual([boss.id, peer.id])
    expect(page.data.champion.candidates[0].reasons).toEqual(['top management (+40)', 'holds the budget (+15)'])
  })

  it('dismissing "left" puts the person back to active, still the champion', async () => {
    const { acc, wave, champ } = await accountWithWave()
    await sayLeft(wave.tokenOf(champ.id))
    const left = only(pendingOf(acc.id))
    const res = await decide(admin.cookie, acc.id, left.id, 'dismiss')
    expect(res.status).toBe(302)
    expect(person(champ.id)).toMatchObject({ status: 'active', isChampion: 1 })
    expect(eventsOf(acc.id).at(-1)).toMatchObject({ kind: 'dismissed', refers_to: left.id, created_by_id: admin.id })
    const view = accountChampion({ accountId: acc.id, now: new Date() })
    expect(view.status).toBe('active')
    expect(view.champion?.id).toBe(champ.id)
    expect(view.timeline.find((e) => e.id === left.id)).toMatchObject({ open: false, resolution: 'dismissed' })
  })

  it('confirming a successor suggestion creates that person and makes them champion, with a "replaced" event', async () => {
    const { acc, wave, champ } = await accountWithWave()
    await suggest(wave.tokenOf(champ.id), 'Sam Successor', 'sam.successor@example.test')
    const suggestion = only(pendingOf(acc.id))
    expect(personByEmail(acc.id, 'sam.successor@example.test')).toBeUndefined()

    expect((await decide(admin.cookie, acc.id, suggestion.id, 'confirm')).status).toBe(302)
    const sam = personByEmail(acc.id, 'sam.successor@example.test')!
    expect(sam).toMatchObject({ name: 'Sam Successor', status: 'active', isChampion: 1, level: 'head' })
    expect(person(champ.id)).toMatchObject({ status: 'active', isChampion: 0 })
    const [confirmed, replaced] = eventsOf(acc.id).slice(-2)
    expect(confirmed).toMatchObject({ kind: 'confirmed', refers_to: suggestion.id, created_by_id: admin.id })
    expect(replaced).toMatchObject({ kind: 'replaced', from_stakeholder_id: champ.id, to_stakeholder_id: sam.id, reason: 'replaced', pending: 0, created_by_id: admin.id })
    const view = accountChampion({ accountId: acc.id, now: new Date() })
    expect(view).toMatchObject({ status: 'active', champion: { id: sam.id, name: 'Sam Successor' } })
  })

  it('a successor suggestion naming someone already on file makes that person champion (no duplicate)', async () => {
    const { acc, wave, champ, peer } = await accountWithWave()
    await suggest(wave.tokenOf(champ.id), 'Peer Again', peer.email.toUpperCase())
    const suggestion = only(pendingOf(acc.id))
    // Named as successor: a ranking reason for them while it is pending.
    const pendingView = accountChampion({ accountId: acc.id, now: new Date() })
    expect(pendingView.candidates.find((c) => c.id === peer.id)?.reasons).toContain('named as successor by the champion (+25)')
    const before = Number(row('select count(*) as n from stakeholders where account_id = ?', acc.id)!.n)
    expect((await decide(admin.cookie, acc.id, suggestion.id, 'confirm')).status).toBe(302)
    expect(Number(row('select count(*) as n from stakeholders where account_id = ?', acc.id)!.n)).toBe(before)
    expect(person(peer.id)).toMatchObject({ isChampion: 1, name: peer.name })
    expect(eventsOf(acc.id).at(-1)).toMatchObject({ kind: 'replaced', from_stakeholder_id: champ.id, to_stakeholder_id: peer.id })
  })

  it('confirming a bounce, a "possibly left" and a cooling event: the champion flag and the status follow', async () => {
    // Bounce confirmed: no longer the champion, status left.
    const bounced = await accountWithWave()
    await dispatchOnce({ provider: devMailboxProvider, now: () => new Date() })
    const outboxId = Number(row("select id from outbox where invitation_id = ? and kind = 'invitation'", bounced.wave.invitationOf(bounced.champ.id))!.id)
    const hook = signedWebhook(emailEvent('email.bounced', `dev-${outboxId}`))
    await call(webhookAction, '/webhooks/resend', { method: 'POST', body: hook.body, headers: hook.headers })
    const risk = only(pendingOf(bounced.acc.id))
    expect(risk.kind).toBe('at_risk')
    expect((await decide(admin.cookie, bounced.acc.id, risk.id, 'confirm')).status).toBe(302)
    expect(person(bounced.champ.id)).toMatchObject({ status: 'bounced', isChampion: 0 })
    expect(accountChampion({ accountId: bounced.acc.id, now: new Date() }).status).toBe('left')

    // "Possibly left" confirmed: they left.
    const dropped = makeChampionAccount({ people: [{ key: 'champ', level: 'head', role: 'both', champion: true }, { key: 'peer', level: 'manager' }] })
    await call(importAction, `/accounts/import?account=${dropped.id}`, {
      cookie: admin.cookie,
      form: { intent: 'confirm', csv: `name,email,level,role\n${dropped.people.peer.name},${dropped.people.peer.email},manager,user\n`, fullList: 'on' },
    })
    const possibly = only(pendingOf(dropped.id))
    expect((await decide(admin.cookie, dropped.id, possibly.id, 'confirm')).status).toBe(302)
    expect(person(dropped.people.champ.id)).toMatchObject({ status: 'left', isChampion: 0 })
    expect(accountChampion({ accountId: dropped.id, now: new Date() }).status).toBe('left')

    // Cooling confirmed: still the champion, cooling.
    const cooled = makeChampionAccount({ people: [{ key: 'champ', level: 'top', role: 'buyer', champion: true }] })
    const c1 = await waveTo(cooled.id, { sendAt: ago(10), anonymity: 'named' })
    const c2 = await waveTo(cooled.id, { sendAt: ago(1), anonymity: 'named' })
    await answer(c1.tokenOf(cooled.people.champ.id), 0)
    await answer(c2.tokenOf(cooled.people.champ.id), 6)
    const cooling = only(pendingOf(cooled.id))
    expect((await decide(admin.cookie, cooled.id, cooling.id, 'confirm')).status).toBe(302)
    expect(person(cooled.people.champ.id)).toMatchObject({ status: 'active', isChampion: 1 })
    expect(accountChampion({ accountId: cooled.id, now: new Date() }).status).toBe('cooling')
  })

  it('a second decision on the same event is a 409 and adds nothing; so is an event of another account or one that was never pending', async () => {
    const { acc, wave, champ } = await accountWithWave()
    await sayLeft(wave.tokenOf(champ.id))
    const left = only(pendingOf(acc.id))
    expect((await decide(admin.cookie, acc.id, left.id, 'confirm')).status).toBe(302)
    const before = logSnapshot()
    const stateBefore = person(champ.id)

    for (const decision of ['confirm', 'dismiss'] as const) {
      const again = await decide(admin.cookie, acc.id, left.id, decision)
      expect(again.status, decision).toBe(409)
    }
    // An event of another account, through this account's page.
    const other = await accountWithWave()
    await sayLeft(other.wave.tokenOf(other.champ.id))
    const foreign = only(pendingOf(other.acc.id))
    const beforeForeign = logSnapshot()
    expect((await decide(admin.cookie, acc.id, foreign.id, 'confirm')).status).toBe(409)
    expect(pendingOf(other.acc.id).map((e) => e.id)).toEqual([foreign.id])
    // A manual event (the designation) is not awaiting anyone.
    const designation = eventsOf(acc.id).find((e) => e.kind === 'designated')!
    expect((await decide(admin.cookie, acc.id, designation.id, 'dismiss')).status).toBe(409)
    // Nonsense ids.
    expect((await accountPost(admin.cookie, acc.id, { intent: 'confirm-event', eventId: 'abc' })).status).toBe(404)
    expect((await accountPost(admin.cookie, acc.id, { intent: 'dismiss-event', eventId: '999999' })).status).toBe(409)

    expect(expectOnlyAppended(beforeForeign, 'refused decisions')).toEqual([])
    expect(kinds(expectOnlyAppended(before, 'refused decisions'))).toEqual(['designated', 'left']) // only the other account's own history
    expect(person(champ.id)).toEqual(stateBefore)
  })

  it('the timeline is oldest first, and every decision comes after what it decides', async () => {
    const { acc, wave, champ, peer } = await accountWithWave()
    await sayLeft(wave.tokenOf(champ.id))
    const left = only(pendingOf(acc.id))
    await decide(admin.cookie, acc.id, left.id, 'dismiss')
    await suggest(wave.tokenOf(champ.id), 'Sam Successor', 'sam@successor.test')
    const suggestion = only(pendingOf(acc.id))
    await decide(admin.cookie, acc.id, suggestion.id, 'confirm')
    await accountPost(admin.cookie, acc.id, { intent: 'designate-champion', stakeholderId: String(peer.id) })

    const { timeline } = accountChampion({ accountId: acc.id, now: new Date() })
    expect(kinds(timeline)).toEqual(['designated', 'left', 'dismissed', 'successor_suggested', 'confirmed', 'replaced', 'replaced'])
    for (let i = 1; i < timeline.length; i++) {
      expect(timeline[i].createdAt.getTime()).toBeGreaterThanOrEqual(timeline[i - 1].createdAt.getTime())
    }
    for (const [i, e] of timeline.entries()) {
      if (e.refersTo === null) continue
      const decided = timeline.findIndex((d) => d.id === e.refersTo)
      expect(decided, `${e.kind} ${e.id} decides ${e.refersTo}`).toBeGreaterThanOrEqual(0)
      expect(decided).toBeLessThan(i)
    }
    expect(timeline.map((e) => [e.kind, e.resolution])).toEqual([
      ['designated', null],
      ['left', 'dismissed'],
      ['dismissed', null],
      ['successor_suggested', 'confirmed'],
      ['confirmed', null],
      ['replaced', null],
      ['replaced', null],
    ])
    // The account page shows the same timeline.
    const page = await accountPage(admin.cookie, acc.id)
    expect(page.data.champion.timeline.map((e: { id: number }) => e.id)).toEqual(timeline.map((e) => e.id))
    expect(page.data.champion.champion).toMatchObject({ id: peer.id })
  })
})

describe('the champion log is never rewritten', () => {
  it('dismissing, confirming, replacing, removing, unticking on the person form and marking as left only append events', async () => {
    const acc = makeChampionAccount({
      people: [
        { key: 'champ', level: 'head', role: 'both', champion: true },
        { key: 'peer', level: 'manager', role: 'user' },
        { key: 'boss', level: 'top', role: 'buyer' },
        { key: 'exec', level: 'executor', role: 'user' },
      ],
    })
    const { champ, peer, boss, exec } = acc.people
    const wave = await waveTo(acc.id, { sendAt: ago(1) })
    const step = async (what: string, act: () => Promise<{ status: number }>, expected: string[]) => {
      const before = logSnapshot()
      const res = await act()
      expect(res.status, what).toBeLessThan(400)
      const added = expectOnlyAppended(before, what)
      expect(kinds(added), what).toEqual(expected)
      return added
    }
    const post = (form: Record<string, string>) => accountPost(admin.cookie, acc.id, form)

    // Dismiss.
    await sayLeft(wave.tokenOf(champ.id))
    const left = only(pendingOf(acc.id))
    await step('dismiss', () => decide(admin.cookie, acc.id, left.id, 'dismiss'), ['dismissed'])

    // Confirm (a successor suggestion: the confirmation and the replacement).
    await suggest(wave.tokenOf(champ.id), 'Sam Successor', 'sam@successor.test')
    const suggestion = only(pendingOf(acc.id))
    const [, replacedBySam] = await step('confirm', () => decide(admin.cookie, acc.id, suggestion.id, 'confirm'), ['confirmed', 'replaced'])
    const sam = personByEmail(acc.id, 'sam@successor.test')!
    expect(replacedBySam).toMatchObject({ from_stakeholder_id: champ.id, to_stakeholder_id: sam.id })

    // Replace via designate-champion.
    const [replaced] = await step('designate-champion', () => post({ intent: 'designate-champion', stakeholderId: String(boss.id) }), ['replaced'])
    expect(replaced).toMatchObject({ from_stakeholder_id: sam.id, to_stakeholder_id: boss.id, reason: 'replaced', source: 'manual', created_by_id: admin.id, pending: 0 })
    // Designating the current champion again changes nothing.
    await step('designate the same champion', () => post({ intent: 'designate-champion', stakeholderId: String(boss.id) }), [])

    // Remove champion.
    const [removed] = await step('remove-champion', () => post({ intent: 'remove-champion', reason: 'changed_role' }), ['removed'])
    expect(removed).toMatchObject({ from_stakeholder_id: boss.id, reason: 'changed_role', created_by_id: admin.id })
    expect(person(boss.id)!.isChampion).toBe(0)
    // A role change loses the champion (SPEC: "champion left, changed role, or bounced").
    expect(accountChampion({ accountId: acc.id, now: new Date() }).status).toBe('left')
    expect((await post({ intent: 'remove-champion', reason: 'not-a-reason' })).status).toBe(400)

    // Edit person, unticking champion.
    await step('designate peer', () => post({ intent: 'designate-champion', stakeholderId: String(peer.id) }), ['designated'])
    const [untick] = await step(
      'edit-stakeholder unticking champion',
      () => post({ intent: 'edit-stakeholder', stakeholderId: String(peer.id), name: peer.name, email: peer.email, title: 'Lead', level: 'manager', role: 'user', locale: 'en' }),
      ['removed'],
    )
    expect(untick).toMatchObject({ from_stakeholder_id: peer.id, reason: null, created_by_id: admin.id })
    expect(person(peer.id)).toMatchObject({ isChampion: 0, title: 'Lead', status: 'active' })

    // Mark as left.
    await step('designate exec', () => post({ intent: 'designate-champion', stakeholderId: String(exec.id) }), ['designated'])
    const [markLeft] = await step('mark-left', () => post({ intent: 'mark-left', stakeholderId: String(exec.id) }), ['removed'])
    expect(markLeft).toMatchObject({ from_stakeholder_id: exec.id, reason: 'left_company', note: 'Marked as left by staff.' })
    expect(person(exec.id)).toMatchObject({ status: 'left', isChampion: 0 })
    expect(accountChampion({ accountId: acc.id, now: new Date() }).status).toBe('left')

    // The whole history, in the order it happened.
    expect(kinds(eventsOf(acc.id))).toEqual(['designated', 'left', 'dismissed', 'successor_suggested', 'confirmed', 'replaced', 'replaced', 'removed', 'designated', 'removed', 'designated', 'removed'])
  })

  it('adding a person as champion replaces the old one with a new event, and the old events stay as they were', async () => {
    const acc = makeChampionAccount({ people: [{ key: 'champ', level: 'head', role: 'both', champion: true }] })
    const before = logSnapshot()
    const res = await accountPost(admin.cookie, acc.id, { intent: 'add-stakeholder', name: 'Nora New', email: `nora@${acc.domain}`, level: 'top', role: 'buyer', isChampion: 'on' })
    expect(res.status).toBe(302)
    const [replaced] = expectOnlyAppended(before, 'add-stakeholder as champion')
    expect(replaced).toMatchObject({ kind: 'replaced', from_stakeholder_id: acc.people.champ.id, created_by_id: admin.id })
  })
})

describe('who may do what', () => {
  it('an account team member sees the champion section but gets 403 on designate/confirm/dismiss/remove; so does a service manager who is not the owner', async () => {
    const owner = await makeUser('service_manager')
    const team = await makeUser('account_team')
    const otherManager = await makeUser('service_manager')
    const teamCookie = await sessionCookie(team.id)
    const otherCookie = await sessionCookie(otherManager.id)
    const { acc, wave, champ, peer } = await accountWithWave({ ownerId: owner.id, teamIds: [team.id] })
    await sayLeft(wave.tokenOf(champ.id))
    const left = only(pendingOf(acc.id))

    for (const [who, cookie] of [
      ['account team', teamCookie],
      ['another service manager', otherCookie],
    ] as const) {
      const page = await accountPage(cookie, acc.id)
      expect(page.status, who).toBe(200)
      expect(page.data.canEdit, who).toBe(false)
      expect(page.data.champion, who).toMatchObject({ status: 'active', awaitingConfirmation: true })
      expect(page.data.champion.timeline.filter((e: { open: boolean }) => e.open).map((e: { id: number }) => e.id), who).toEqual([left.id])

      const before = logSnapshot()
      const people = JSON.stringify([person(champ.id), person(peer.id)])
      const forms: Record<string, string>[] = [
        { intent: 'designate-champion', stakeholderId: String(peer.id) },
        { intent: 'confirm-event', eventId: String(left.id) },
        { intent: 'dismiss-event', eventId: String(left.id) },
        { intent: 'remove-champion', reason: 'changed_role' },
        { intent: 'mark-left', stakeholderId: String(champ.id) },
      ]
      for (const form of forms) {
        const res = await accountPost(cookie, acc.id, form)
        expect(res.status, `${who}: ${form.intent}`).toBe(403)
      }
      expect(expectOnlyAppended(before, who)).toEqual([])
      expect(JSON.stringify([person(champ.id), person(peer.id)])).toBe(people)
    }

    // The owner may.
    const ownerCookie = await sessionCookie(owner.id)
    expect((await decide(ownerCookie, acc.id, left.id, 'dismiss')).status).toBe(302)
    expect(eventsOf(acc.id).at(-1)).toMatchObject({ kind: 'dismissed', created_by_id: owner.id })
  })

  it('account team members see only their own accounts on /champions (and not others’ account pages)', async () => {
    const team = await makeUser('account_team')
    const cookie = await sessionCookie(team.id)
    const mine = makeChampionAccount({ teamIds: [team.id], people: [{ key: 'champ', level: 'top', role: 'buyer', champion: true }] })
    const alsoMine = makeChampionAccount({ teamIds: [team.id], people: [{ key: 'peer', level: 'head' }] })
    const notMine = makeChampionAccount({ people: [{ key: 'champ', level: 'top', role: 'buyer', champion: true }] })

    const res = await call(championsLoader, '/champions', { cookie })
    expect(res.status).toBe(200)
    expect(res.data.rows.map((r: { accountId: number }) => r.accountId).sort()).toEqual([mine.id, alsoMine.id].sort())
    expect(res.data.rows.find((r: { accountId: number }) => r.accountId === mine.id)).toMatchObject({ status: 'active', champion: { name: mine.people.champ.name } })
    expect((await accountPage(cookie, notMine.id)).status).toBe(404)
    // Nor may they start a pulse wave.
    expect((await call(wavesNewLoader, `/waves/new?pulse=${mine.id}`, { cookie })).status).toBe(403)
  })
})

describe('/champions', () => {
  it('lists a hand-made portfolio by status (all five), pending events first, with the owner and status filters; the queue’s champion signal agrees', async () => {
    const owner = await makeUser('service_manager')
    const ownerCookie = await sessionCookie(owner.id)
    const someoneElse = await makeUser('service_manager')
    const of = (name: string, arr: number, people: Parameters<typeof makeChampionAccount>[0]['people']) => makeChampionAccount({ name, arr, ownerId: owner.id, people })
    const champAndPeer = [
      { key: 'champ', level: 'head' as const, role: 'both' as const, champion: true },
      { key: 'peer', level: 'manager' as const },
    ]

    const active = of('Portfolio Active', 900_000, champAndPeer)
    const none = of('Portfolio None', 800_000, [{ key: 'peer', level: 'head' }])
    // Cooling: 0 then 7, confirmed by the owner.
    const cooling = of('Portfolio Cooling', 100_000, champAndPeer)
    const c1 = await waveTo(cooling.id, { sendAt: ago(10), anonymity: 'named' })
    const c2 = await waveTo(cooling.id, { sendAt: ago(1), anonymity: 'named' })
    await answer(c1.tokenOf(cooling.people.champ.id), 0)
    await answer(c2.tokenOf(cooling.people.champ.id), 7)
    expect((await decide(ownerCookie, cooling.id, only(pendingOf(cooling.id)).id, 'confirm')).status).toBe(302)
    // Left: the champion said so, the owner confirmed.
    const left = of('Portfolio Left', 50_000, champAndPeer)
    const lw = await waveTo(left.id, { sendAt: ago(1) })
    await sayLeft(lw.tokenOf(left.people.champ.id))
    expect((await decide(ownerCookie, left.id, only(pendingOf(left.id)).id, 'confirm')).status).toBe(302)
    // Unconfirmed: the smallest account, but it has an event waiting.
    const unconfirmed = of('Portfolio Unconfirmed', 1_000, champAndPeer)
    const uw = await waveTo(unconfirmed.id, { sendAt: ago(1) })
    await suggest(uw.tokenOf(unconfirmed.people.champ.id), 'Sam Successor', 'sam@unconfirmed.test')
    // Someone else's account, left out by the owner filter.
    const elsewhere = makeChampionAccount({ name: 'Elsewhere Co', ownerId: someoneElse.id, people: champAndPeer })

    const list = (query: string) => call(championsLoader, `/champions${query}`, { cookie: admin.cookie })
    const res = await list(`?owner=${owner.id}`)
    expect(res.status).toBe(200)
    expect(res.data.rows.map((r: { name: string; status: string; awaitingConfirmation: boolean }) => [r.name, r.status, r.awaitingConfirmation])).toEqual([
      ['Portfolio Unconfirmed', 'active', true],
      ['Portfolio Left', 'left', false],
      ['Portfolio Cooling', 'cooling', false],
      ['Portfolio None', 'none', false],
      ['Portfolio Active', 'active', false],
    ])
    // "Event to confirm" counts the accounts with events waiting; the others are confirmed statuses.
    expect(res.data.counts).toEqual({ unconfirmed: 1, left: 1, cooling: 1, none: 1, active: 2 })
    expect(res.data.rows[0].pending.map((p: { kind: string }) => p.kind)).toEqual(['successor_suggested'])
    expect(res.data.rows[0].champion).toEqual({ name: unconfirmed.people.champ.name, level: 'head' })
    expect(res.data.rows[1].champion).toBeNull()
    expect(res.data.rows.find((r: { status: string }) => r.status === 'none').lastEventAt).toBeNull()
    expect(res.data.query).toEqual({ owner: owner.id })
    expect(res.data.owners.map((o: { id: number }) => o.id)).toEqual(expect.arrayContaining([owner.id, someoneElse.id]))

    // Status filter (with the owner filter).
    for (const [status, accs] of [
      ['cooling', [cooling]],
      ['left', [left]],
      ['none', [none]],
      ['active', [unconfirmed, active]],
      ['unconfirmed', [unconfirmed]],
    ] as const) {
      const filtered = await list(`?owner=${owner.id}&status=${status}`)
      expect(filtered.data.rows.map((r: { accountId: number }) => r.accountId), status).toEqual(accs.map((a) => a.id))
    }
    // The owner filter alone.
    const theirs = await list(`?owner=${someoneElse.id}`)
    expect(theirs.data.rows.map((r: { accountId: number }) => r.accountId)).toEqual([elsewhere.id])
    // Without filters, every account of the portfolio; nonsense filters are ignored.
    const everything = await list('?owner=abc&status=sleepy')
    const ids = everything.data.rows.map((r: { accountId: number }) => r.accountId)
    for (const acc of [active, none, cooling, left, unconfirmed, elsewhere]) expect(ids).toContain(acc.id)
    // Rows with events awaiting confirmation come first in the whole portfolio too.
    const waiting = everything.data.rows.map((r: { awaitingConfirmation: boolean }) => r.awaitingConfirmation)
    const firstOther = waiting.indexOf(false)
    expect(waiting.slice(firstOther)).not.toContain(true)
    for (const r of everything.data.rows as { awaitingConfirmation: boolean; pending: unknown[] }[]) expect(r.pending.length > 0).toBe(r.awaitingConfirmation)

    // The same decision as the at-risk queue's champion signal.
    const rowOf = (id: number) => everything.data.rows.find((r: { accountId: number }) => r.accountId === id)
    const accs = [active, none, cooling, left, unconfirmed, elsewhere]
    expect(accs.map((a) => rowOf(a.id).signal)).toEqual(['active', 'none', 'cooling', 'left', 'active', 'active'])
    expect(accs.map((a) => accountPicture(a.id, new Date())!.picture.champion)).toEqual(accs.map((a) => rowOf(a.id).signal))
  })
})

describe('the pulse proposal after a champion leaves', () => {
  it('/waves/new?pulse=<accountId> prefills a short wave to that account, levels including head and top, closing within 7 days', async () => {
    const { acc, wave, champ } = await accountWithWave()
    await sayLeft(wave.tokenOf(champ.id))
    await decide(admin.cookie, acc.id, only(pendingOf(acc.id)).id, 'confirm')
    expect(accountChampion({ accountId: acc.id, now: new Date() }).proposePulse).toBe(true)

    const res = await call(wavesNewLoader, `/waves/new?pulse=${acc.id}`, { cookie: admin.cookie })
    expect(res.status).toBe(200)
    const d = res.data.defaults
    expect(d).toMatchObject({ accountMode: 'picked', accountIds: [String(acc.id)] })
    expect(d.levels).toEqual(expect.arrayContaining(['head', 'top']))
    expect(d.name).toContain(acc.name)
    const today = new Date().toISOString().slice(0, 10)
    const week = new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10)
    expect(d.closesOn > today, `${d.closesOn} is after today`).toBe(true)
    expect(d.closesOn <= week, `${d.closesOn} is within 7 days`).toBe(true)

    // Without ?pulse (or with an account that does not exist): the ordinary defaults.
    for (const query of ['', '?pulse=999999', '?pulse=abc']) {
      const plain = await call(wavesNewLoader, `/waves/new${query}`, { cookie: admin.cookie })
      expect(plain.data.defaults.accountMode, query).toBe('all')
    }
  })

  it('an account with its champion in place proposes no pulse', async () => {
    const { acc } = await accountWithWave()
    expect(accountChampion({ accountId: acc.id, now: new Date() }).proposePulse).toBe(false)
  })
})

describe('consistency of the champion rules', () => {
  it('someone who has left cannot be designated champion (as on the person form)', async () => {
    const acc = makeChampionAccount({ people: [{ key: 'champ', level: 'head', role: 'both', champion: true }, { key: 'gone', level: 'top', role: 'buyer' }] })
    const { champ, gone } = acc.people
    await accountPost(admin.cookie, acc.id, { intent: 'mark-left', stakeholderId: String(gone.id) })
    expect(person(gone.id)!.status).toBe('left')
    const before = logSnapshot()
    await accountPost(admin.cookie, acc.id, { intent: 'designate-champion', stakeholderId: String(gone.id) })
    expect(person(gone.id)!.isChampion, 'a person who left became the champion').toBe(0)
    expect(person(champ.id)!.isChampion).toBe(1)
    expect(expectOnlyAppended(before, 'designating someone who left')).toEqual([])
  })

  it('an account that never had a champion is not "Champion left" because an ordinary person left', async () => {
    const acc = makeChampionAccount({ people: [{ key: 'user', level: 'executor' }, { key: 'lead', level: 'manager' }] })
    const wave = await waveTo(acc.id, { sendAt: ago(1) })
    expect(accountChampion({ accountId: acc.id, now: new Date() }).status).toBe('none')
    await sayLeft(wave.tokenOf(acc.people.user.id))
    const left = only(pendingOf(acc.id))
    expect((await decide(admin.cookie, acc.id, left.id, 'confirm')).status).toBe(302)
    expect(accountChampion({ accountId: acc.id, now: new Date() }).status).toBe('none')
  })

  it('after the owner dismisses "left", the same link choosing "I have left" again does not mark them left without asking the owner', async () => {
    const { acc, wave, champ } = await accountWithWave()
    const token = wave.tokenOf(champ.id)
    await sayLeft(token)
    const left = only(pendingOf(acc.id))
    await decide(admin.cookie, acc.id, left.id, 'dismiss')
    expect(person(champ.id)!.status).toBe('active')

    expect((await sayLeft(token)).status).toBe(303)
    const status = person(champ.id)!.status
    const open: EventRow[] = pendingOf(acc.id)
    // Either the owner's decision stands, or there is a new event for them to decide on.
    expect(status === 'active' || open.length === 1, `status ${status} with ${open.length} events awaiting the owner`).toBe(true)
  })
})

describe('issue 14: a confirmed departure, a role change, and what confidential answers may feed', () => {
  const championPicture = (accountId: number) => accountPicture(accountId, new Date())!.picture

  it('a confirmed departure stays champion_lost in the queue while an unrelated event (a non-champion’s "I have left") is pending', async () => {
    const { acc, wave, champ, peer } = await accountWithWave()
    await sayLeft(wave.tokenOf(champ.id))
    expect((await decide(admin.cookie, acc.id, only(pendingOf(acc.id)).id, 'confirm')).status).toBe(302)
    expect(championPicture(acc.id).champion).toBe('left')

    expect((await sayLeft(wave.tokenOf(peer.id))).status).toBe(303)
    expect(only(pendingOf(acc.id))).toMatchObject({ kind: 'left', from_stakeholder_id: peer.id })
    const picture = championPicture(acc.id)
    expect(picture.champion).toBe('left')
    expect(picture.championEvidence).toContain(champ.name)
    // The account page and /champions: still "left", with an event awaiting the owner.
    const view = accountChampion({ accountId: acc.id, now: new Date() })
    expect(view).toMatchObject({ status: 'left', awaitingConfirmation: true })
    const list = await call(championsLoader, `/champions?status=left`, { cookie: admin.cookie })
    expect(list.data.rows.find((r: { accountId: number }) => r.accountId === acc.id)).toMatchObject({ status: 'left', awaitingConfirmation: true })
  })

  it('a champion removed because they changed role is a lost champion (champion_lost), not "no champion"', async () => {
    const { acc, champ } = await accountWithWave()
    expect((await accountPost(admin.cookie, acc.id, { intent: 'remove-champion', reason: 'changed_role' })).status).toBe(302)
    expect(person(champ.id)!.isChampion).toBe(0)
    expect(accountChampion({ accountId: acc.id, now: new Date() }).status).toBe('left')
    const picture = championPicture(acc.id)
    expect(picture.champion).toBe('left')
    expect(picture.championEvidence).toContain(champ.name)
    expect(picture.championEvidence).toContain('changed role')
  })

  it('cooling by score uses only named waves: 1 then 8 in two confidential waves raises nothing; a named then a confidential wave neither; two named waves do', async () => {
    const scenario = async (first: 'named' | 'confidential', second: 'named' | 'confidential') => {
      const acc = makeChampionAccount({ people: [{ key: 'champ', level: 'head', role: 'both', champion: true }] })
      const w1 = await waveTo(acc.id, { sendAt: ago(10), anonymity: first })
      const w2 = await waveTo(acc.id, { sendAt: ago(1), anonymity: second })
      expect((await answer(w1.tokenOf(acc.people.champ.id), 1)).status).toBe(303)
      expect((await answer(w2.tokenOf(acc.people.champ.id), 8)).status).toBe(303)
      return kinds(eventsOf(acc.id))
    }
    expect(await scenario('confidential', 'confidential')).toEqual(['designated'])
    expect(await scenario('named', 'confidential')).toEqual(['designated'])
    expect(await scenario('confidential', 'named')).toEqual(['designated'])
    expect(await scenario('named', 'named')).toEqual(['designated', 'cooling'])
  })

  it('successor ranking uses only named answers: someone who answered only confidential waves shows no score and no "answered recently"', async () => {
    const acc = makeChampionAccount({
      people: [
        { key: 'champ', level: 'head', role: 'both', champion: true },
        { key: 'secret', level: 'manager' },
        { key: 'open', level: 'manager' },
      ],
    })
    const { secret, open } = acc.people
    const confidential = await waveTo(acc.id, { sendAt: ago(10), anonymity: 'confidential' })
    expect((await answer(confidential.tokenOf(secret.id), 1)).status).toBe(303)
    expect((await answer(confidential.tokenOf(open.id), 9)).status).toBe(303)
    const named = await waveTo(acc.id, { sendAt: ago(5), anonymity: 'named' })
    expect((await answer(named.tokenOf(open.id), 1)).status).toBe(303)
    // A later confidential answer does not replace the named one either.
    const later = await waveTo(acc.id, { sendAt: ago(1), anonymity: 'confidential' })
    expect((await answer(later.tokenOf(open.id), 9)).status).toBe(303)

    const { candidates } = accountChampion({ accountId: acc.id, now: new Date() })
    const of = (id: number) => candidates.find((c) => c.id === id)!
    expect(of(secret.id)).toMatchObject({ latestScore: null, answeredRecently: false })
    expect(of(secret.id).reasons).toEqual(['team lead (+20)'])
    expect(of(open.id)).toMatchObject({ latestScore: 1, answeredRecently: true })
    expect(of(open.id).reasons).toEqual(['team lead (+20)', 'answered recently (+10)', 'low hate: 1/10 (+15)'])
  })
})

it('every event of this file is well-formed: decisions refer to a pending event of the same account', () => {
  const all = allEvents()
  const byId = new Map(all.map((e) => [e.id, e]))
  for (const e of all.filter((x) => x.refers_to !== null)) {
    const target = byId.get(e.refers_to!)
    expect(target, `event ${e.id}`).toBeDefined()
    expect(target!.pending).toBe(1)
    expect(target!.account_id).toBe(e.account_id)
    expect(['confirmed', 'dismissed']).toContain(e.kind)
  }
})
