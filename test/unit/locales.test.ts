/* Issue 16, point 1: respondents read English, Russian, Chinese or Malay. What picks the
   language (Accept-Language for unknown links), what old waves say in a new language,
   and what the import and the stakeholder form accept. */
import { describe, expect, it } from 'vitest'
import { planImport } from '#app/domain/stakeholder-import'
import { LOCALES } from '#app/domain/vocabulary'
import { StakeholderSchema } from '#app/forms/accounts'
import { messages, waveFollowUp, waveQuestion } from '#app/i18n/messages'
import { localeFromRequest } from '#app/utils/public-request.server'

const withLanguage = (value?: string) => new Request('https://app.test/s/nope', value === undefined ? {} : { headers: { 'accept-language': value } })

describe('localeFromRequest', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['ZH', 'zh'],
    ['ms-MY,ms;q=0.9', 'ms'],
    ['ms', 'ms'],
    ['ru-RU,ru;q=0.9,en-US;q=0.8', 'ru'],
    ['en-GB,en;q=0.9', 'en'],
    // The first language we write in, by weight then by order.
    ['de-DE,de;q=0.9,ms;q=0.8,en;q=0.7', 'ms'],
    ['en;q=0.5,zh;q=0.9', 'zh'],
    ['fr, ru;q=0', 'en'],
    // "msa" and "zhx" are other languages, not Malay or Chinese.
    ['msa, zhx', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['*', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(localeFromRequest(withLanguage(header))).toBe(locale)
  })
})

describe('a wave stored before Chinese and Malay existed', () => {
  const questions = { executor: { en: 'Old executor wording?', ru: 'Старый вопрос?' }, top: { en: 'Old top wording?', ru: 'Старый вопрос наверх?' } }
  const followUp = { en: 'What first?', ru: 'Что сначала?' }

  it('asks a Chinese or Malay person the default question of their level, in their language', () => {
    expect(waveQuestion(questions, 'executor', 'zh')).toBe(messages.zh.defaultQuestion.executor)
    expect(waveQuestion(questions, 'top', 'ms')).toBe(messages.ms.defaultQuestion.top)
    expect(waveFollowUp(followUp, 'zh')).toBe(messages.zh.defaultFollowUp)
    expect(waveFollowUp(followUp, 'ms')).toBe(messages.ms.defaultFollowUp)
  })

  it('keeps the wave’s own wording where it has some', () => {
    expect(waveQuestion(questions, 'executor', 'en')).toBe('Old executor wording?')
    expect(waveQuestion(questions, 'top', 'ru')).toBe('Старый вопрос наверх?')
    expect(waveFollowUp(followUp, 'ru')).toBe('Что сначала?')
    // A level the wave has no wording for at all, or a blank one, reads the default too.
    expect(waveQuestion(questions, 'head', 'en')).toBe(messages.en.defaultQuestion.head)
    expect(waveQuestion({ ...questions, top: { en: '  ', zh: '我们的问题？' } }, 'top', 'en')).toBe(messages.en.defaultQuestion.top)
    expect(waveQuestion({ ...questions, top: { en: '  ', zh: '我们的问题？' } }, 'top', 'zh')).toBe('我们的问题？')
  })
})

describe('the stakeholder form and the CSV import', () => {
  const person = { name: 'Wei Chen', email: 'wei@acme.test', level: 'head', role: 'user' }

  it.each(LOCALES)('the form accepts %s', (locale) => {
    expect(StakeholderSchema.parse({ ...person, locale }).locale).toBe(locale)
  })

  it('the form refuses another language with the list of the four', () => {
    const result = StakeholderSchema.safeParse({ ...person, locale: 'de' })
    expect(result.error?.issues[0]).toMatchObject({ path: ['locale'], message: 'Choose a language: en, ru, zh, ms.' })
  })

  it('the import takes zh and ms (any case) and names the four codes for anything else', () => {
    const acme = { id: 1, name: 'Acme', domain: 'acme.test' }
    const row = (email: string, locale: string) => ({ name: 'Someone', email, level: 'executor', role: 'user', locale })
    const plan = planImport({
      records: [row('wei@acme.test', 'zh'), row('aisyah@acme.test', ' MS '), row('olga@acme.test', 'ru'), row('dan@acme.test', ''), row('hans@acme.test', 'de'), row('li@acme.test', 'zh-TW')],
      targets: [acme],
      existing: [],
      intoAccount: acme,
    })
    expect(plan.good.map((g) => [g.values.email, g.values.locale])).toEqual([
      ['wei@acme.test', 'zh'],
      ['aisyah@acme.test', 'ms'],
      ['olga@acme.test', 'ru'],
      ['dan@acme.test', 'en'],
    ])
    expect(plan.bad.map((b) => [b.line, b.reason])).toEqual([
      [6, 'Unknown language "de" (use en (English), ru (Russian), zh (Simplified Chinese) or ms (Malay)).'],
      [7, 'Unknown language "zh-TW" (use en (English), ru (Russian), zh (Simplified Chinese) or ms (Malay)).'],
    ])
  })
})
