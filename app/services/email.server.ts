/* Rendering and sending email. Templates live in emails/ (pure); this module turns
   an outbox message into a finished email and hands batches to a provider:
   Resend when RESEND_API_KEY is set, otherwise the local dev mailbox. */
import { createHash } from 'node:crypto'
import { setImmediate } from 'node:timers/promises'
import { plainTextSelectors, render } from '@react-email/render'
import { compile } from 'html-to-text'
import { createElement } from 'react'
import { Resend } from 'resend'
import InvitationEmail from '#emails/invitation'
import LetterEmail from '#emails/letter'
import ReminderEmail from '#emails/reminder'
import { invitationSubject, reminderSubject } from '#emails/subjects'
import { waveQuestion } from '#app/i18n/messages'
import type { SurveyEmailProps } from '#emails/survey-email-layout'
import { classifyFailure, type ProviderOutcome } from '#app/domain/delivery'
import type { ClaimedLetter, ClaimedMessage, ClaimedSurveyMessage } from '#app/models/outbox.server'
import { deliverToDevMailbox } from '#app/models/outbox.server'
import { getEnv } from '#app/utils/env.server'
import { askBackground } from '#app/utils/background.server'
import { surveyUrl, unsubscribeUrl } from '#app/utils/link-tokens.server'

export type OutgoingEmail = {
  outboxId: number
  idempotencyKey: string
  from: string
  to: string
  subject: string
  html: string
  text: string
  headers: Record<string, string>
}

export interface EmailProvider {
  readonly name: string
  /** The sending account: rate limits and pauses apply per account, across provider instances. */
  readonly account: string
  /** Calls per second the provider allows; the dispatcher paces itself to stay under it. */
  readonly ratePerSecond: number
  sendBatch(messages: OutgoingEmail[], batchKey: string): Promise<ProviderOutcome>
}

/** "Sender Name <address>": the name from settings, the address from EMAIL_FROM. */
export function fromHeader(senderName: string, emailFrom = getEnv().EMAIL_FROM): string {
  const address = emailFrom.match(/<([^>]+)>/)?.[1] ?? emailFrom.trim()
  return `${senderName.replace(/[<>"\r\n]/g, '')} <${address}>`
}

/** A batch's idempotency key: the same messages in the same batch always get the same key. */
export function batchKeyFor(messageKeys: string[]): string {
  return `hatescale-batch/${createHash('sha256').update(messageKeys.join('\n')).digest('hex').slice(0, 40)}`
}

/**
 * HTML and plain text from one React render: render(…, { plainText: true }) renders the
 * template a second time only to convert that HTML, which doubled the dispatcher's CPU
 * per batch of 100 and kept it from calling the provider at its rate limit.
 */
async function renderBoth(element: ReturnType<typeof createElement>) {
  const html = await render(element)
  return { html, text: toPlainText(html) }
}

// NOTE: react-email's toPlainText() hands its options to html-to-text's convert(), which
// compiles them (selector parsing, a decision tree) on every call: 1.8 ms of a message's
// text, against 0.6 ms compiled once here with the same options — the same text.
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors })

/** Subject, HTML and plain text of a survey email: the one rendering both sending and previews use. */
export async function renderSurveyEmail(kind: 'invitation' | 'reminder', props: SurveyEmailProps) {
  const { html, text } = await renderBoth(createElement(kind === 'reminder' ? ReminderEmail : InvitationEmail, props))
  return { subject: kind === 'reminder' ? reminderSubject(props) : invitationSubject(props), html, text }
}

/** Messages rendered together between two turns of the event loop. */
const RENDER_GROUP = 10

/**
 * A batch of outbox messages as finished emails, ten at a time, letting waiting requests
 * in between: a batch of 100 takes ~200 ms to render. (One at a time took 300–350 ms:
 * each render awaits an import, and ten overlap those waits.)
 */
export async function renderBatch(messages: ClaimedMessage[], senderName: string): Promise<OutgoingEmail[]> {
  const emails: OutgoingEmail[] = []
  for (let i = 0; i < messages.length; i += RENDER_GROUP) {
    emails.push(...(await Promise.all(messages.slice(i, i + RENDER_GROUP).map((m) => renderMessage(m, senderName)))))
    await setImmediate()
  }
  return emails
}

/** Any outbox message as a finished email: a survey message or a letter. */
export function renderMessage(message: ClaimedMessage, senderName: string): Promise<OutgoingEmail> {
  return message.kind === 'letter' ? renderLetter(message, senderName) : renderSurveyMessage(message, senderName)
}

async function renderLetter(message: ClaimedLetter, senderName: string): Promise<OutgoingEmail> {
  const { html, text } = await renderBoth(createElement(LetterEmail, { subject: message.letterSubject, body: message.letterBody }))
  return {
    outboxId: message.outboxId,
    idempotencyKey: message.idempotencyKey,
    from: fromHeader(senderName),
    to: message.letterTo,
    subject: message.letterSubject,
    html,
    text,
    headers: { 'X-Hatescale-Message-Key': message.idempotencyKey },
  }
}

export async function renderSurveyMessage(message: ClaimedSurveyMessage, senderName: string): Promise<OutgoingEmail> {
  const props: SurveyEmailProps = {
    locale: message.locale,
    senderName,
    recipientName: message.name,
    question: waveQuestion(message.questions, message.level, message.locale),
    surveyUrl: surveyUrl(message.invitationId, message.tokenSalt),
    unsubscribeUrl: unsubscribeUrl(message.invitationId, message.tokenSalt),
    anonymity: message.anonymity,
    closesAt: message.closesAt.toISOString(),
  }
  return {
    outboxId: message.outboxId,
    idempotencyKey: message.idempotencyKey,
    from: fromHeader(senderName),
    to: message.email,
    ...(await renderSurveyEmail(message.kind, props)),
    headers: {
      'List-Unsubscribe': `<${props.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // Our own per-message key, so the provider's logs and our outbox line up.
      'X-Hatescale-Message-Key': message.idempotencyKey,
    },
  }
}

/** Resend's batch endpoint: up to 100 emails a call, one idempotency key per call. */
export function resendProvider(apiKey: string, ratePerSecond = getEnv().RESEND_RATE_PER_SECOND): EmailProvider {
  const client = new Resend(apiKey)
  return {
    name: 'resend',
    ratePerSecond,
    account: `resend:${createHash('sha256').update(apiKey).digest('hex').slice(0, 12)}`,
    async sendBatch(messages, batchKey) {
      const { data, error, headers } = await client.batch.send(
        messages.map((m) => ({
          from: m.from,
          to: [m.to],
          subject: m.subject,
          html: m.html,
          text: m.text,
          headers: m.headers,
          tags: [{ name: 'outbox_id', value: String(m.outboxId) }],
        })),
        { idempotencyKey: batchKey, batchValidation: 'permissive' },
      )
      if (error) return classifyFailure(error.statusCode ?? null, `${error.name}: ${error.message}`, headers?.['retry-after'])
      return { kind: 'accepted', ids: data.data.map((d) => d.id), rejected: data.errors ?? [] }
    },
  }
}

/** No API key: messages land in the database, readable by admins at /dev/mailbox. */
export const devMailboxProvider: EmailProvider = {
  name: 'dev-mailbox',
  account: 'dev-mailbox',
  ratePerSecond: Number.POSITIVE_INFINITY,
  async sendBatch(messages) {
    deliverToDevMailbox({ messages: messages.map(({ idempotencyKey: _k, ...m }) => m) })
    return { kind: 'accepted', ids: messages.map((m) => `dev-${m.outboxId}`), rejected: [] }
  },
}

let configured: EmailProvider | undefined

/** The process's provider (one instance, so a provider's pause holds across passes). */
export function defaultProvider(): EmailProvider {
  const key = getEnv().RESEND_API_KEY
  configured ??= key ? resendProvider(key) : devMailboxProvider
  return configured
}

/** A batch of outbox messages rendered on the server's background thread (the server's dispatcher). */
export function renderInBackground(messages: ClaimedMessage[], senderName: string): Promise<OutgoingEmail[]> {
  return askBackground<OutgoingEmail[], never, OutgoingEmail>(
    (id) => ({ kind: 'render', id, messages, senderName }),
    (reply) => (reply.kind === 'rendered' ? { value: reply.emails } : undefined),
  )
}
