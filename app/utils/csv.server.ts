/* CSV out, streamed: rows are pulled from a database iterator a chunk at a time,
   so a million-row export neither buffers in memory nor holds a request open idle. */

export const CSV_CHUNK_ROWS = 500

/** RFC 4180 quoting; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  let s = value instanceof Date ? value.toISOString() : String(value)
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n'
}

export function csvStream<T>({ header, rows, toLine, chunkRows = CSV_CHUNK_ROWS }: { header: string[]; rows: Iterator<T>; toLine: (row: T) => unknown[]; chunkRows?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let started = false
  // highWaterMark 0: nothing is read from the database before the client asks for it.
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let text = started ? '' : csvLine(header)
        started = true
        for (let i = 0; i < chunkRows; i++) {
          const next = rows.next()
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text))
            controller.close()
            return
          }
          text += csvLine(toLine(next.value))
        }
        controller.enqueue(encoder.encode(text))
      },
      cancel() {
        // Closes the database iterator when the client goes away mid-download.
        rows.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}
