import { describe, expect, it } from 'vitest'
import { LEVELS } from '#app/domain/vocabulary'
import { CATEGORIES, formatDate, messages, t } from '#app/i18n/messages'

/** Every leaf of a catalog as [dotted path, value]. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key))
  }
  return [[path, value]]
}

describe('messages', () => {
  it('en and ru have exactly the same keys, nested records included', () => {
    const en = leaves(messages.en).map(([key]) => key)
    const ru = leaves(messages.ru).map(([key]) => key)
    expect(ru.sort()).toEqual(en.sort())
    expect(Object.keys(messages.en.defaultQuestion).sort()).toEqual([...LEVELS].sort())
    expect(Object.keys(messages.ru.categoryNames).sort()).toEqual([...CATEGORIES].sort())
  })

  it('has no empty strings, and every function puts its argument in', () => {
    for (const [locale, catalog] of Object.entries(messages)) {
      for (const [key, value] of leaves(catalog)) {
        if (typeof value === 'function') {
          const text = (value as (arg: string | number) => string)(key.endsWith('commentTooLong') || key.endsWith('currentAnswer') ? 1234 : 'Zebra')
          expect(text, `${locale}.${key}`).toMatch(/Zebra|1234/)
        } else {
          expect(typeof value, `${locale}.${key}`).toBe('string')
          expect((value as string).trim(), `${locale}.${key}`).not.toBe('')
        }
      }
    }
  })

  it('always asks the hate question, in every level and both languages', () => {
    for (const level of LEVELS) {
      expect(messages.en.defaultQuestion[level]).toMatch(/how much do you hate us right now\?$/)
      expect(messages.ru.defaultQuestion[level]).toMatch(/насколько сильно вы нас сейчас ненавидите\?$/)
    }
  })

  it('Russian is Russian, not English or transliteration', () => {
    for (const [key, value] of leaves(messages.ru)) {
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
  })

  it('formats dates per locale in UTC and survives a bad value', () => {
    expect(formatDate('en', '2030-03-01T23:30:00.000Z')).toBe('March 1, 2030')
    expect(formatDate('ru', '2030-03-01T23:30:00.000Z')).toBe('1 марта 2030 г.')
    expect(formatDate('ru', 'soon')).toBe('soon')
  })
})
