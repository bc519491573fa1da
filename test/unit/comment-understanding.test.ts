import { describe, expect, it } from 'vitest'
import { detectLanguage, sentences, understandComment, type CommentSignal } from '#app/domain/comment-understanding'

const signalsOf = (text: string): CommentSignal[] => understandComment(text).findings.map((f) => f.signal)

describe('comment understanding: the failures of issue 16', () => {
  it('a negated cancellation is not churn, in every language', () => {
    expect(signalsOf('We will not cancel')).toEqual([])
    expect(signalsOf('Мы не собираемся расторгать договор')).toEqual([])
    expect(signalsOf('我们不会取消合同。')).toEqual([])
    expect(signalsOf('Kami tidak akan membatalkan kontrak.')).toEqual([])
    expect(signalsOf('We have no plans to switch to another provider.')).toEqual([])
  })

  it('"not too expensive at all" is not budget pressure', () => {
    expect(signalsOf('not too expensive at all')).toEqual([])
    expect(signalsOf('Honestly this is way too expensive.')).toEqual(['budget'])
  })

  it('common non-renewal phrasings are the non-renewal signal', () => {
    expect(signalsOf("we won't be renewing")).toEqual(['non_renewal'])
    expect(signalsOf('We are not renewing this year.')).toEqual(['non_renewal'])
    expect(signalsOf('договор не продлим')).toEqual(['non_renewal'])
    expect(signalsOf('明年我们不续约。')).toEqual(['non_renewal'])
    expect(signalsOf('Kami tidak akan memperbaharui kontrak tahun depan.')).toEqual(['non_renewal'])
  })

  it('the text decides the language, not the profile', () => {
    expect(understandComment('Мы расторгаем договор с вами.')).toMatchObject({ language: 'ru', findings: [{ signal: 'churn', language: 'ru' }] })
    expect(detectLanguage('Kami sedang mempertimbangkan pembekal lain.')).toBe('ms')
    expect(detectLanguage('我们要终止合同。')).toBe('zh')
    expect(detectLanguage('We are terminating the contract.')).toBe('en')
  })

  it('other senses of the words stay quiet', () => {
    expect(signalsOf('не откажемся')).toEqual([])
    expect(signalsOf('Мы от вас не откажемся, не переживайте.')).toEqual([])
    expect(signalsOf('Без нормальной поддержки мы неконкурентоспособны на рынке.')).toEqual([])
    expect(signalsOf('We cancelled the weekly call')).toEqual([])
    expect(signalsOf('Please cancel the meeting on Friday, I\'m out sick.')).toEqual([])
    expect(signalsOf('我们取消了每周的例会。')).toEqual([])
    expect(signalsOf('Kami batalkan panggilan mingguan, tak ada masa.')).toEqual([])
    expect(signalsOf('Смотрим в сторону конкурента.')).toEqual(['competitor'])
  })

  it('sentences are not cut at "e.g." or "т.е."', () => {
    expect(sentences('Reports are slow, e.g. The monthly one. We are fine otherwise.')).toEqual(['Reports are slow, e.g. The monthly one.', 'We are fine otherwise.'])
    expect(sentences('Есть ошибки, т.е. В выгрузке счетов. Исправьте.')).toEqual(['Есть ошибки, т.е. В выгрузке счетов.', 'Исправьте.'])
  })

  it('the evidence is the client\u2019s own sentence, in a mixed-language comment too', () => {
    expect(understandComment('Support ok. 我们不续约了。').findings).toEqual([{ signal: 'non_renewal', sentence: '我们不续约了。', matched: '不续约', language: 'zh' }])
    expect(understandComment('Все хорошо с поддержкой. But we will cancel the contract in June.').findings).toEqual([
      { signal: 'churn', sentence: 'But we will cancel the contract in June.', matched: 'cancel the contract', language: 'en' },
    ])
  })
})
