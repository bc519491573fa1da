/* CSV out (app/utils/csv.server.ts): RFC 4180 quoting, formula defusing, and a
   stream that pulls its rows lazily, a chunk at a time. */
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { CSV_CHUNK_ROWS, csvField, csvLine, csvStream } from '#app/utils/csv.server'

describe('csvField', () => {
  it('leaves plain values alone', () => {
    expect(csvField('hello world')).toBe('hello world')
    expect(csvField(42)).toBe('42')
    expect(csvField(0)).toBe('0')
    expect(csvField(null)).toBe('')
    expect(csvField(undefined)).toBe('')
  })

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('line one\nline two')).toBe('"line one\nline two"')
    expect(csvField('crlf\r\nhere')).toBe('"crlf\r\nhere"')
    expect(csvField('"')).toBe('""""')
  })

  it('defuses strings a spreadsheet would run as a formula', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)")
    expect(csvField('+1 555 0100')).toBe("'+1 555 0100")
    expect(csvField('-2+3')).toBe("'-2+3")
    expect(csvField('@cmd')).toBe("'@cmd")
    expect(csvField('\t=1')).toBe("'\t=1")
    // Defused and quoted together.
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    // Only at the start, and numbers are numbers.
    expect(csvField('a=b')).toBe('a=b')
    expect(csvField(-5)).toBe('-5')
  })

  it('writes dates as ISO 8601 UTC', () => {
    expect(csvField(new Date('2026-03-04T05:06:07.089Z'))).toBe('2026-03-04T05:06:07.089Z')
  })

  it('round-trips through a CSV parser', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'multi\nline', '', 'ünïcödé, ещё']
    const [parsed] = parse(csvLine(values)) as string[][]
    expect(parsed).toEqual(values)
  })
})

describe('csvLine', () => {
  it('joins fields with commas and ends with CRLF', () => {
    expect(csvLine(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n')
  })
})

/** A source that counts how many rows have been taken from it, and whether it was closed. */
function countingSource(total: number) {
  const state = { pulled: 0, closed: false }
  const rows = (function* () {
    try {
      for (let i = 0; i < total; i++) {
        state.pulled++
        yield { id: i, text: `row ${i}, with "quotes"` }
      }
    } finally {
      state.closed = true
    }
  })()
  return { rows, state }
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let chunks = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks++
    text += decoder.decode(value, { stream: true })
  }
  return { text: text + decoder.decode(), chunks }
}

const toLine = (r: { id: number; text: string }) => [r.id, r.text]

describe('csvStream', () => {
  it('emits the header once, then every row, in chunks, and closes', async () => {
    const { rows, state } = countingSource(25)
    const { text, chunks } = await readAll(csvStream({ header: ['id', 'text'], rows, toLine, chunkRows: 10 }))
    const records = parse(text) as string[][]
    expect(records[0]).toEqual(['id', 'text'])
    expect(records.filter((r) => r[0] === 'id')).toHaveLength(1)
    expect(records.slice(1)).toEqual(Array.from({ length: 25 }, (_, i) => [String(i), `row ${i}, with "quotes"`]))
    expect(chunks).toBe(3)
    expect(state.pulled).toBe(25)
    expect(text.endsWith('\r\n')).toBe(true)
  })

  it('with no rows (or an exact multiple of the chunk) still writes the header once and ends', async () => {
    const empty = await readAll(csvStream({ header: ['id', 'text'], rows: countingSource(0).rows, toLine, chunkRows: 10 }))
    expect(empty.text).toBe('id,text\r\n')
    const exact = await readAll(csvStream({ header: ['id', 'text'], rows: countingSource(20).rows, toLine, chunkRows: 10 }))
    expect((parse(exact.text) as string[][]).length).toBe(21)
  })

  it('is lazy: reading the first chunk takes at most one more chunk of rows from the source', async () => {
    const chunkRows = 10
    const { rows, state } = countingSource(100_000)
    const reader = csvStream({ header: ['id', 'text'], rows, toLine, chunkRows }).getReader()
    // Nothing is read before anyone asks (beyond what the stream may buffer: one chunk).
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(state.pulled).toBeLessThanOrEqual(chunkRows)

    const first = await reader.read()
    const firstLines = new TextDecoder().decode(first.value).split('\r\n').filter(Boolean)
    expect(firstLines[0]).toBe('id,text')
    expect(firstLines.length - 1).toBeLessThanOrEqual(chunkRows)
    await new Promise((resolve) => setTimeout(resolve, 10))
    // The chunk handed over plus at most one chunk buffered ahead (the stream's high-water mark).
    expect(state.pulled).toBeLessThanOrEqual(2 * chunkRows)

    for (let i = 0; i < 5; i++) await reader.read()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(state.pulled).toBeLessThanOrEqual(7 * chunkRows)
    expect(state.closed).toBe(false)

    // A client that goes away closes the source (the database iterator).
    await reader.cancel()
    expect(state.closed).toBe(true)
    expect(state.pulled).toBeLessThan(100)
  })

  it('defaults to chunks of CSV_CHUNK_ROWS rows', async () => {
    const { rows, state } = countingSource(CSV_CHUNK_ROWS * 3 + 1)
    const reader = csvStream({ header: ['id', 'text'], rows, toLine }).getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value).split('\r\n').filter(Boolean)).toHaveLength(CSV_CHUNK_ROWS + 1)
    expect(state.pulled).toBeLessThanOrEqual(2 * CSV_CHUNK_ROWS)
    await reader.cancel()
  })
})
