/* Provider events (bounces, complaints, deliveries) as a workflow: the model applies
   each once; a person bouncing or unsubscribing may move their account in the queue. */
import { applyDeliveryEvent as apply, type DeliveryEvent } from '#app/models/webhooks.server'
import { afterCommit } from './after-commit.server'

/** False when this delivery was applied before (a provider retry or a replay). */
export function applyDeliveryEvent(event: DeliveryEvent, now = new Date()): boolean {
  const { applied, accountId } = apply(event, now)
  if (accountId !== null) afterCommit({ reassess: [accountId], now })
  return applied
}
