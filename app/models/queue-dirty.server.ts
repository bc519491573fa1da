/* Dirty marks of the at-risk queue: accounts whose picture may have changed (an answer,
   a champion event, an account edit). Marking is one tiny write, made by the write
   workflow's after-commit step (afterCommit), so the
   respondent's hot path stays cheap; the server's scheduler then
   reassesses marked accounts (the queue workflow, refreshQueue) outside it. */
import { asc, sql } from 'drizzle-orm'
import { queueDirty } from '#db/schema'
import { db, sqlite } from '#app/utils/db.server'

const markStatement = sqlite.prepare('insert into queue_dirty (account_id, marked_at) values (?, ?) on conflict(account_id) do update set marked_at = excluded.marked_at')

let listener: (() => void) | null = null

/** The server's scheduler listens, to reassess marked accounts right after the write commits. */
export function onMarked(fn: (() => void) | null) {
  listener = fn
}

/** The account's queue picture may have changed; refreshQueue() brings it up to date. */
export function markDirty(accountId: number, now = new Date()) {
  markStatement.run(accountId, now.getTime())
  listener?.()
}

export function markAllDirty(now = new Date()) {
  db.run(sql`insert into queue_dirty (account_id, marked_at) select id, ${now.getTime()} from accounts where archived_at is null on conflict(account_id) do update set marked_at = excluded.marked_at`)
  listener?.()
}

export function dirtyAccounts({ limit }: { limit: number }) {
  return db.select().from(queueDirty).orderBy(asc(queueDirty.markedAt)).limit(limit).all()
}

const clearStatement = sqlite.prepare('delete from queue_dirty where account_id = ? and marked_at <= ?')

/** Clears a mark unless it was set again after it was read (then the account is looked at again). */
export function clearDirty(mark: { accountId: number; markedAt: Date }) {
  clearStatement.run(mark.accountId, mark.markedAt.getTime())
}

