/* Issue 16, point 1: Chinese and Malay respondents through the real loaders and the
   outbox. The wave is made the way waves were before those languages existed (wording
   in English and Russian only), so each person reads their level's default wording. */
import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '#app/i18n/messages'
import { loader as surveyLoader } from '#app/routes/s.$token'
import { loader as unsubscribeLoader } from '#app/routes/u.$token'
import { dispatchOnce } from '#app/services/dispatcher.server'
import { devMailboxProvider } from '#app/services/email.server'
import { missLimiter, perLinkLimiter } from '#app/services/survey-links.server'
import { makeAccount, makeStakeholder } from '#test/factories'
import { call } from '#test/route'
import { makeWave, rows, surveyToken, unsubscribeToken } from '#test/survey-factories'

beforeEach(() => {
  perLinkLimiter.reset()
  missLimiter.reset()
})

describe('a Chinese and a Malay respondent of a wave worded only in English and Russian', () => {
  it('get their email, page, follow-up and unsubscribe page in their own language', async () => {
    const account = makeAccount()
    const wei = makeStakeholder(account.id, { level: 'executor', locale: 'zh', email: 'wei@zh.test' })
    const nurul = makeStakeholder(account.id, { level: 'head', locale: 'ms', email: 'nurul@ms.test' })
    const wave = await makeWave({ accountId: account.id })
    await dispatchOnce({ provider: devMailboxProvider, now: () => new Date() })

    for (const [person, locale, level] of [[wei, 'zh', 'executor'], [nurul, 'ms', 'head']] as const) {
      const m = messages[locale]
      const invitationId = wave.invitationIds[wave.recipients.findIndex((r) => r.stakeholderId === person.id)]

      const mail = rows('select subject, text, headers from dev_mailbox where "to" = ?', person.email) as { subject: string; text: string; headers: string }[]
      expect(mail).toHaveLength(1)
      expect(mail[0].subject).toContain(m.invitation.subject('').trim())
      expect(mail[0].text).toContain(m.defaultQuestion[level])
      expect(mail[0].text).toContain(m.email.unsubscribeText)
      expect(JSON.parse(mail[0].headers)['List-Unsubscribe']).toMatch(/\/u\//)

      const token = surveyToken(invitationId)
      const page = await call(surveyLoader, `/s/${token}?score=6`, { params: { token } })
      expect(page.status).toBe(200)
      expect(page.data).toMatchObject({ state: 'open', locale, selectedScore: 6, question: m.defaultQuestion[level], followUp: m.defaultFollowUp })

      const unsubscribe = unsubscribeToken(invitationId)
      const ask = await call(unsubscribeLoader, `/u/${unsubscribe}`, { params: { token: unsubscribe } })
      expect(ask.data).toMatchObject({ state: 'ask', locale })
    }
  })
})
