/* The respondent's POST through the real production server (app/server.ts): a plain
   answer takes the fast path, everything else reaches the route with its body intact,
   and the rest of the site is served as before. The server shares this test file's
   database and link key, so the links made here open there. */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { count, makeWave, snapshot, surveyToken } from '#test/survey-factories'
import { startServer, type RunningServer } from './server'

const RESPONDENT_TABLES = ['responses', 'response_revisions', 'invitations', 'stakeholders', 'stakeholder_suggestions']

let server: RunningServer
let tokens: string[] = []
let invitationIds: number[] = []

beforeAll(async () => {
  const wave = await makeWave({ count: 7 })
  invitationIds = wave.invitationIds
  tokens = invitationIds.map(surveyToken)
  server = await startServer({ env: { DATABASE_PATH: process.env.DATABASE_PATH!, SESSION_SECRET: process.env.SESSION_SECRET!, DISPATCHER: 'off' } })
})
afterAll(async () => {
  await server?.stop()
})

const post = (token: string, body: string | FormData, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}/s/${token}`, {
    method: 'POST',
    body,
    headers: typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl, ...headers } : { origin: server.baseUrl, ...headers },
    redirect: 'manual',
  })
const answer = (fields: Record<string, string> = {}) => new URLSearchParams({ intent: 'answer', submissionId: randomUUID(), score: '7', comment: 'Réponse: 100% + €', category: 'support', ...fields }).toString()
const responses = (invitationId: number) => count('select count(*) as n from responses where invitation_id = ?', invitationId)
const revisions = (invitationId: number) => count('select count(*) as n from response_revisions rr join responses r on r.id = rr.response_id where r.invitation_id = ?', invitationId)

describe('POST /s/:token on the production server', () => {
  it('a plain answer is stored once and redirected with 303, however often it is sent', async () => {
    const body = answer()
    const first = await post(tokens[0], body)
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe(`/s/${tokens[0]}?done=answer`)
    expect(await first.text()).toBe('')
    const again = await Promise.all([post(tokens[0], body), post(tokens[0], body)])
    expect(again.map((r) => r.status)).toEqual([303, 303])
    expect(responses(invitationIds[0])).toBe(1)
    expect(revisions(invitationIds[0])).toBe(1)
    const stored = count("select count(*) as n from responses where invitation_id = ? and comment = 'Réponse: 100% + €' and score = 7", invitationIds[0])
    expect(stored).toBe(1)
  })

  it('an invalid answer gets the page with its error (400) and stores nothing', async () => {
    const before = snapshot(RESPONDENT_TABLES)
    const res = await post(tokens[1], answer({ score: '11' }))
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(await res.text()).toContain('The score must be a whole number from 0 to 10.')
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
  })

  it('a multipart answer (not the fast path) reaches the route with its body and is stored', async () => {
    const form = new FormData()
    for (const [k, v] of new URLSearchParams(answer({ score: '2' }))) form.append(k, v)
    const res = await post(tokens[2], form)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/s/${tokens[2]}?done=answer`)
    expect(count('select count(*) as n from responses where invitation_id = ? and score = 2', invitationIds[2])).toBe(1)
  })

  it('a body of undeclared length (chunked) reaches the route as a stream and is stored', async () => {
    const bytes = new TextEncoder().encode(answer({ score: '4' }))
    const res = await fetch(`${server.baseUrl}/s/${tokens[6]}`, {
      method: 'POST',
      body: new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
      redirect: 'manual',
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(303)
    expect(count('select count(*) as n from responses where invitation_id = ? and score = 4', invitationIds[6])).toBe(1)
  })

  it('an oversized body is refused with 413, an unknown link with 404, and neither stores anything', async () => {
    const before = snapshot(RESPONDENT_TABLES)
    const big = await post(tokens[3], answer({ comment: 'x'.repeat(40 * 1024) }))
    expect(big.status).toBe(413)
    const unknown = await post(`${tokens[3].slice(0, -2)}zz`, answer())
    expect(unknown.status).toBe(404)
    expect(snapshot(RESPONDENT_TABLES)).toBe(before)
  })

  it('the done page, assets and the access log are served as before (pages compressed, one log line a request)', async () => {
    const marker = randomUUID()
    const res = await fetch(`${server.baseUrl}/s/${tokens[0]}?done=answer&m=${marker}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(await res.text()).toContain('name="submissionId"')
    const favicon = await fetch(`${server.baseUrl}/favicon.svg`)
    expect(favicon.status).toBe(200)
    await post(tokens[4], answer())
    await post(tokens[5], answer({ score: 'x' }))
    // morgan writes its line when the response has finished: give the last one a moment.
    for (let i = 0; i < 20 && !server.output().includes(`POST /s/${tokens[5]} 400`); i++) await new Promise((r) => setTimeout(r, 100))
    const lines = server.output().split('\n')
    expect(lines.filter((l) => l.includes(marker))).toHaveLength(1)
    expect(lines.filter((l) => l.startsWith(`POST /s/${tokens[4]} 303`))).toHaveLength(1)
    expect(lines.filter((l) => l.startsWith(`POST /s/${tokens[5]} 400`))).toHaveLength(1)
  })
})
