/* `npm run corpus`: the precision/recall table per language and signal, language detection,
   and exit code 1 when a target misses. `--misses` lists every comment scored wrong. */
import { evaluateCorpus, TARGETS } from './evaluate'

const { scores, misses, detection, sizes } = evaluateCorpus()
const pct = (n: number) => n.toFixed(2)
const pad = (s: string | number, n: number) => String(s).padEnd(n)

console.log(`${pad('lang', 5)}${pad('signal', 13)}${pad('prec', 6)}${pad('recall', 7)}${pad('TP', 4)}${pad('FP', 4)}${pad('FN', 4)}${pad('target P/R', 12)}ok`)
for (const s of scores) {
  const t = TARGETS[s.signal]
  console.log(`${pad(s.language, 5)}${pad(s.signal, 13)}${pad(pct(s.precision), 6)}${pad(pct(s.recall), 7)}${pad(s.tp, 4)}${pad(s.fp, 4)}${pad(s.fn, 4)}${pad(`${t.precision}/${t.recall}`, 12)}${s.met ? 'yes' : 'MISS'}`)
}
console.log('\nlanguage detection (single-language comments):')
for (const d of detection) console.log(`${pad(d.language, 5)}${pct(d.accuracy)}  (${d.correct}/${d.total}; corpus size ${sizes[d.language]})`)
if (process.argv.includes('--misses')) {
  console.log('\nscored wrong:')
  for (const m of misses) console.log(`${m.language}  want [${m.expected.join(',')}] got [${m.found.join(',')}]  ${m.text}`)
  for (const d of detection) for (const w of d.wrong) console.log(`${d.language}  detected  ${w}`)
}
const failed = scores.filter((s) => !s.met)
if (failed.length) {
  console.log(`\nTargets missed: ${failed.map((s) => `${s.language}/${s.signal}`).join(', ')}`)
  process.exit(1)
}
console.log('\nAll targets met.')
