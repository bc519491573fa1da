/* The production server's fast path for a respondent's POST (acceptPlainSurveyPost):
   it must store exactly what the route's action stores, and take nothing it cannot
   finish — everything else is left, untouched, to the route. */
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as answersModel from '#app/models/answers.server'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { closeWave } from '#app/services/waves.server'
import { action as surveyAction } from '#app/routes/s.$token'
import { acceptPlainSurveyPost, acceptPlainSurveyPostTogether } from '#app/services/survey-post.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import { call } from '#test/route'
import { count, makeWave, row, snapshot, surveyToken } from '#test/survey-factories'

beforeEach(() => {
  perLinkLimiter.reset()
  missLimiter.reset()
})

const URLENCODED = 'application/x-www-form-urlencoded'
const RESPONDENT_TABLES = ['responses', 'response_revisions', 'invitations', 'stakeholders', 'outbox', 'stakeholder_suggestions', 'queue_dirty']

const body = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const answerFields = (extra: Record<string, string> = {}) => ({ intent: 'answer', submissionId: randomUUID(), score: '8', comment: '  Tickets wait.\r\nFix it. ', category: 'support', ...extra })
const fast = (token: string, fields: Record<string, string> | string, contentType = URLENCODED) =>
  acceptPlainSurveyPost({ token, contentType, body: typeof fields === 'string' ? fields : body(fields), now: new Date() })

/** The stored response of an invitation without its ids and clocks. */
const stored = (invitationId: number) => {
  const r = row('select score, comment, category, level, role, revisions from responses where invitation_id = ?', invitationId)
  const i = row('select state from invitations where id = ?', invitationId)
  return { response: r, invitation: i, revisions: count('select count(*) as n from response_revisions rr join responses r on r.id = rr.response_id where r.invitation_id = ?', invitationId) }
}

describe('the fast path takes a plain, valid answer', () => {
  it('stores the same rows as the route action and answers with the same redirect', async () => {
    const wave = await makeWave({ count: 2 })
    const [viaFast, viaRoute] = wave.invitationIds
    const fields = answerFields()

    const location = fast(surveyToken(viaFast), fields)
    const routed = await call(surveyAction, `/s/${surveyToken(viaRoute)}`, { params: { token: surveyToken(viaRoute) }, form: { ...fields, submissionId: randomUUID() } })

    expect(location).toBe(`/s/${surveyToken(viaFast)}?done=answer`)
    expect(routed.location).toBe(`/s/${surveyToken(viaRoute)}?done=answer`)
    expect(stored(viaFast)).toEqual(stored(viaRoute))
    expect(stored(viaFast)).toMatchObject({ response: { score: 8, comment: 'Tickets wait.\nFix it.', category: 'support', revisions: 1 }, invitation: { state: 'answered' }, revisions: 1 })
    // The queue hears of it the same way: the account is marked for reassessment.
    expect(count('select count(*) as n from queue_dirty where account_id = ?', wave.accountId)).toBe(1)
  })

  it('a repeated submission (double click, retried request) is stored once', async () => {
    const wave = await makeWave()
    const token = surveyToken(wave.invitationIds[0])
    const fields = answerFields({ score: '3' })
    expect(fast(token, fields)).toBe(`/s/${token}?done=answer`)
    expect(fast(token, fields)).toBe(`/s/${token}?done=answer`)
    expect(stored(wave.invitationIds[0])).toMatchObject({ response: { score: 3, revisions: 1 }, revisions: 1 })
  })

  it('"left" and "someone else" take the same rules as the route', async () => {
    const wave = await makeWave({ count: 2 })
    const [left, other] = wave.invitationIds
    expect(fast(surveyToken(left), { intent: 'left', submissionId: randomUUID() })).toBe(`/s/${surveyToken(left)}?done=left`)
    expect(row('select status from stakeholders where id = ?', wave.recipients[0].stakeholderId)).toEqual({ status: 'left' })
    const suggestion = { intent: 'someone-else', submissionId: randomUUID(), suggestName: 'Olga Ops', suggestEmail: ' Olga@Example.test ' }
    expect(fast(surveyToken(other), suggestion)).toBe(`/s/${surveyToken(other)}?done=someone-else`)
    expect(count("select count(*) as n from stakeholder_suggestions where email = 'olga@example.test'")).toBe(1)
  })
})

describe('anything else is left to the route, with nothing stored', () => {
  it.each([
    ['a score out of range', answerFields({ score: '11' })],
    ['a missing submission id', { intent: 'answer', score: '5' }],
    ['an unknown intent', { intent: 'delete', submissionId: randomUUID() }],
    ['a field sent twice', `${body(answerFields())}&score=2`],
    ['an unknown category', answerFields({ category: 'weather' })],
  ])('%s', async (_what, fields) => {
    const wave = await makeWave()
    const before = snapshot(RESPONDENT_TABLES)
    expect(fast(surveyToken(wave.invitationIds[0]), fields)).toBeNull()
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
  })

  it('a multipart or non-UTF-8 body, an unknown link and a closed wave', async () => {
    const wave = await makeWave({ count: 2 })
    const token = surveyToken(wave.invitationIds[0])
    const before = snapshot(RESPONDENT_TABLES)
    expect(fast(token, answerFields(), 'multipart/form-data; boundary=x')).toBeNull()
    expect(fast(token, answerFields(), `${URLENCODED}; charset=latin1`)).toBeNull()
    expect(fast(`${token.slice(0, -2)}xx`, answerFields())).toBeNull()
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
    closeWave({ id: wave.waveId, now: new Date(), actor: SYSTEM_ACTOR })
    const closed = snapshot(RESPONDENT_TABLES)
    expect(fast(surveyToken(wave.invitationIds[1]), answerFields())).toBeNull()
    expect(snapshot(RESPONDENT_TABLES)).toBe(closed)
  })

  it('past the link limit it stores nothing, and the route then refuses with 429', async () => {
    const wave = await makeWave()
    const token = surveyToken(wave.invitationIds[0])
    for (let i = 0; i < 20; i++) expect(fast(token, answerFields({ score: String(i % 11) }))).not.toBeNull()
    const before = snapshot(RESPONDENT_TABLES)
    expect(fast(token, answerFields())).toBeNull()
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
    const routed = await call(surveyAction, `/s/${token}`, { params: { token }, form: answerFields() })
    expect(routed.status).toBe(429)
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
  })
})

describe('group commit: answers that arrive together are stored in one transaction', () => {
  const together = (token: string, fields: Record<string, string>) => acceptPlainSurveyPostTogether({ token, contentType: URLENCODED, body: body(fields), now: new Date() })

  it('each is stored once and answered after the commit; a double submit in the same batch stays one answer; an invalid one stores nothing', async () => {
    const wave = await makeWave({ count: 6 })
    const tokens = wave.invitationIds.map(surveyToken)
    const repeated = answerFields({ score: '9' })
    const before = count('select count(*) as n from response_revisions')
    const pending = [
      ...tokens.slice(0, 5).map((t, i) => together(t, answerFields({ score: String(i) }))),
      together(tokens[5], repeated),
      together(tokens[5], repeated),
      together(tokens[0], answerFields({ score: '11' })), // invalid: left to the route
    ]
    // Nothing is stored before the batch runs: respondents wait for the commit.
    expect(count('select count(*) as n from response_revisions')).toBe(before)
    const locations = await Promise.all(pending)
    expect(locations).toEqual([...tokens.slice(0, 5), tokens[5], tokens[5]].map((t): string | null => `/s/${t}?done=answer`).concat([null]))
    wave.invitationIds.slice(0, 5).forEach((id, i) => expect(stored(id)).toMatchObject({ response: { score: i, revisions: 1 }, revisions: 1 }))
    expect(stored(wave.invitationIds[5])).toMatchObject({ response: { score: 9, revisions: 1 }, revisions: 1 })
    expect(count('select count(*) as n from response_revisions')).toBe(before + 6)
  })

  it('one that fails mid-way is rolled back alone and gets its error; the others are stored', async () => {
    const wave = await makeWave({ count: 3 })
    const [first, failing, last] = wave.invitationIds
    const original = answersModel.recordAnswer
    // Fails after its rows are written, so only its savepoint's rollback can remove them.
    const spy = vi.spyOn(answersModel, 'recordAnswer').mockImplementation((input) => {
      const result = original(input)
      if (input.invitation.invitationId === failing) throw new Error('disk full')
      return result
    })
    try {
      const outcomes = await Promise.allSettled([first, failing, last].map((id) => together(surveyToken(id), answerFields())))
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('disk full'))
    } finally {
      spy.mockRestore()
    }
    expect(stored(first)).toMatchObject({ response: { score: 8 }, invitation: { state: 'answered' }, revisions: 1 })
    expect(stored(last)).toMatchObject({ response: { score: 8 }, invitation: { state: 'answered' }, revisions: 1 })
    expect(stored(failing)).toEqual({ response: undefined, invitation: { state: 'queued' }, revisions: 0 })
  })
})
