/* Resend's delivery webhooks, Svix-signed. Bad or missing signature → 401 and
   nothing changes; a signed body that is not an event (`null`, a list, a wrong shape)
   → 400; a replayed or retried delivery is applied once. */
import type { ActionFunctionArgs } from '@remix-run/node'
import { Webhook } from 'standardwebhooks'
import { z } from 'zod'
import { applyDeliveryEvent } from '#app/services/delivery-events.server'
import { getEnv } from '#app/utils/env.server'
import { BodyTooLargeError, readSmallBody } from '#app/utils/public-request.server'

const MAX_BODY = 256 * 1024

/** The part of Resend's event we read; anything else in it is ignored. */
const DeliveryEvent = z.object({
  type: z.string(),
  data: z
    .object({
      email_id: z.string().optional(),
      tags: z.union([z.record(z.string(), z.string()), z.array(z.object({ name: z.string(), value: z.string() }))]).optional(),
      bounce: z.object({ message: z.string().optional() }).optional(),
    })
    .optional(),
})

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
  let signed: unknown
  try {
    signed = new Webhook(secret).verify(payload, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature })
  } catch {
    return new Response('Invalid signature', { status: 401 })
  }
  const parsed = DeliveryEvent.safeParse(signed)
  if (!parsed.success) return new Response('Signed, but not a delivery event', { status: 400 })
  const event = parsed.data
  const tags = event.data?.tags
  const outboxTag = Array.isArray(tags) ? tags.find((t) => t.name === 'outbox_id')?.value : tags?.outbox_id
  const applied = applyDeliveryEvent({
    svixId: id,
    type: event.type,
    providerId: event.data?.email_id,
    outboxId: outboxTag ? Number(outboxTag) : undefined,
    reason: event.data?.bounce?.message,
  })
  return Response.json({ ok: true, applied })
}
