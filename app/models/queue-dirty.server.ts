/* Dirty marks of the at-risk queue: accounts whose picture may have changed (an answer,
   a champion event, an account edit). Marking is one tiny write inside the writer's own
   transaction, so the respondent's hot path stays cheap; app/services/queue.server.ts
   brings marked accounts up to date when the queue is read and on the dispatcher's tick. */
import { and, asc, eq, lte, sql } from 'drizzle-orm'
import { queueDirty } from '#db/schema'
import { db, sqlite, type Tx } from '#app/services/db.server'

const markStatement = sqlite.prepare('insert into queue_dirty (account_id, marked_at) values (?, ?) on conflict(account_id) do update set marked_at = excluded.marked_at')

/** The account's queue picture may have changed; whoever reads the queue next brings it up to date. */
export function markDirty(accountId: number, now = new Date()) {
  markStatement.run(accountId, now.getTime())
}

export function markAllDirty(now = new Date()) {
  db.run(sql`insert into queue_dirty (account_id, marked_at) select id, ${now.getTime()} from accounts where archived_at is null on conflict(account_id) do update set marked_at = excluded.marked_at`)
}

export function dirtyAccounts({ limit }: { limit: number }) {
  return db.select().from(queueDirty).orderBy(asc(queueDirty.markedAt)).limit(limit).all()
}

/** Clears a mark unless it was set again after it was read (then the account is looked at again). */
export function clearDirty(tx: Tx, mark: { accountId: number; markedAt: Date }) {
  tx.delete(queueDirty)
    .where(and(eq(queueDirty.accountId, mark.accountId), lte(queueDirty.markedAt, mark.markedAt)))
    .run()
}

