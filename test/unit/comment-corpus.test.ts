import { describe, expect, it } from 'vitest'
import { evaluateCorpus } from '#test/corpus/evaluate'

describe('comment understanding against the labelled corpus (npm run corpus)', () => {
  const { scores, sizes, detection } = evaluateCorpus()

  it('holds at least 130 comments per language', () => {
    for (const size of Object.values(sizes)) expect(size).toBeGreaterThanOrEqual(130)
  })

  it('meets the precision and recall targets per language and signal', () => {
    expect(scores.filter((s) => !s.met).map((s) => `${s.language}/${s.signal} P=${s.precision.toFixed(2)} R=${s.recall.toFixed(2)}`)).toEqual([])
  })

  it('detects the language of single-language comments', () => {
    for (const d of detection) expect(d.accuracy, `${d.language}: ${d.wrong.join(' | ')}`).toBeGreaterThanOrEqual(0.95)
  })
})
