/* THE leak test (SPEC "Confidential mode"): an account whose people answer two closed
   confidential waves (k = 3) through the respondent's real route; then everything staff
   can see — every staff page's loader data as admin, as the owning service manager and
   as a team member, the CSV export of each wave, every alert letter and every message
   in the dev mailbox — is searched for anything that ties an answer to a named person.
   A named-wave control proves the detector finds such ties when they are allowed. */
import { beforeAll, describe, expect, it } from 'vitest'
import { rankSuccessors } from '#app/domain/champions'
import { SYSTEM_ACTOR } from '#app/services/audit.server'
import { detectSilentChampions } from '#app/services/champions.server'
import { closeWave } from '#app/services/waves.server'
import { loader as accountLoader } from '#app/routes/accounts.$accountId._index'
import { loader as postMortemLoader } from '#app/routes/accounts.$accountId.post-mortem'
import { loader as accountsLoader } from '#app/routes/accounts._index'
import { loader as auditLoader } from '#app/routes/admin.audit'
import { loader as auditCsvLoader } from '#app/routes/admin.audit[.]csv'
import { loader as championsLoader } from '#app/routes/champions._index'
import { loader as mailboxLoader } from '#app/routes/dev.mailbox._index'
import { loader as itemLoader } from '#app/routes/queue.$itemId'
import { loader as queueLoader } from '#app/routes/queue._index'
import { loader as metricsLoader } from '#app/routes/queue.metrics'
import { loader as sentimentLoader } from '#app/routes/sentiment._index'
import { loader as exportLoader } from '#app/routes/sentiment.export[.]csv'
import { loader as waveLoader } from '#app/routes/waves.$waveId'
import { loader as wavesLoader } from '#app/routes/waves._index'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { refreshQueue } from '#app/services/queue.server'
import type { AnonymityMode, Level, RelationshipRole } from '#app/domain/vocabulary'
import { DAY, eventsOf, type EventRow } from '#test/champion-factories'
import { makeAccount, makeStakeholder, makeUser, sessionCookie } from '#test/factories'
import {
  answeredLeaks,
  commentLeaks,
  coverageLeaks,
  emailLines,
  exportLeaks,
  respondentsOf,
  scoreLeaks,
  scorePhrase,
  textsWith,
  type Respondent,
  type Source,
} from '#test/leak-factories'
import { answerWith } from '#test/queue-factories'
import { call } from '#test/route'
import { makeWave, rows, surveyToken } from '#test/survey-factories'

const K = 3

type Staff = { id: number; role: string; cookie: string }
async function staff(role: 'admin' | 'service_manager' | 'account_team'): Promise<Staff> {
  const user = await makeUser(role)
  return { id: user.id, role, cookie: await sessionCookie(user.id) }
}

type PersonSpec = { key: string; name: string; level: Level; role: RelationshipRole; champion?: boolean }
type Given = { key: string; score: number; comment: string }

/** The people, each with a name found nowhere else, and what they answer in wave 1 and wave 2. */
const PEOPLE: PersonSpec[] = [
  { key: 'champ', name: 'Quintus Vellacourt', level: 'head', role: 'both', champion: true },
  { key: 'boss', name: 'Ysolde Marchbank', level: 'top', role: 'buyer' },
  { key: 'headBuyer', name: 'Perpetua Ashgrove', level: 'head', role: 'buyer' },
  { key: 'm1', name: 'Barnaby Thistlewood', level: 'manager', role: 'user' },
  { key: 'm2', name: 'Cordelia Fenwright', level: 'manager', role: 'user' },
  { key: 'm3', name: 'Evander Quillfeather', level: 'manager', role: 'user' },
  { key: 'exec1', name: 'Ignatius Brackenridge', level: 'executor', role: 'user' },
  { key: 'exec2', name: 'Marisol Dunwoody', level: 'executor', role: 'user' },
]
const WAVE1: Given[] = [
  { key: 'champ', score: 1, comment: 'Quokka onboarding went smoothly 1123' },
  { key: 'boss', score: 2, comment: 'Marzipan roadmap looks fine 2231' },
  { key: 'headBuyer', score: 3, comment: 'Heliotrope billing portal confusing 3317' },
  { key: 'm1', score: 1, comment: 'Kumquat dashboard is lovely 4409' },
  { key: 'm2', score: 2, comment: 'Obsidian export too slow 5521' },
  { key: 'm3', score: 2, comment: 'Tamarind support answered fast 6637' },
]
// The champion cools (1 → 8), the top buyer hates (9, with churn words), every manager answers again.
const WAVE2: Given[] = [
  { key: 'champ', score: 8, comment: 'Zebrafruit invoice complaint 4471' },
  { key: 'boss', score: 9, comment: 'Periwinkle outage cost us, we will cancel the contract 7713' },
  { key: 'm1', score: 1, comment: 'Saffron reports are great 8819' },
  { key: 'm2', score: 4, comment: 'Vermilion tickets ignored 9923' },
  { key: 'm3', score: 6, comment: 'Juniper deadlines missed 1049' },
  { key: 'exec1', score: 5, comment: 'Cobalt release broke imports 2267' },
]

type Scenario = { accountId: number; waveIds: number[]; ids: Record<string, number>; people: Respondent[]; champion: Respondent; owner: Staff; member: Staff }

/** The account, its two waves answered through POST /s/:token, closed, then the queue and the champion checks run as the server runs them. */
async function buildScenario({ anonymity, accountName, people = PEOPLE, waves = [WAVE1, WAVE2] }: { anonymity: AnonymityMode; accountName: string; people?: PersonSpec[]; waves?: Given[][] }): Promise<Scenario> {
  const owner = await staff('service_manager')
  const member = await staff('account_team')
  const slug = accountName.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const account = makeAccount({ name: accountName, domain: `${slug}.test`, ownerId: owner.id, teamIds: [member.id], renewalDate: '2028-12-31' })
  const ids: Record<string, number> = {}
  for (const p of people) ids[p.key] = makeStakeholder(account.id, { name: p.name, email: `${p.key.toLowerCase()}@${slug}.test`, level: p.level, role: p.role, isChampion: Boolean(p.champion) }).id
  const waveIds: number[] = []
  for (const [i, given] of waves.entries()) {
    const sendAt = new Date(Date.now() - (waves.length - i) * 5 * DAY)
    const wave = await makeWave({ accountId: account.id, anonymity, sendAt, closesAt: new Date(Date.now() + 7 * DAY) })
    waveIds.push(wave.waveId)
    for (const g of given) {
      const idx = wave.recipients.findIndex((r) => r.stakeholderId === ids[g.key])
      const res = await answerWith(surveyToken(wave.invitationIds[idx]), g.score, g.comment, 'support')
      expect(res.status, `${g.key} answering wave ${i + 1}`).toBe(303)
    }
  }
  const now = new Date()
  for (const id of waveIds) closeWave({ id, now, actor: SYSTEM_ACTOR })
  detectSilentChampions({ now: new Date(now.getTime() + 1000) })
  refreshQueue({ now: new Date(now.getTime() + 1000) })
  const all = respondentsOf(account.id, waveIds)
  return { accountId: account.id, waveIds, ids, owner, member, people: all, champion: all.find((p) => p.id === ids.champ)! }
}

/** What one staff member sees of the account: every staff page's loader data. */
async function pagesAs(who: Staff, sc: Scenario): Promise<Source[]> {
  const out: Source[] = []
  const page = async (label: string, loader: Parameters<typeof call>[0], path: string, params: Record<string, string> = {}) => {
    const res = await call(loader, path, { cookie: who.cookie, params })
    out.push({ where: `[${who.role}] ${label} (${path}, ${res.status})`, json: res.data })
    return res
  }
  const acc = String(sc.accountId)
  await page('account page', accountLoader, `/accounts/${acc}`, { accountId: acc })
  await page('post-mortem', postMortemLoader, `/accounts/${acc}/post-mortem`, { accountId: acc })
  await page('accounts', accountsLoader, '/accounts')
  await page('champions', championsLoader, '/champions')
  const queue = await page('queue', queueLoader, '/queue')
  await page('queue metrics', metricsLoader, '/queue/metrics')
  const itemIds = rows('select id from queue_items where account_id = ? order by id', sc.accountId).map((r) => Number(r.id))
  for (const id of itemIds) await page('queue item (drafts, evidence)', itemLoader, `/queue/${id}`, { itemId: String(id) })
  await page('sentiment', sentimentLoader, '/sentiment')
  await page('sentiment', sentimentLoader, '/sentiment?window=90')
  for (const id of sc.waveIds) {
    await page('sentiment', sentimentLoader, `/sentiment?wave=${id}`)
    await page('wave', waveLoader, `/waves/${id}`, { waveId: String(id) })
  }
  await page('waves', wavesLoader, '/waves')
  if (who.role === 'admin') {
    await page('dev mailbox', mailboxLoader, '/dev/mailbox')
    // The audit trail keeps what staff wrote (letters included), never an answer.
    await page('audit trail', auditLoader, '/admin/audit')
    await page('audit trail CSV', auditCsvLoader, '/admin/audit.csv')
  }
  expect(queue.status, `${who.role} reads /queue`).toBe(200)
  return out
}

async function exportAs(who: Staff, path: string): Promise<{ where: string; csv: string }> {
  const res = await call(exportLoader, path, { cookie: who.cookie })
  expect(res.status, `${who.role} exports ${path}`).toBe(200)
  return { where: `[${who.role}] export ${path}`, csv: String(res.data ?? '') }
}

/** Every alert letter and every message delivered to the dev mailbox, as lines of text. */
function messages(): Source[] {
  const letters = rows('select id, to_email as toEmail, subject, body from letters order by id') as { id: number; toEmail: string; subject: string; body: string }[]
  const mailbox = rows('select id, "to", subject, html, text from dev_mailbox order by id') as { id: number; to: string; subject: string; html: string; text: string }[]
  return [
    ...letters.map((l) => ({ where: `letter #${l.id} to ${l.toEmail} “${l.subject}”`, lines: emailLines(l) })),
    ...mailbox.map((m) => ({ where: `dev-mailbox #${m.id} to ${m.to} “${m.subject}”`, lines: emailLines(m) })),
  ]
}

const report = (findings: string[]) => (findings.length ? `leaks found:\n  ${findings.slice(0, 25).join('\n  ')}${findings.length > 25 ? `\n  … and ${findings.length - 25} more` : ''}` : 'no leak')

let sc: Scenario
let admin: Staff
let sources: Source[]
let exports: { where: string; csv: string; waveIds: number[] }[]

beforeAll(async () => {
  admin = await staff('admin')
  sc = await buildScenario({ anonymity: 'confidential', accountName: 'Vellacourt Holdings' })
  // The letters are due from the queue refresh's clock (a second ahead): deliver them all to the dev mailbox.
  await dispatchOnce({ now: () => new Date(Date.now() + 60_000) })
  sources = []
  exports = []
  for (const who of [admin, sc.owner, sc.member]) {
    sources.push(...(await pagesAs(who, sc)))
    for (const id of sc.waveIds) exports.push({ ...(await exportAs(who, `/sentiment/export.csv?wave=${id}`)), waveIds: [id] })
    exports.push({ ...(await exportAs(who, '/sentiment/export.csv')), waveIds: sc.waveIds })
  }
  sources.push(...messages(), ...exports.map((e) => ({ where: e.where, csv: e.csv })))
}, 120_000)

describe('a confidential wave tells staff nothing about a named person', () => {
  it('the scenario is real: both waves answered, a queue item opened and alert letters queued', () => {
    expect(sc.people.filter((p) => p.answers.length > 0).length).toBe(7)
    expect(rows('select id from queue_items where account_id = ?', sc.accountId).length, 'the top buyer’s 9 and the churn words open an item').toBeGreaterThan(0)
    expect(rows('select l.id from letters l join queue_items q on q.id = l.queue_item_id where q.account_id = ?', sc.accountId).length, 'alert letters to the owner and the team').toBeGreaterThan(0)
  })

  it('(a) no individual score is shown next to a name or stakeholder id (pages, emails, CSV)', () => {
    const findings = scoreLeaks(sources, sc.people)
    expect(findings, report(findings)).toEqual([])
  })

  it('(b) no page or message says whether a named person answered ("answered recently", answered flags, "who we reach")', () => {
    const findings = [...answeredLeaks(sources, sc.people), ...coverageLeaks(sources, sc.people)]
    expect(findings, report(findings)).toEqual([])
  })

  it('(c) comments appear only without a name, and without their level where that level has fewer than k answers', () => {
    const findings = commentLeaks(sources, sc.people, { accountId: sc.accountId, k: K })
    expect(findings, report(findings)).toEqual([])
  })

  it('(d) the CSV export of a confidential wave has group rows and anonymous comments only: no name, email, exact time or per-answer row', () => {
    const findings = exports.flatMap((e) => exportLeaks(e.where, e.csv, sc.people, { accountId: sc.accountId, waveIds: e.waveIds, k: K }))
    expect(findings, report(findings)).toEqual([])
  })

  it('(e) confidential answers never make a champion cool: no cooling event, no "cooling" status, no "from 1 to 8" next to the champion', async () => {
    const confidentialCooling = eventsOf(sc.accountId).filter((e: EventRow) => e.kind === 'cooling' && e.wave_id !== null && sc.waveIds.includes(e.wave_id))
    expect(confidentialCooling.map((e) => `champion event #${e.id} (${e.kind}, wave ${e.wave_id}): “${e.note}”`), 'cooling events from confidential waves').toEqual([])
    const [first, second] = sc.champion.answers.map((a) => a.score)
    const pair = `from ${first} to ${second}`
    const told = textsWith(sources, (t) => t.includes(pair) || (t.includes(sc.champion.name) && /cooling|cooled/i.test(t)))
    expect(told, report(told)).toEqual([])
    for (const who of [admin, sc.owner, sc.member]) {
      const res = await call(championsLoader, '/champions', { cookie: who.cookie })
      const row = (res.data.rows as { accountId: number; status: string; signal?: string; pending?: { kind: string }[] }[]).find((r) => r.accountId === sc.accountId)
      expect(row, `[${who.role}] /champions lists the account`).toBeDefined()
      const cooling = [row!.status, row!.signal, ...(row!.pending ?? []).map((e) => e.kind)].filter((s) => s === 'cooling')
      expect(cooling, `[${who.role}] /champions shows the account's champion as cooling (status, signal or pending event)`).toEqual([])
    }
  })

  it('(f) successor candidates on the account page are ranked without confidential answers: no score, no "answered recently", same order as with no answers', async () => {
    for (const who of [admin, sc.owner, sc.member]) {
      const res = await call(accountLoader, `/accounts/${sc.accountId}`, { cookie: who.cookie, params: { accountId: String(sc.accountId) } })
      expect(res.status).toBe(200)
      const candidates = res.data.champion.candidates as { id: number; name: string; level: Level; role: RelationshipRole; status: 'active'; latestScore: number | null; answeredRecently: boolean; namedAsSuccessor: boolean; reasons: string[] }[]
      const where = `[${who.role}] account page champion.candidates`
      expect(candidates.length, `${where}: the account's other active people are still candidates`).toBeGreaterThan(0)
      const told = candidates.flatMap((c) => {
        const p = sc.people.find((x) => x.id === c.id)!
        const scores = p.answers.map((a) => a.score)
        return [
          ...(c.latestScore !== null && c.latestScore !== undefined ? [`${c.name}: latestScore=${c.latestScore}`] : []),
          ...(c.answeredRecently ? [`${c.name}: answeredRecently=true`] : []),
          ...c.reasons.filter((r) => /answered/i.test(r) || scores.some((s) => scorePhrase(r, s))).map((r) => `${c.name}: reason “${r}”`),
        ]
      })
      expect(told, `${where}: ${report(told)}`).toEqual([])
      // The order itself tells: it must be the one the ranking gives when nobody answered.
      const blind = rankSuccessors(candidates.map((c) => ({ id: c.id, name: c.name, level: c.level, role: c.role, status: c.status, latestScore: null, answeredRecently: false, namedAsSuccessor: c.namedAsSuccessor }))).map((c) => c.name)
      expect(candidates.map((c) => c.name), `${where}: order moved by confidential answers`).toEqual(blind)
    }
  })
})

describe('the detector itself', () => {
  it('finds the name with the score, the answered flag and the cooling in the same scenario run as a NAMED wave', async () => {
    const named = await buildScenario({
      anonymity: 'named',
      accountName: 'Control Named Ltd',
      people: PEOPLE.map((p) => ({ ...p, name: p.name.split(' ').reverse().join(' ') })),
    })
    const res = await call(accountLoader, `/accounts/${named.accountId}`, { cookie: admin.cookie, params: { accountId: String(named.accountId) } })
    const seen: Source[] = [{ where: '[admin] named account page', json: res.data }]
    const scores = scoreLeaks(seen, named.people)
    expect(scores.some((f) => f.includes(named.champion.name)), report(scores)).toBe(true)
    expect(answeredLeaks(seen, named.people).length, 'named "who we reach" and "answered recently"').toBeGreaterThan(0)
    expect(commentLeaks(seen, named.people, { accountId: named.accountId, k: K }).length, 'named comments carry their author').toBeGreaterThan(0)
    expect(eventsOf(named.accountId).some((e) => e.kind === 'cooling')).toBe(true)
    const csv = await exportAs(admin, `/sentiment/export.csv?wave=${named.waveIds[1]}`)
    const rowsFound = exportLeaks(csv.where, csv.csv, named.people, { accountId: named.accountId, waveIds: [named.waveIds[1]], k: K })
    expect(rowsFound.some((f) => f.includes('has the name')) && rowsFound.some((f) => f.includes('per-answer row')), report(rowsFound)).toBe(true)
  })
})
