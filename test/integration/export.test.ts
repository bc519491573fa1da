/* The responses export at scale: 100,000 answers of one named wave streamed from
   the export route's loader, chunk by chunk, with flat memory, and every row as in
   the database. */
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { loader as exportLoader } from '#app/routes/sentiment.export[.]csv'
import { findInvitationById, recordAnswer } from '#app/models/answers.server'
import { sqlite } from '#app/utils/db.server'
import { signedIn } from '#test/factories'
import { buildRequest, call } from '#test/route'
import { bulkNamedWave, type BulkWave } from '#test/sentiment-factories'

const RESPONSES = 100_000

/** A full garbage collection, so heap samples count live memory only. */
function collector(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc
  if (typeof g === 'function') return g
  try {
    v8.setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
}
const gc = collector()
/** Live JS memory, including array buffers (an encoded CSV held in memory lives there, not on the heap). */
const used = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

let cookie: string
let bulk: BulkWave
let other: BulkWave

beforeAll(async () => {
  cookie = (await signedIn('admin')).cookie
  bulk = bulkNamedWave({ responses: RESPONSES, accounts: 200, name: 'Bulk named wave' })
  // A second wave whose answers must not be in the first one's export.
  other = bulkNamedWave({ responses: 500, accounts: 3, name: 'Another wave' })
})

const firstInvitationId = (waveId: number) => (sqlite.prepare('select id from invitations where wave_id = ? order by id limit 1').get(waveId) as { id: number }).id
const exportPath = (waveId: number) => `/sentiment/export.csv?wave=${waveId}`

describe('exporting 100,000 responses', () => {
  it('streams the CSV in many chunks with flat memory', { timeout: 120_000 }, async () => {
    gc?.()
    const baseline = used()
    const response = (await exportLoader({ request: buildRequest(exportPath(bulk.waveId), { cookie }), params: {}, context: {} })) as Response
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/)
    expect(response.body).not.toBeNull()

    const samples: number[] = []
    const sample = () => {
      gc?.()
      samples.push(used() - baseline)
    }
    // Right after the loader answers: nothing may have been built yet.
    sample()
    const reader = response.body!.getReader()
    let chunks = 0
    let bytes = 0
    let newlines = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      bytes += value.byteLength
      for (let i = 0; i < value.length; i++) if (value[i] === 10) newlines++
      if (chunks % 10 === 0) sample()
    }
    sample()
    const peak = Math.max(...samples)
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`

    expect(bytes, 'a multi-megabyte export').toBeGreaterThan(10e6)
    expect(chunks, 'many chunks, not one body').toBeGreaterThanOrEqual(50)
    // Header, one line per row, and the comments' own line breaks.
    expect(newlines).toBeGreaterThan(RESPONSES)
    // A CSV built in memory first would hold at least its own size (as a string or bytes).
    const bound = gc ? 0.25 * bytes : 0.5 * bytes
    expect(peak, `memory grew by ${mb(peak)} while streaming ${mb(bytes)} in ${chunks} chunks (gc ${gc ? 'forced' : 'not available'})`).toBeLessThan(bound)
  })

  it('has exactly the rows of the database, row for row', { timeout: 120_000 }, async () => {
    const result = await call(exportLoader, exportPath(bulk.waveId), { cookie })
    expect(result.status).toBe(200)
    const records = parse(result.data as string) as string[][]
    const [header, ...rows] = records
    expect(header).toEqual(['row', 'wave', 'account', 'level', 'role', 'people', 'score', 'hate_index', 'category', 'comment', 'answered_at', 'name', 'email'])
    const count = (sqlite.prepare('select count(*) as n from responses where wave_id = ?').get(bulk.waveId) as { n: number }).n
    expect(count).toBe(RESPONSES)
    expect(rows.length).toBe(count)
    expect(rows.every((r) => r[0] === 'answer' && r[1] === bulk.waveName)).toBe(true)

    const defused = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)
    const expected = (
      sqlite
        .prepare(
          `select a.name as account, r.level, r.role, r.score, coalesce(r.category, '') as category, r.comment, r.updated_at as at, s.name, s.email
           from responses r join accounts a on a.id = r.account_id join stakeholders s on s.id = r.stakeholder_id
           where r.wave_id = ?`,
        )
        .all(bulk.waveId) as { account: string; level: string; role: string; score: number; category: string; comment: string; at: number; name: string; email: string }[]
    ).map((r) => JSON.stringify([r.account, r.level, r.role, String(r.score), r.category, defused(r.comment), new Date(r.at).toISOString(), r.name, r.email]))
    const got = rows.map(([, , account, level, role, , score, , category, comment, at, name, email]) => JSON.stringify([account, level, role, score, category, comment, at, name, email]))
    expected.sort()
    got.sort()
    const firstDifference = got.findIndex((g, i) => g !== expected[i])
    expect(firstDifference === -1 ? null : { exported: got[firstDifference], database: expected[firstDifference] }).toBeNull()
    // The tricky comments really were in there.
    expect(got.some((g) => g.includes('\\nsecond line'))).toBe(true)
    expect(got.some((g) => g.includes(`"'=cmd|`))).toBe(true)
  })

  it('answers keep being stored while an export is half read (the export reads on its own connection)', { timeout: 120_000 }, async () => {
    const response = (await exportLoader({ request: buildRequest(exportPath(bulk.waveId), { cookie }), params: {}, context: {} })) as Response
    const reader = response.body!.getReader()
    for (let i = 0; i < 3; i++) expect((await reader.read()).done).toBe(false)
    // The export's rows are now being read, between two chunks, as when a client downloads slowly.
    const invitation = findInvitationById({ id: firstInvitationId(other.waveId) })!
    expect(recordAnswer({ invitation, submissionId: 'mid-export-0001', score: 9, comment: 'During the export.', category: null, now: new Date() })).toBe('revised')
    expect(sqlite.prepare("select count(*) as n from response_revisions where submission_id = 'mid-export-0001'").get()).toEqual({ n: 1 })
    await reader.cancel()
  })

  it("leaves other waves' responses out", async () => {
    const result = await call(exportLoader, exportPath(other.waveId), { cookie })
    const [, ...rows] = parse(result.data as string) as string[][]
    expect(rows).toHaveLength(500)
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set([other.waveName]))
  })
})
