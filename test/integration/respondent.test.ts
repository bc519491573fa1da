/* The respondent's side of the survey loop, through the public routes: the survey
   page (/s/:token), its "left" and "someone else" options, and one-click
   unsubscribe (/u/:token). Assertions read the database, not just the answers. */
import { randomBytes, randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { listRevisions, listSuggestions } from '#app/models/answers.server'
import { enqueueDueReminders } from '#app/models/outbox.server'
import { countRecipients } from '#app/models/waves.server'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { closeWave } from '#app/services/waves.server'
import { action as surveyAction, loader as surveyLoader } from '#app/routes/s.$token'
import { action as unsubscribeAction, loader as unsubscribeLoader } from '#app/routes/u.$token'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { sqlite } from '#app/utils/db.server'
import { devMailboxProvider } from '#app/services/email.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import { call } from '#test/route'
import { cancelPendingMessages, count, DAY, mailboxCount, makeWave, row, rows, snapshot, surveyToken, unsubscribeToken } from '#test/survey-factories'

beforeEach(() => {
  perLinkLimiter.reset()
  missLimiter.reset()
})

const RESPONDENT_TABLES = ['responses', 'response_revisions', 'invitations', 'stakeholders', 'outbox', 'stakeholder_suggestions', 'dev_mailbox']

const open = (token: string, query = '') => call(surveyLoader, `/s/${token}${query}`, { params: { token } })
const post = (token: string, form: Record<string, string | string[]>) => call(surveyAction, `/s/${token}`, { params: { token }, form })
const answer = (token: string, fields: Record<string, string> = {}) =>
  post(token, { intent: 'answer', submissionId: randomUUID(), score: '8', comment: 'Tickets wait for days.', category: 'support', ...fields })

const responseOf = (invitationId: number) => row('select * from responses where invitation_id = ?', invitationId)
const invitation = (id: number) => row('select * from invitations where id = ?', id)!
const stakeholder = (id: number) => row('select * from stakeholders where id = ?', id)!
const outboxFor = (stakeholderId: number) =>
  rows('select o.* from outbox o join invitations i on i.id = o.invitation_id where i.stakeholder_id = ? order by o.id', stakeholderId)

/** Sends what is due with the dev mailbox (messages land in dev_mailbox rows). */
const dispatchDev = (at: Date = new Date()) => dispatchOnce({ provider: devMailboxProvider, now: () => at })

describe('opening the survey page', () => {
  it('GET, with or without ?score=8, shows the page and writes nothing', async () => {
    const wave = await makeWave({ count: 2 })
    await dispatchDev()
    const token = surveyToken(wave.invitationIds[0])
    const before = snapshot(RESPONDENT_TABLES)

    const plain = await open(token)
    expect(plain.status).toBe(200)
    expect(plain.data).toMatchObject({ state: 'open', locale: 'en', selectedScore: null, current: null, done: null })
    expect(plain.data.question).toBe('How much do you hate us right now (executor)?')

    const clicked = await open(token, '?score=8')
    expect(clicked.status).toBe(200)
    expect(clicked.data).toMatchObject({ state: 'open', selectedScore: 8, current: null })
    // A scanner following all eleven links records nothing either.
    for (let score = 0; score <= 10; score++) await open(token, `?score=${score}`)

    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
    expect(invitation(wave.invitationIds[0]).state).toBe('sent')
  })

  it('unknown-looking scores in the link are ignored, not recorded', async () => {
    const wave = await makeWave()
    const token = surveyToken(wave.invitationIds[0])
    const before = snapshot(RESPONDENT_TABLES)
    for (const q of ['?score=11', '?score=-1', '?score=3.5', '?score=abc']) {
      const res = await open(token, q)
      expect(res.status).toBe(200)
      expect(res.data.selectedScore, q).toBeNull()
    }
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
  })

  it('an empty or non-decimal ?score= preselects nothing (not "0 — not at all")', async () => {
    const wave = await makeWave()
    const token = surveyToken(wave.invitationIds[0])
    for (const q of ['?score=', '?score=%20', '?score=0x8', '?score=1e1']) {
      const res = await open(token, q)
      expect(res.status).toBe(200)
      expect(res.data.selectedScore, q).toBeNull()
    }
  })
})

describe('answering', () => {
  it('a urlencoded and a multipart body of the same answer store the same text (Cyrillic, +, %, &, emoji)', async () => {
    const wave = await makeWave({ count: 2 })
    const text = 'Слишком дорого + медленно: 100% & 😡'
    const [first, second] = wave.invitationIds
    const fields = { intent: 'answer', submissionId: randomUUID(), score: '7', comment: text, category: 'pricing' }
    // call() sends a plain object as application/x-www-form-urlencoded, and FormData as multipart.
    expect((await post(surveyToken(first), fields)).status).toBe(303)
    const multipart = new FormData()
    for (const [k, v] of Object.entries(fields)) multipart.append(k, v)
    expect((await post(surveyToken(second), multipart as never)).status).toBe(303)
    expect(responseOf(first)).toMatchObject({ comment: text, score: 7, category: 'pricing' })
    expect(responseOf(second)).toMatchObject({ comment: text, score: 7, category: 'pricing' })
  })

  it('a POST records one response and one revision, and redirects (303) to the done page', async () => {
    const wave = await makeWave()
    const [invitationId] = wave.invitationIds
    const token = surveyToken(invitationId)

    const res = await answer(token, { score: '8', comment: '  Tickets wait for days.\r\nFix it. ', category: 'support' })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`/s/${token}?done=answer`)

    expect(count('select count(*) as n from responses where invitation_id = ?', invitationId)).toBe(1)
    expect(responseOf(invitationId)).toMatchObject({
      score: 8,
      comment: 'Tickets wait for days.\nFix it.',
      category: 'support',
      revisions: 1,
      level: 'executor',
      role: 'user',
      stakeholder_id: wave.recipients[0].stakeholderId,
      account_id: wave.accountId,
      wave_id: wave.waveId,
    })
    expect(listRevisions({ invitationId })).toHaveLength(1)
    expect(invitation(invitationId).state).toBe('answered')

    const page = await open(token, '?done=answer')
    expect(page.data).toMatchObject({ done: 'answer', current: { score: 8, category: 'support' }, selectedScore: 8 })
  })

  it('two identical POSTs (same submissionId) leave one response and one revision', async () => {
    const wave = await makeWave()
    const [invitationId] = wave.invitationIds
    const token = surveyToken(invitationId)
    const form = { intent: 'answer', submissionId: randomUUID(), score: '6', comment: 'Slow.', category: 'quality' }

    const [a, b] = await Promise.all([post(token, form), post(token, form)])
    expect([a.status, b.status]).toEqual([303, 303])
    const again = await post(token, form)
    expect(again.status).toBe(303)

    expect(count('select count(*) as n from responses where invitation_id = ?', invitationId)).toBe(1)
    expect(count('select count(*) as n from response_revisions r join responses p on p.id = r.response_id where p.invitation_id = ?', invitationId)).toBe(1)
    expect(responseOf(invitationId)).toMatchObject({ score: 6, revisions: 1 })
  })

  it('a later POST with a new submissionId revises: history kept, the latest counts', async () => {
    const wave = await makeWave()
    const [invitationId] = wave.invitationIds
    const token = surveyToken(invitationId)

    await answer(token, { score: '8', comment: 'Slow support.', category: 'support' })
    const revised = await answer(token, { score: '3', comment: 'Better since the call.', category: '' })
    expect(revised.status).toBe(303)

    expect(count('select count(*) as n from responses where invitation_id = ?', invitationId)).toBe(1)
    expect(responseOf(invitationId)).toMatchObject({ score: 3, comment: 'Better since the call.', category: null, revisions: 2 })
    const history = listRevisions({ invitationId })
    expect(history.map((h) => [h.score, h.comment, h.category])).toEqual([
      [8, 'Slow support.', 'support'],
      [3, 'Better since the call.', null],
    ])
    expect(invitation(invitationId).state).toBe('answered')
  })

  it('invalid input is a 400 with errors by field, and stores nothing', async () => {
    const wave = await makeWave()
    const token = surveyToken(wave.invitationIds[0])
    const before = snapshot(RESPONDENT_TABLES)
    const res = await answer(token, { score: '11' })
    expect(res.status).toBe(400)
    expect(res.data.state).toBe('invalid')
    expect(res.data.errors.score).toEqual(['The score must be a whole number from 0 to 10.'])
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
  })
})

describe('closed waves and bad links', () => {
  it('a wave closed early refuses GET and POST with 410 "closed" and stores nothing', async () => {
    const wave = await makeWave()
    const token = surveyToken(wave.invitationIds[0])
    await answer(token, { score: '5' })
    closeWave({ id: wave.waveId, now: new Date(), actor: SYSTEM_ACTOR })
    const before = snapshot(RESPONDENT_TABLES)

    const page = await open(token)
    expect(page.status).toBe(410)
    expect(page.data).toEqual({ state: 'closed', locale: 'en' })

    const res = await answer(token, { score: '9' })
    expect(res.status).toBe(410)
    expect(res.data).toEqual({ state: 'closed', locale: 'en' })
    for (const intent of ['left', 'someone-else']) {
      const other = await post(token, { intent, submissionId: randomUUID(), suggestName: 'Ann', suggestEmail: 'ann@client.test' })
      expect(other.status).toBe(410)
    }
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
    expect(responseOf(wave.invitationIds[0])).toMatchObject({ score: 5, revisions: 1 })
  })

  it('a wave past its close time answers 410 "closed"', async () => {
    const wave = await makeWave({ sendAt: new Date(Date.now() - 20 * DAY), closesAt: new Date(Date.now() - 60_000) })
    const token = surveyToken(wave.invitationIds[0])
    const before = snapshot(RESPONDENT_TABLES)
    expect((await open(token)).status).toBe(410)
    const res = await answer(token)
    expect(res.status).toBe(410)
    expect(res.data.state).toBe('closed')
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
  })

  it('forged, truncated and foreign tokens all get the same 404, byte for byte', async () => {
    const wave = await makeWave()
    const [invitationId] = wave.invitationIds
    const real = surveyToken(invitationId)
    const forged = randomBytes(32).toString('base64url')
    expect(forged).toHaveLength(43)
    const truncated = real.slice(0, 20)
    const foreignOnSurvey = unsubscribeToken(invitationId)
    const foreignOnUnsubscribe = real
    const before = snapshot(RESPONDENT_TABLES)

    const answers = [
      await open(forged),
      await open(truncated),
      await open(foreignOnSurvey),
      await answer(forged),
      await answer(truncated),
      await answer(foreignOnSurvey),
      await call(unsubscribeLoader, `/u/${forged}`, { params: { token: forged } }),
      await call(unsubscribeLoader, `/u/${foreignOnUnsubscribe}`, { params: { token: foreignOnUnsubscribe } }),
      await call(unsubscribeAction, `/u/${forged}`, { params: { token: forged }, method: 'POST' }),
      await call(unsubscribeAction, `/u/${truncated}`, { params: { token: truncated }, method: 'POST' }),
      await call(unsubscribeAction, `/u/${foreignOnUnsubscribe}`, { params: { token: foreignOnUnsubscribe }, method: 'POST' }),
    ]
    for (const res of answers) {
      expect(res.status).toBe(404)
      expect(JSON.stringify(res.data)).toBe(JSON.stringify(answers[0].data))
      expect([...res.headers]).toEqual([...answers[0].headers])
    }
    expect(answers[0].data).toEqual({ state: 'unknown', locale: 'en' })
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
    expect(stakeholder(wave.recipients[0].stakeholderId).status).toBe('active')
  })

  it('a link opens only with its own MAC: a forged MAC on a real id, a MAC under another id, and the bare MAC of a named link all get 404', async () => {
    const wave = await makeWave({ count: 2 })
    const [first, second] = wave.invitationIds
    const real = surveyToken(first)
    const mac = real.slice(real.indexOf('.') + 1)
    const tokens = {
      forgedMac: `${first}.${randomBytes(32).toString('base64url')}`,
      otherInvitation: `${second}.${mac}`,
      unknownInvitation: `${second + 1_000}.${mac}`,
      bareMac: mac, // format-2 rows are not in the hash index a bare MAC is looked up in
      leadingZero: `0${real}`,
      empty: '',
    }
    const before = snapshot(RESPONDENT_TABLES)
    for (const [kind, token] of Object.entries(tokens)) {
      expect((await open(token)).status, kind).toBe(404)
      expect((await answer(token)).status, kind).toBe(404)
      expect((await call(unsubscribeAction, `/u/${token}`, { params: { token }, method: 'POST' })).status, kind).toBe(404)
    }
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
    expect((await open(real)).status).toBe(200)
  })

  it('links sent before links named their invitation (link_format 1, the bare MAC) still open and unsubscribe', async () => {
    const wave = await makeWave({ count: 2 })
    const [answering, leaving] = wave.invitationIds
    sqlite.prepare('update invitations set link_format = 1 where wave_id = ?').run(wave.waveId)
    const bare = (token: string) => token.slice(token.indexOf('.') + 1)

    const survey = bare(surveyToken(answering))
    expect((await open(survey)).data).toMatchObject({ state: 'open', current: null })
    const res = await answer(survey, { score: '6' })
    expect(res.status).toBe(303)
    expect(responseOf(answering)).toMatchObject({ score: 6, revisions: 1 })
    // The reminder the mailer renders now names the invitation; that link opens the same row.
    expect((await open(surveyToken(answering))).data).toMatchObject({ state: 'open', current: { score: 6 } })

    const unsubscribe = bare(unsubscribeToken(leaving))
    expect((await call(unsubscribeAction, `/u/${unsubscribe}`, { params: { token: unsubscribe }, method: 'POST' })).status).toBe(303)
    expect(stakeholder(wave.recipients[1].stakeholderId).status).toBe('unsubscribed')
    // A format-1 survey MAC is no unsubscribe MAC, and the other way round.
    expect((await open(bare(unsubscribeToken(answering)))).status).toBe(404)
  })

  // What a timing probe would look for, checked as behaviour: every kind of bad token is
  // one miss, and a bad MAC learns nothing about the invitation its id names (not even closed).
  it('forged, truncated and foreign tokens each count as one miss, and a foreign MAC on a closed wave is 404, not 410', async () => {
    const wave = await makeWave()
    const [invitationId] = wave.invitationIds
    const tokens = [randomBytes(32).toString('base64url'), surveyToken(invitationId).slice(0, 11), unsubscribeToken(invitationId)]
    // 10 of each fill the limit of 30 exactly: a kind that did not count, or counted twice, shows.
    for (let i = 0; i < 10; i++) for (const token of tokens) expect((await open(token)).status, token).toBe(404)
    for (const token of tokens) expect((await open(token)).data, token).toEqual({ state: 'limited', locale: 'en' })

    missLimiter.reset()
    closeWave({ id: wave.waveId, now: new Date(), actor: SYSTEM_ACTOR })
    expect((await open(surveyToken(invitationId))).data).toMatchObject({ state: 'closed' })
    for (const token of tokens) expect(await open(token), token).toMatchObject({ status: 404, data: { state: 'unknown', locale: 'en' } })
  })
})

describe('"I have left this company" and "someone else should answer this"', () => {
  it('"left" marks the person left, records when, and cancels what is still queued for them (only them)', async () => {
    const wave = await makeWave({ count: 2 })
    await dispatchDev()
    const [leaver, stayer] = wave.recipients
    // A second wave, due next week, already queued for both.
    const next = await makeWave({ accountId: wave.accountId, sendAt: new Date(Date.now() + 7 * DAY) })
    expect(next.invitationIds).toHaveLength(2)
    const token = surveyToken(wave.invitationIds[0])

    const res = await post(token, { intent: 'left', submissionId: randomUUID() })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`/s/${token}?done=left`)

    expect(stakeholder(leaver.stakeholderId).status).toBe('left')
    expect(invitation(wave.invitationIds[0]).reported_left_at).toEqual(expect.any(Number))
    expect(outboxFor(leaver.stakeholderId).map((o) => [o.kind, o.status])).toEqual([
      ['invitation', 'sent'],
      ['invitation', 'cancelled'],
    ])
    expect(stakeholder(stayer.stakeholderId).status).toBe('active')
    expect(outboxFor(stayer.stakeholderId).map((o) => o.status)).toEqual(['sent', 'queued'])
    expect(count('select count(*) as n from responses where invitation_id = ?', wave.invitationIds[0])).toBe(0)

    // Reporting twice changes nothing more (the first time is kept).
    const firstAt = invitation(wave.invitationIds[0]).reported_left_at
    await post(token, { intent: 'left', submissionId: randomUUID() })
    expect(invitation(wave.invitationIds[0]).reported_left_at).toBe(firstAt)

    // When the next wave goes out, only the one who stayed gets it.
    await dispatchDev(new Date(Date.now() + 8 * DAY))
    expect(mailboxCount(leaver.email)).toBe(1)
    expect(mailboxCount(stayer.email)).toBe(2)
  })

  it('"someone else" with name and email keeps one suggestion for the account, however often it is posted', async () => {
    const wave = await makeWave()
    const token = surveyToken(wave.invitationIds[0])

    const res = await post(token, { intent: 'someone-else', submissionId: randomUUID(), suggestName: ' Maria Ops ', suggestEmail: 'maria.ops@client.test' })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`/s/${token}?done=someone-else`)
    await post(token, { intent: 'someone-else', submissionId: randomUUID(), suggestName: 'Maria Ops', suggestEmail: 'Maria.Ops@Client.test ' })

    const suggestions = listSuggestions({ accountId: wave.accountId })
    expect(suggestions).toHaveLength(1)
    expect(suggestions[0]).toMatchObject({ name: 'Maria Ops', email: 'maria.ops@client.test', invitationId: wave.invitationIds[0], accountId: wave.accountId })
    // Suggesting someone is not an answer and does not change the person's status.
    expect(responseOf(wave.invitationIds[0])).toBeUndefined()
    expect(stakeholder(wave.recipients[0].stakeholderId).status).toBe('active')
  })
})

describe('unsubscribe', () => {
  it('GET asks and changes nothing; POST unsubscribes, cancels what is queued, and nobody emails them again', async () => {
    cancelPendingMessages()
    const t0 = new Date()
    const wave = await makeWave({ count: 2, sendAt: t0 })
    await dispatchDev(t0)
    const [leaving, staying] = wave.recipients
    const later = await makeWave({ accountId: wave.accountId, sendAt: new Date(t0.getTime() + DAY) }) // queued for both
    expect(later.invitationIds).toHaveLength(2)
    const token = unsubscribeToken(wave.invitationIds[0])
    const before = snapshot(RESPONDENT_TABLES)

    const ask = await call(unsubscribeLoader, `/u/${token}`, { params: { token } })
    expect(ask.status).toBe(200)
    expect(ask.data).toMatchObject({ state: 'ask', locale: 'en' })
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)

    // RFC 8058 one-click: the mail client posts List-Unsubscribe=One-Click.
    const res = await call(unsubscribeAction, `/u/${token}`, { params: { token }, form: { 'List-Unsubscribe': 'One-Click' } })
    expect(res.status).toBe(303)
    expect(res.location).toBe(`/u/${token}?done`)
    expect(stakeholder(leaving.stakeholderId).status).toBe('unsubscribed')
    expect(outboxFor(leaving.stakeholderId).map((o) => o.status)).toEqual(['sent', 'cancelled'])
    expect(outboxFor(staying.stakeholderId).map((o) => o.status)).toEqual(['sent', 'queued'])
    expect((await call(unsubscribeLoader, `/u/${token}`, { params: { token } })).data.state).toBe('done')

    // Reminders and later sends go to the other person only.
    const inThreeDays = new Date(t0.getTime() + 3 * DAY)
    enqueueDueReminders({ now: inThreeDays })
    await dispatchDev(inThreeDays)
    expect(rows("select * from outbox where invitation_id = ? and kind = 'reminder'", wave.invitationIds[0])).toHaveLength(0)
    expect(rows("select * from outbox where invitation_id = ? and kind = 'reminder'", wave.invitationIds[1])).toHaveLength(1)
    expect(mailboxCount(leaving.email)).toBe(1)
    expect(mailboxCount(staying.email)).toBe(3) // invitation, the later wave, a reminder
    // A new wave does not invite them at all.
    expect(countRecipients({ selection: { mode: 'picked', accountIds: [wave.accountId] }, levels: ['executor'] }).total).toBe(1)

    // Their survey link now says so, and takes nothing.
    const survey = surveyToken(wave.invitationIds[0])
    const beforeAnswer = snapshot(RESPONDENT_TABLES)
    const page = await open(survey)
    expect(page.status).toBe(410)
    expect(page.data).toEqual({ state: 'unsubscribed', locale: 'en' })
    const posted = await answer(survey)
    expect(posted.status).toBe(410)
    expect(posted.data.state).toBe('unsubscribed')
    expect(snapshot(RESPONDENT_TABLES)).toBe(beforeAnswer)

    // Unsubscribing again is harmless.
    expect((await call(unsubscribeAction, `/u/${token}`, { params: { token }, method: 'POST' })).status).toBe(303)
    expect(snapshot(RESPONDENT_TABLES)).toBe(beforeAnswer)
  })
})
