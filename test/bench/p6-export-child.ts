/* P6 in its own process: the app's exportResponsesCsv() against the bench database,
   drained to /dev/null; prints rows, bytes, time and the process's peak RSS (VmHWM).
   Env: DATABASE_PATH (a copy of the bench portfolio), SESSION_SECRET. */
import { once } from 'node:events'
import { createWriteStream, readFileSync } from 'node:fs'
import { parseSentimentQuery } from '#app/forms/sentiment'
import { exportResponsesCsv } from '#app/services/sentiment.server'

const memory = () => {
  const status = readFileSync('/proc/self/status', 'utf8')
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? 0)
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 }
}

const before = memory()
const started = performance.now()
const query = parseSentimentQuery(new URL('http://bench.local/sentiment/export.csv?window=365'))
const stream = exportResponsesCsv({ viewer: { id: 1, role: 'admin' }, query, now: new Date() })
const out = createWriteStream('/dev/null')
let bytes = 0
let lines = 0
for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
  bytes += chunk.byteLength
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++
  if (!out.write(chunk)) await once(out, 'drain')
}
out.end()
await once(out, 'finish')
const seconds = (performance.now() - started) / 1000
const after = memory()
console.log(JSON.stringify({ rows: lines - 1, bytes, seconds, startRssMb: before.rssMb, peakRssMb: after.hwmMb }))
