import { describe, expect, it } from 'vitest'
import { LEVELS, LOCALES } from '#app/domain/vocabulary'
import { CATEGORIES, formatDate, formatNumber, messages, t } from '#app/i18n/messages'

/** Every leaf of a catalog as [dotted path, value]. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key))
  }
  return [[path, value]]
}

/** The words of a catalog: every leaf but the sentence gap (a space, or nothing in Chinese). */
const words = (catalog: unknown) => leaves(catalog).filter(([key]) => key !== 'sentenceGap')

describe('messages', () => {
  it('has a catalogue for exactly the four locales, each with the same keys, nested records included', () => {
    expect(Object.keys(messages).sort()).toEqual(['en', 'ms', 'ru', 'zh'])
    const en = leaves(messages.en).map(([key]) => key)
    for (const locale of LOCALES) {
      expect(leaves(messages[locale]).map(([key]) => key).sort(), locale).toEqual([...en].sort())
      expect(Object.keys(messages[locale].defaultQuestion).sort(), locale).toEqual([...LEVELS].sort())
      expect(Object.keys(messages[locale].categoryNames).sort(), locale).toEqual([...CATEGORIES].sort())
    }
  })

  it('has no empty strings, and every function puts its argument in', () => {
    for (const [locale, catalog] of Object.entries(messages)) {
      for (const [key, value] of words(catalog)) {
        if (typeof value === 'function') {
          const text = (value as (arg: string | number) => string)(key.endsWith('commentTooLong') || key.endsWith('currentAnswer') ? 1234 : 'Zebra')
          expect(text, `${locale}.${key}`).toMatch(/Zebra|1\D?234/)
        } else {
          expect(typeof value, `${locale}.${key}`).toBe('string')
          expect((value as string).trim(), `${locale}.${key}`).not.toBe('')
        }
      }
    }
  })

  it('always asks the hate question, in every level and every language', () => {
    for (const level of LEVELS) {
      expect(messages.en.defaultQuestion[level]).toMatch(/how much do you hate us right now\?$/)
      expect(messages.ru.defaultQuestion[level]).toMatch(/насколько сильно вы нас сейчас ненавидите\?$/)
      expect(messages.zh.defaultQuestion[level]).toMatch(/您现在有多讨厌我们？$/)
      expect(messages.ms.defaultQuestion[level]).toMatch(/sejauh mana anda benci kami sekarang\?$/)
    }
  })

  it('Chinese is written in Chinese characters, with full-width punctuation', () => {
    for (const [key, value] of words(messages.zh)) {
      const text = typeof value === 'function' ? (value as (arg: string) => string)('X') : String(value)
      expect(text, key).toMatch(/\p{Script=Han}/u)
      // A Chinese sentence does not end in an ASCII full stop or question mark.
      expect(text, key).not.toMatch(/[\p{Script=Han}][.?!]$/u)
    }
  })

  it('puts no space between Chinese sentences, one everywhere else', () => {
    expect(messages.zh.sentenceGap).toBe('')
    for (const locale of ['en', 'ru', 'ms'] as const) expect(messages[locale].sentenceGap).toBe(' ')
  })

  it('Malay is Malay: no entry is left in English', () => {
    const en = new Map(leaves(messages.en).map(([key, value]) => [key, typeof value === 'function' ? (value as (arg: string) => string)('X') : String(value)]))
    for (const [key, value] of words(messages.ms)) {
      const text = typeof value === 'function' ? (value as (arg: string) => string)('X') : String(value)
      expect(text, key).not.toBe(en.get(key))
    }
    expect(messages.ms.email.unsubscribeLink).toBe('Berhenti langganan')
  })

  it('Russian is Russian, not English or transliteration', () => {
    for (const [key, value] of words(messages.ru)) {
      const text = typeof value === 'function' ? (value as (arg: string) => string)('X') : String(value)
      expect(text, key).toMatch(/[а-яё]/i)
    }
  })

  it('falls back to English for an unknown or missing locale', () => {
    expect(t('de')).toBe(messages.en)
    expect(t(null)).toBe(messages.en)
    expect(t(undefined)).toBe(messages.en)
    expect(t('toString')).toBe(messages.en)
    expect(t('ru')).toBe(messages.ru)
    expect(t('zh')).toBe(messages.zh)
    expect(t('ms')).toBe(messages.ms)
  })

  it('formats dates per locale in UTC and survives a bad value', () => {
    expect(formatDate('en', '2030-03-01T23:30:00.000Z')).toBe('March 1, 2030')
    expect(formatDate('ru', '2030-03-01T23:30:00.000Z')).toBe('1 марта 2030 г.')
    expect(formatDate('ru', 'soon')).toBe('soon')
    expect(formatDate('zh', '2030-03-01T23:30:00.000Z')).toBe('2030年3月1日')
    expect(formatDate('ms', '2030-03-01T23:30:00.000Z')).toBe('1 Mac 2030')
    expect(formatDate('zh', 'soon')).toBe('soon')
  })

  it('formats numbers per locale', () => {
    expect(formatNumber('en', 1234.5)).toBe('1,234.5')
    // Russian groups with a no-break space and writes a decimal comma.
    expect(formatNumber('ru', 1234.5)).toBe('1\u00a0234,5')
    expect(formatNumber('zh', 1234.5)).toBe('1,234.5')
    expect(formatNumber('ms', 1234.5)).toBe('1,234.5')
  })

  it('writes the comment limit as a number of that language', () => {
    expect(messages.en.errors.commentTooLong(2000)).toContain('2,000 characters')
    expect(messages.ru.errors.commentTooLong(2000)).toContain('2\u00a0000 символов')
    expect(messages.zh.errors.commentTooLong(2000)).toContain('2,000 个字符')
    expect(messages.ms.errors.commentTooLong(2000)).toContain('2,000 aksara')
  })
})
