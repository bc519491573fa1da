/* Scores app/domain/comment-understanding against the labelled corpus (issue 16): precision and
   recall per language and signal, language detection on single-language comments, and the targets. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { COMMENT_LANGUAGES, COMMENT_SIGNALS, understandComment, type CommentLanguage, type CommentSignal } from '#app/domain/comment-understanding'

export type CorpusItem = { text: string; signals: CommentSignal[]; tags?: string[] }

/** Hard triggers must almost never cry wolf; the softer signals cost health points only. */
export const TARGETS: Record<CommentSignal, { precision: number; recall: number }> = {
  churn: { precision: 0.95, recall: 0.9 },
  non_renewal: { precision: 0.95, recall: 0.9 },
  competitor: { precision: 0.85, recall: 0.8 },
  budget: { precision: 0.85, recall: 0.8 },
}

export type Score = { language: CommentLanguage; signal: CommentSignal; tp: number; fp: number; fn: number; precision: number; recall: number; met: boolean }
export type Miss = { language: CommentLanguage; text: string; expected: CommentSignal[]; found: CommentSignal[] }
export type Detection = { language: CommentLanguage; correct: number; total: number; accuracy: number; wrong: string[] }

export function loadCorpus(language: CommentLanguage): CorpusItem[] {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./${language}.json`, import.meta.url)), 'utf8')) as CorpusItem[]
}

export function evaluateCorpus() {
  const scores: Score[] = []
  const misses: Miss[] = []
  const detection: Detection[] = []
  for (const language of COMMENT_LANGUAGES) {
    const items = loadCorpus(language)
    const counts = Object.fromEntries(COMMENT_SIGNALS.map((s) => [s, { tp: 0, fp: 0, fn: 0 }])) as Record<CommentSignal, { tp: number; fp: number; fn: number }>
    const d: Detection = { language, correct: 0, total: 0, accuracy: 0, wrong: [] }
    for (const item of items) {
      const result = understandComment(item.text)
      const found = [...new Set(result.findings.map((f) => f.signal))]
      for (const s of COMMENT_SIGNALS) {
        const want = item.signals.includes(s)
        const got = found.includes(s)
        if (want && got) counts[s].tp++
        else if (got) counts[s].fp++
        else if (want) counts[s].fn++
      }
      if (found.length !== item.signals.length || found.some((s) => !item.signals.includes(s))) misses.push({ language, text: item.text, expected: item.signals, found })
      // detection is measured on single-language comments only: mixed and wrong-profile ones have no one answer
      if (!item.tags?.some((t) => t === 'mixed' || t === 'wrong-profile')) {
        d.total++
        if (result.language === language) d.correct++
        else d.wrong.push(`${item.text} → ${result.language}`)
      }
    }
    d.accuracy = d.total ? d.correct / d.total : 1
    detection.push(d)
    for (const signal of COMMENT_SIGNALS) {
      const { tp, fp, fn } = counts[signal]
      const precision = tp + fp ? tp / (tp + fp) : 1
      const recall = tp + fn ? tp / (tp + fn) : 1
      scores.push({ language, signal, tp, fp, fn, precision, recall, met: precision >= TARGETS[signal].precision && recall >= TARGETS[signal].recall })
    }
  }
  return { scores, misses, detection, sizes: Object.fromEntries(COMMENT_LANGUAGES.map((l) => [l, loadCorpus(l).length])) as Record<CommentLanguage, number> }
}
