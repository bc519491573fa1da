/* The baseline's server side: the same form fields parsed with zod, and one insert
   into its own SQLite file with the same pragmas as Hatescale's db/client.ts. */
import Database from 'better-sqlite3'
import { z } from 'zod'

const file = process.env.BASELINE_DATABASE_PATH
if (!file) throw new Error('BASELINE_DATABASE_PATH is not set.')

const sqlite = new Database(file)
sqlite.pragma('journal_mode = WAL')
sqlite.pragma('foreign_keys = ON')
sqlite.pragma('busy_timeout = 5000')
sqlite.pragma('synchronous = NORMAL')
sqlite.exec(`create table if not exists answers (
  id integer primary key autoincrement,
  submission_id text not null unique,
  score integer not null,
  comment text not null default '',
  category text,
  created_at integer not null
)`)

const insert = sqlite.prepare('insert into answers (submission_id, score, comment, category, created_at) values (?, ?, ?, ?, ?)')

const CATEGORIES = ['support', 'quality', 'deadlines', 'communication', 'pricing', 'product', 'other'] as const

const AnswerSchema = z.object({
  intent: z.literal('answer'),
  submissionId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  score: z.string().regex(/^\d{1,2}$/).transform(Number).pipe(z.number().int().min(0).max(10)),
  comment: z.string().default('').transform((v) => v.trim()).pipe(z.string().max(4000)),
  category: z
    .string()
    .default('')
    .pipe(z.union([z.literal(''), z.enum(CATEGORIES)]))
    .transform((v) => (v === '' ? null : v)),
})

/** Validates and inserts one answer; false when the form is invalid. */
export function recordAnswer(form: FormData): boolean {
  const parsed = AnswerSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) return false
  const a = parsed.data
  insert.run(a.submissionId, a.score, a.comment, a.category, Date.now())
  return true
}
