/* Applying provider events (bounces, complaints, delivery) exactly once per svix-id. */
import { eq, or, sql } from 'drizzle-orm'
import { invitations, outbox, stakeholders, webhookEvents } from '#db/schema'
import { db } from '#app/utils/db.server'
import { detectBounce } from './champions.server'

export type DeliveryEvent = {
  svixId: string
  type: string
  providerId?: string
  outboxId?: number
  reason?: string
}

/** `applied` is false when this delivery was applied before (a provider retry or a
    replay); `accountId` is the account whose person it was about, if any. */
export function applyDeliveryEvent(event: DeliveryEvent, now = new Date()): { applied: boolean; accountId: number | null } {
  return db.transaction((tx) => {
    const fresh = tx.insert(webhookEvents).values({ svixId: event.svixId, type: event.type, receivedAt: now }).onConflictDoNothing().run()
    if (fresh.changes === 0) return { applied: false, accountId: null }
    const message = tx
      .select({ invitationId: invitations.id, stakeholderId: invitations.stakeholderId, waveId: invitations.waveId, accountId: invitations.accountId })
      .from(outbox)
      .innerJoin(invitations, eq(invitations.id, outbox.invitationId))
      .where(or(eq(outbox.providerId, event.providerId ?? '\u0000'), eq(outbox.id, event.outboxId ?? -1)))
      .get()
    if (!message) return { applied: true, accountId: null } // Not ours (or already deleted): nothing to change, still acknowledged.
    const setInvitation = (values: Partial<typeof invitations.$inferInsert>) =>
      tx.update(invitations).set(values).where(eq(invitations.id, message.invitationId)).run()
    const setPerson = (status: 'bounced' | 'unsubscribed') =>
      tx.update(stakeholders).set({ status, updatedAt: now }).where(eq(stakeholders.id, message.stakeholderId)).run()
    switch (event.type) {
      case 'email.bounced':
        setInvitation({ state: 'bounced', failureReason: event.reason ?? 'bounced' })
        // The champion's bounce is a champion-at-risk event for the owner.
        detectBounce(tx, { stakeholderId: message.stakeholderId, waveId: message.waveId, reason: event.reason })
        setPerson('bounced')
        break
      case 'email.complained':
        setInvitation({ state: 'failed', failureReason: 'marked as spam by the recipient' })
        setPerson('unsubscribed')
        break
      case 'email.delivered':
        tx.update(invitations)
          .set({ state: sql`case when ${invitations.state} in ('queued','sent') then 'delivered' else ${invitations.state} end` })
          .where(eq(invitations.id, message.invitationId))
          .run()
        break
      case 'email.opened':
        tx.update(invitations)
          .set({ state: sql`case when ${invitations.state} in ('queued','sent','delivered') then 'opened' else ${invitations.state} end` })
          .where(eq(invitations.id, message.invitationId))
          .run()
        break
    }
    if (event.type === 'email.bounced' || event.type === 'email.complained') {
      // Nobody bounced or unsubscribed is emailed again: drop what is still queued for them.
      const theirs = tx.select({ id: invitations.id }).from(invitations).where(eq(invitations.stakeholderId, message.stakeholderId))
      tx.update(outbox)
        .set({ status: 'cancelled', lastError: event.type })
        .where(sql`${outbox.invitationId} in ${theirs} and ${outbox.status} = 'queued'`)
        .run()
    }
    return { applied: true, accountId: message.accountId }
  })
}
