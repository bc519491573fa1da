/* The confidentiality leak detector: everything staff can see (loader data, texts,
   emails, CSV lines) checked against the raw answers for anything that ties an answer
   of a confidential wave to a named person. Every finding says WHERE it leaked. The
   facts come from the database (plain SQL), never from the app's own readers. */
import { parse } from 'csv-parse/sync'
import { sqlite } from '#app/utils/db.server'

export type Answer = { waveId: number; score: number; comment: string; level: string; at: number[] }
export type Respondent = { id: number; name: string; email: string; level: string; answers: Answer[] }

/** Something staff can see: a loader's data (JSON), a text made of lines (an email), or a CSV body. */
export type Source = { where: string; json?: unknown; lines?: string[]; csv?: string }

/** Each person of the account with every answer they gave in the given waves, read straight from SQLite. */
export function respondentsOf(accountId: number, waveIds: number[]): Respondent[] {
  const people = sqlite.prepare('select id, name, email, level from stakeholders where account_id = ? order by id').all(accountId) as Omit<Respondent, 'answers'>[]
  const answers = sqlite
    .prepare(`select stakeholder_id as sid, wave_id as waveId, score, comment, level, created_at as c, updated_at as u from responses where account_id = ? and wave_id in (${waveIds.map(Number).join(',') || '-1'})`)
    .all(accountId) as { sid: number; waveId: number; score: number; comment: string; level: string; c: number; u: number }[]
  return people.map((p) => ({ ...p, answers: answers.filter((a) => a.sid === p.id).map((a) => ({ waveId: a.waveId, score: a.score, comment: a.comment, level: a.level, at: [a.c, a.u] })) }))
}

/** Distinct people who answered one wave at one account at one level. */
export function answerersAt(accountId: number, waveId: number, level: string): number {
  return (sqlite.prepare('select count(distinct stakeholder_id) as n from responses where account_id = ? and wave_id = ? and level = ?').get(accountId, waveId, level) as { n: number }).n
}

// ——— Walking loader data ———

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const normalize = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)))

const ID_KEYS = /^(stakeholderId|fromStakeholderId|toStakeholderId|personId|respondentId|stakeholder_id|from_stakeholder_id)$/
const SCORE_KEYS = /^(score|scores|latestScore|lastScore|previousScore|previous|currentScore|newScore|oldScore|scoreBefore|scoreAfter)$/i
const ANSWERED_KEYS = /^(answered|answeredRecently|hasAnswered|responded|didAnswer|answeredAt|respondedAt)$/i

/** Own string values of an object, and the strings of its arrays of strings. */
function ownStrings(o: Obj): string[] {
  const out: string[] = []
  for (const v of Object.values(o)) {
    if (typeof v === 'string') out.push(v)
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x)
  }
  return out
}

const names = (text: string, p: Respondent) => text.includes(p.name) || text.toLowerCase().includes(p.email.toLowerCase())

/** Whether an object is about this person: their name or email in its own fields (or a direct child object's), or their id under a stakeholder-id key. */
function mentions(o: Obj, p: Respondent): boolean {
  const direct = (x: Obj) => ownStrings(x).some((s) => names(s, p)) || Object.entries(x).some(([k, v]) => ID_KEYS.test(k) && v === p.id)
  return direct(o) || Object.values(o).some((v) => isObj(v) && direct(v))
}

/** Phrases that state a score: "8/10", "from 1 to 8", "answered 9", "score 9", "hate: 9". */
export function scorePhrase(text: string, score: number): string | null {
  const s = String(score)
  const patterns = [
    new RegExp(`(^|[^\\d])${s}\\s*/\\s*10(?!\\d)`),
    new RegExp(`\\bfrom ${s} to \\d+`),
    new RegExp(`\\bfrom \\d+ to ${s}(?!\\d)`),
    new RegExp(`\\banswered ${s}(?!\\d)`),
    new RegExp(`\\bscored?(?: of| was| is|:)? ${s}(?!\\d)`, 'i'),
    new RegExp(`\\bhate:? ${s}(?!\\d)`, 'i'),
  ]
  for (const re of patterns) {
    const m = text.match(re)
    if (m) return m[0].trim()
  }
  return null
}

const short = (s: string) => (s.length > 140 ? `${s.slice(0, 140)}…` : s)

/** Every text unit of a source: JSON string leaves (with their path), email lines, CSV lines. */
function textUnits(source: Source): { at: string; text: string }[] {
  const out: { at: string; text: string }[] = []
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') out.push({ at: path, text: v })
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`))
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`)
  }
  if (source.json !== undefined) walk(normalize(source.json), '$')
  source.lines?.forEach((l, i) => out.push({ at: `line ${i + 1}`, text: l }))
  source.csv?.split(/\r?\n/).forEach((l, i) => out.push({ at: `csv line ${i + 1}`, text: l }))
  return out
}

/** Every object of a JSON source with its path. */
function objects(source: Source): { at: string; o: Obj }[] {
  const out: { at: string; o: Obj }[] = []
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`))
    else if (isObj(v)) {
      out.push({ at: path, o: v })
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`)
    }
  }
  if (source.json !== undefined) walk(normalize(source.json), '$')
  return out
}

const scoresOf = (p: Respondent) => [...new Set(p.answers.map((a) => a.score))]
const commentsOf = (p: Respondent) => p.answers.map((a) => a.comment).filter((c) => c.trim())

// ——— The checks; each returns its findings, one line per leak ———

/** (a) A named person next to one of their own scores: a score-like field of an object about them, or a text naming them with a score phrase. */
export function scoreLeaks(sources: Source[], people: Respondent[]): string[] {
  const found: string[] = []
  for (const src of sources) {
    for (const { at, o } of objects(src))
      for (const p of people) {
        if (!p.answers.length || !mentions(o, p)) continue
        for (const [k, v] of Object.entries(o)) {
          if (!SCORE_KEYS.test(k)) continue
          const values = Array.isArray(v) ? v : [v]
          const hit = values.filter((x) => typeof x === 'number' && scoresOf(p).includes(x))
          if (hit.length) found.push(`${src.where} ${at}: object about ${p.name} carries ${k}=${JSON.stringify(v)}`)
        }
        for (const s of ownStrings(o))
          for (const score of scoresOf(p)) {
            const phrase = scorePhrase(s, score)
            if (phrase) found.push(`${src.where} ${at}: object about ${p.name} says "${phrase}" (“${short(s)}”)`)
          }
      }
    for (const { at, text } of textUnits(src))
      for (const p of people) {
        if (!p.answers.length || !names(text, p)) continue
        for (const score of scoresOf(p)) {
          const phrase = scorePhrase(text, score)
          if (phrase) found.push(`${src.where} ${at}: text names ${p.name} with "${phrase}" (“${short(text)}”)`)
        }
      }
  }
  return [...new Set(found)]
}

/** (b) Whether a named person answered: a truthy answered flag or an "answered" state on an object about them, or a text naming them as having answered. */
export function answeredLeaks(sources: Source[], people: Respondent[]): string[] {
  const found: string[] = []
  for (const src of sources) {
    for (const { at, o } of objects(src))
      for (const p of people) {
        if (!mentions(o, p)) continue
        for (const [k, v] of Object.entries(o)) {
          if (ANSWERED_KEYS.test(k) && v !== null && v !== false && v !== 0 && v !== '') found.push(`${src.where} ${at}: object about ${p.name} carries ${k}=${JSON.stringify(v)}`)
          if (/^(state|status)$/i.test(k) && typeof v === 'string' && /^(answered|responded|silent)$/.test(v)) found.push(`${src.where} ${at}: object about ${p.name} carries ${k}="${v}"`)
        }
        for (const s of ownStrings(o)) if (/answered recently|has answered|did not answer|didn't answer|silent in this wave/i.test(s)) found.push(`${src.where} ${at}: object about ${p.name} says “${short(s)}”`)
      }
    for (const { at, text } of textUnits(src))
      for (const p of people)
        if (names(text, p) && /answered recently|has answered|did not answer|silent in this wave/i.test(text)) found.push(`${src.where} ${at}: text names ${p.name} as having answered or not (“${short(text)}”)`)
  }
  return [...new Set(found)]
}

/**
 * (b) "Who we reach" that tells who answered: a list of named people next to an answered
 * count that pins every one of them down (all of them answered, or none did).
 */
export function coverageLeaks(sources: Source[], people: Respondent[]): string[] {
  const found: string[] = []
  for (const src of sources)
    for (const { at, o } of objects(src)) {
      const list = Object.values(o).find((v) => Array.isArray(v) && v.some((x) => isObj(x) && people.some((p) => mentions(x, p)))) as Obj[] | undefined
      if (!list || typeof o.answered !== 'number') continue
      const listed = list.filter((x) => isObj(x) && people.some((p) => mentions(x, p)) && x.asked !== false)
      const named = listed.map((x) => people.find((p) => mentions(x, p))!.name)
      if (listed.length > 0 && o.answered === listed.length) found.push(`${src.where} ${at}: lists ${named.join(', ')} as asked and says ${o.answered} answered: all of them did`)
      if (listed.length > 0 && o.answered === 0 && typeof o.silent === 'number' && o.silent > 0) found.push(`${src.where} ${at}: lists ${named.join(', ')} as asked and says none answered`)
    }
  return found
}

/**
 * (c) Comments: never in a text or object that names their author, and never with
 * their level where that level had fewer than k people answering that wave.
 */
export function commentLeaks(sources: Source[], people: Respondent[], { accountId, k }: { accountId: number; k: number }): string[] {
  const found: string[] = []
  const underK = people.flatMap((p) => p.answers.filter((a) => a.comment.trim() && answerersAt(accountId, a.waveId, a.level) < k).map((a) => ({ p, a })))
  for (const src of sources) {
    for (const { at, text } of textUnits(src))
      for (const p of people) for (const c of commentsOf(p)) if (text.includes(c) && names(text, p)) found.push(`${src.where} ${at}: comment “${c}” next to its author ${p.name}`)
    for (const { at, o } of objects(src)) {
      for (const p of people) if (mentions(o, p)) for (const c of commentsOf(p)) if (ownStrings(o).some((s) => s.includes(c))) found.push(`${src.where} ${at}: object about ${p.name} quotes their comment “${c}”`)
      for (const { p, a } of underK)
        if (ownStrings(o).some((s) => s.includes(a.comment)) && Object.values(o).includes(a.level))
          found.push(`${src.where} ${at}: comment “${a.comment}” (by ${p.name}) shown with its level "${a.level}", where fewer than ${k} people answered`)
    }
    if (src.csv)
      for (const [i, row] of csvRows(src.csv).entries())
        for (const { p, a } of underK)
          if (row.some((cell) => cell.includes(a.comment)) && row.includes(a.level)) found.push(`${src.where} csv row ${i + 1}: comment “${a.comment}” (by ${p.name}) with its level "${a.level}", where fewer than ${k} people answered`)
  }
  return [...new Set(found)]
}

export const csvRows = (csv: string): string[][] => parse(csv, { relax_column_count: true, skip_empty_lines: true }) as string[][]

/**
 * (d) The export of a confidential wave: no name or email, no exact answer time, no row
 * tying a comment to its author's score, and no figure of a group under k (a level
 * where fewer than k people answered shows none of their scores).
 */
export function exportLeaks(where: string, csv: string, people: Respondent[], { accountId, waveIds, k }: { accountId: number; waveIds: number[]; k: number }): string[] {
  const found: string[] = []
  const rows = csvRows(csv)
  rows.forEach((row, i) => {
    const line = `${where} row ${i + 1} [${short(row.join(' | '))}]`
    for (const p of people) {
      if (row.some((cell) => cell.includes(p.name))) found.push(`${line}: has the name ${p.name}`)
      if (row.some((cell) => cell.toLowerCase().includes(p.email.toLowerCase()))) found.push(`${line}: has the email ${p.email}`)
      for (const a of p.answers) {
        if (!waveIds.includes(a.waveId)) continue
        const times = a.at.flatMap((t) => [new Date(t).toISOString(), String(t)])
        if (row.some((cell) => times.includes(cell.trim()))) found.push(`${line}: has the exact time of ${p.name}'s answer`)
        if (a.comment.trim() && row.some((cell) => cell.includes(a.comment)) && row.some((cell) => cell.trim() === String(a.score)))
          found.push(`${line}: a per-answer row (comment of ${p.name} with their score ${a.score})`)
      }
    }
    for (const waveId of waveIds)
      for (const level of new Set(people.flatMap((p) => p.answers.filter((a) => a.waveId === waveId).map((a) => a.level)))) {
        const n = answerersAt(accountId, waveId, level)
        if (n >= k || !row.includes(level)) continue
        const scores = people.flatMap((p) => p.answers.filter((a) => a.waveId === waveId && a.level === level).map((a) => a.score))
        if (row.some((cell) => scores.map(String).includes(cell.trim()))) found.push(`${line}: shows a score of the ${level} group of wave ${waveId}, where only ${n} answered (k = ${k})`)
      }
  })
  return [...new Set(found)]
}

/** Every text unit of the sources that passes `test`, with where it is. */
export function textsWith(sources: Source[], test: (text: string) => boolean): string[] {
  return sources.flatMap((src) => textUnits(src).filter((u) => test(u.text)).map((u) => `${src.where} ${u.at}: “${short(u.text)}”`))
}

/** An email as lines: subject, text part, and the html part's text between tags. */
export function emailLines(m: { subject: string; text?: string | null; html?: string | null; body?: string | null }): string[] {
  const fromHtml = (m.html ?? '')
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
  return [m.subject, ...(m.text ?? '').split('\n'), ...(m.body ?? '').split('\n'), ...fromHtml.split('\n')].map((l) => l.trim()).filter(Boolean)
}
