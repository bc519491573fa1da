import { render } from '@react-email/render'
import { createElement } from 'react'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '#app/domain/vocabulary'
import { t } from '#app/i18n/messages'
import InvitationEmail, { previewProps as invitationPreview } from '#emails/invitation'
import ReminderEmail, { previewProps as reminderPreview } from '#emails/reminder'
import { invitationSubject, reminderSubject } from '#emails/subjects'
import type { SurveyEmailProps } from '#emails/survey-email-layout'
import { renderSurveyEmail, renderSurveyMessage } from '#app/services/email.server'
import type { ClaimedSurveyMessage } from '#app/models/outbox.server'

const base: SurveyEmailProps = {
  locale: 'en',
  senderName: 'Northwind Services',
  recipientName: 'Dana Smith',
  question: 'How much do you hate us right now?',
  surveyUrl: 'https://app.test/s/tok-123',
  unsubscribeUrl: 'https://app.test/u/tok-123',
  anonymity: 'confidential',
  closesAt: '2030-03-01T17:00:00.000Z',
}

const templates = [
  ['invitation', InvitationEmail],
  ['reminder', ReminderEmail],
] as const

async function renderBoth(Email: (p: SurveyEmailProps) => React.ReactElement, props: SurveyEmailProps) {
  const el = createElement(Email, props)
  return { html: await render(el), text: await render(el, { plainText: true }) }
}

function scoreLinks(html: string) {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]).filter((href) => href.includes('score='))
}

describe.each(templates)('%s email', (_name, Email) => {
  it.each(LOCALES)('in %s: eleven score links, the unsubscribe link and the lang attribute', async (locale) => {
    const { html, text } = await renderBoth(Email, { ...base, locale })
    const expected = Array.from({ length: 11 }, (_, n) => `${base.surveyUrl}?score=${n}`)
    expect(scoreLinks(html)).toEqual(expected)
    for (const url of expected) expect(text).toContain(url)
    // "?score=1" is a prefix of "?score=10": count whole URLs in the text part.
    expect(text.match(/\?score=\d+/g)).toHaveLength(11)
    expect(html).toContain(`href="${base.unsubscribeUrl}"`)
    expect(text).toContain(base.unsubscribeUrl)
    expect(html).toMatch(new RegExp(`<html[^>]*lang="${locale}"`))
    const m = t(locale)
    expect(text).toContain(m.scaleLow)
    expect(text).toContain(m.scaleHigh)
    expect(text).toContain(m.email.clickHint)
    expect(text).toContain(base.question)
    expect(text).toContain(base.senderName)
  })

  it('says how answers are used, differently for named and confidential waves', async () => {
    const named = await renderBoth(Email, { ...base, anonymity: 'named' })
    const confidential = await renderBoth(Email, { ...base, anonymity: 'confidential' })
    expect(named.text).toContain(t('en').usage.named(base.senderName))
    expect(confidential.text).toContain(t('en').usage.confidential(base.senderName))
    expect(named.text).not.toContain(t('en').usage.confidential(base.senderName))
  })

  it('writes Russian to a Russian reader, with a Russian close date', async () => {
    const { text } = await renderBoth(Email, { ...base, locale: 'ru' })
    expect(text).toContain('Здравствуйте, Dana Smith!')
    expect(text).toContain('1 марта 2030 г.')
    expect(text).toContain(t('ru').email.unsubscribeLink)
    expect(text).not.toContain(t('en').email.clickHint)
  })

  it('writes Chinese to a Chinese reader: greeting, zh-CN close date and the unsubscribe text', async () => {
    const { html, text } = await renderBoth(Email, { ...base, locale: 'zh' })
    expect(html).toMatch(/<html[^>]*lang="zh"/)
    expect(text).toContain('Dana Smith，您好：')
    expect(text).toContain('2030年3月1日之前，您都可以作答或修改答案。')
    // No space between Chinese sentences.
    expect(text).toContain('您收到这封邮件，是因为贵公司与 Northwind Services 有合作。不想再收到调查邮件？')
    expect(text).toContain('退订')
    expect(text).toContain('0 = 一点也不')
    expect(text).not.toContain(t('en').email.clickHint)
  })

  it('writes Malay to a Malay reader: greeting, ms-MY close date and the unsubscribe text', async () => {
    const { html, text } = await renderBoth(Email, { ...base, locale: 'ms' })
    expect(html).toMatch(/<html[^>]*lang="ms"/)
    expect(text).toContain('Hai Dana Smith,')
    expect(text).toContain('sehingga 1 Mac 2030.')
    expect(text).toContain('Tidak mahu menerima e-mel tinjauan ini?')
    expect(text).toContain('Berhenti langganan')
    expect(text).toContain('0 = langsung tidak')
    expect(text).not.toContain(t('en').email.clickHint)
  })

  it('has preview props that render', async () => {
    expect(Email.PreviewProps).toBeDefined()
    const { html } = await renderBoth(Email, Email.PreviewProps)
    expect(scoreLinks(html)).toHaveLength(11)
  })
})

describe('subjects', () => {
  it('name the sender in the reader’s language', () => {
    expect(invitationSubject({ locale: 'en', senderName: 'Acme' })).toBe('Acme: how much do you hate us right now?')
    expect(invitationSubject({ locale: 'ru', senderName: 'Acme' })).toContain('ненавидите')
    expect(reminderSubject({ locale: 'en', senderName: 'Acme' })).toContain('Acme')
    expect(reminderSubject({ locale: 'ru', senderName: 'Acme' })).toMatch(/^Напоминание от Acme/)
  })

  it('are written in Chinese and Malay for those readers', () => {
    expect(invitationSubject({ locale: 'zh', senderName: 'Acme' })).toBe('Acme：您现在有多讨厌我们？')
    expect(reminderSubject({ locale: 'zh', senderName: 'Acme' })).toBe('Acme 提醒：您现在有多讨厌我们？')
    expect(invitationSubject({ locale: 'ms', senderName: 'Acme' })).toBe('Acme: sejauh mana anda benci kami sekarang?')
    expect(reminderSubject({ locale: 'ms', senderName: 'Acme' })).toBe('Peringatan daripada Acme: sejauh mana anda benci kami sekarang?')
  })

  it('named previews exist for both templates', () => {
    expect(invitationPreview).toBe(InvitationEmail.PreviewProps)
    expect(reminderPreview).toBe(ReminderEmail.PreviewProps)
  })
})

describe('an empty question', () => {
  it('still asks the hate question', async () => {
    const { text } = await renderBoth(InvitationEmail, { ...base, question: '' })
    expect(text).toContain(t('en').survey.pageTitle)
  })
})

describe('the plain text sent', () => {
  // The sender converts the HTML with html-to-text compiled once (app/services/email.server.ts):
  // it must be exactly what react-email's own plain-text render gives.
  it.each(templates)('of the %s email is react-email’s own plain text, in every language', async (name, Email) => {
    for (const locale of LOCALES) {
      const props = { ...base, locale, anonymity: locale === 'en' ? ('named' as const) : base.anonymity }
      const sent = await renderSurveyEmail(name, props)
      expect(sent.text).toBe((await renderBoth(Email, props)).text)
      expect(sent.text).toContain(`${base.surveyUrl}?score=10`)
    }
  })
})

describe('a survey message as sent', () => {
  const message = (locale: 'zh' | 'ms'): ClaimedSurveyMessage => ({
    outboxId: 7,
    idempotencyKey: 'key-7',
    attempts: 0,
    batchKey: null,
    kind: 'invitation',
    invitationId: 42,
    tokenSalt: 'salt',
    locale,
    level: 'head',
    name: 'Wei Chen',
    email: 'wei@client.test',
    // A wave stored before Chinese and Malay existed: wording in English and Russian only.
    questions: { head: { en: 'Old English wording?', ru: 'Старая формулировка?' } },
    anonymity: 'confidential',
    closesAt: new Date('2030-03-01T17:00:00.000Z'),
  })

  it.each(['zh', 'ms'] as const)('in %s: subject, the level’s default question in that language, and List-Unsubscribe', async (locale) => {
    const sent = await renderSurveyMessage(message(locale), 'Acme')
    const m = t(locale)
    expect(sent.subject).toBe(m.invitation.subject('Acme'))
    expect(sent.text).toContain(m.defaultQuestion.head)
    expect(sent.text).not.toContain('Old English wording?')
    expect(sent.text).toContain(m.email.unsubscribeText)
    expect(sent.text).toContain(m.email.unsubscribeLink)
    expect(sent.headers['List-Unsubscribe']).toMatch(/^<https?:\/\/[^>]+\/u\/[^>]+>$/)
    expect(sent.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
  })
})
