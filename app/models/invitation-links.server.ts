/* Giving invitations new links: a new salt, so new survey and unsubscribe MACs, whose
   hashes replace the old ones — every link sent before then stops opening anything. */
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { invitations, settings, waves } from '#db/schema'
import { db } from '#app/utils/db.server'
import { invitationLinkHashes, newTokenSalts } from '#app/utils/link-tokens.server'

/** Invitations of waves still open (or not yet sent), optionally one wave's: the links that still do something. */
export function reissueOutstandingLinks({ waveId, now }: { waveId?: number; now: Date }): number {
  return db.transaction((tx) => {
    const open = and(isNull(waves.closedAt), gt(waves.closesAt, now), waveId === undefined ? undefined : eq(waves.id, waveId))
    const rows = tx.select({ id: invitations.id }).from(invitations).innerJoin(waves, eq(waves.id, invitations.waveId)).where(open).all()
    const salts = newTokenSalts(rows.length)
    const update = tx
      .update(invitations)
      .set({ tokenSalt: sql`${sql.placeholder('tokenSalt')}`, tokenHash: sql`${sql.placeholder('tokenHash')}`, unsubscribeHash: sql`${sql.placeholder('unsubscribeHash')}`, linkFormat: 2 })
      .where(eq(invitations.id, sql.placeholder('id')))
      .prepare()
    rows.forEach((row, i) => update.run({ id: row.id, ...invitationLinkHashes(salts[i]) }))
    return rows.length
  })
}

const KEY_ID = 'linkKeyId'

export function storedLinkKeyId(): string | null {
  const row = db.select().from(settings).where(eq(settings.key, KEY_ID)).get()
  return typeof row?.value === 'string' ? row.value : null
}

export function storeLinkKeyId(id: string) {
  db.insert(settings).values({ key: KEY_ID, value: id }).onConflictDoUpdate({ target: settings.key, set: { value: id } }).run()
}
