/* Resend's delivery webhooks, Svix-signed. Bad or missing signature → 401 and
   nothing changes; a replayed or retried delivery is applied once. */
import type { ActionFunctionArgs } from '@remix-run/node'
import { Webhook } from 'standardwebhooks'
import { applyDeliveryEvent } from '#app/services/delivery-events.server'
import { getEnv } from '#app/utils/env.server'
import { BodyTooLargeError, readSmallBody } from '#app/utils/public-request.server'

const MAX_BODY = 256 * 1024

export async function loader() {
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method not allowed', { status: 405 })
  const secret = getEnv().RESEND_WEBHOOK_SECRET
  const id = request.headers.get('svix-id')
  const timestamp = request.headers.get('svix-timestamp')
  const signature = request.headers.get('svix-signature')
  if (!secret || !id || !timestamp || !signature) return new Response('Missing or unverifiable signature', { status: 401 })
  let payload: string
  try {
    payload = (await readSmallBody(request, MAX_BODY)).toString('utf8')
  } catch (error) {
    if (error instanceof BodyTooLargeError) return new Response('Too large', { status: 413 })
    throw error
  }
  let event: { type?: string; data?: { email_id?: string; tags?: Record<string, string> | { name: string; value: string }[]; bounce?: { message?: string } } }
  try {
    event = new Webhook(secret).verify(payload, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }) as typeof event
  } catch {
    return new Response('Invalid signature', { status: 401 })
  }
  const tags = event.data?.tags
  const outboxTag = Array.isArray(tags) ? tags.find((t) => t.name === 'outbox_id')?.value : tags?.outbox_id
  const applied = applyDeliveryEvent({
    svixId: id,
    type: String(event.type ?? 'unknown'),
    providerId: event.data?.email_id,
    outboxId: outboxTag ? Number(outboxTag) : undefined,
    reason: event.data?.bounce?.message,
  })
  return Response.json({ ok: true, applied })
}
