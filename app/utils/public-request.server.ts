/* Reading request bodies defensively: every form and webhook route reads through
   here, so a body over its route's limit is refused while it streams in — never
   buffered whole first (a 57 MB form field once grew the server by 240 MB before the
   import's own 2 MB check could see it). */

import { LOCALES, type Locale } from '#app/domain/vocabulary'

export class BodyTooLargeError extends Error {}

export class RepeatedFieldError extends Error {}

/** A body of at most `maxBytes`, read without buffering more than that (declared length or not). */
export async function readSmallBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBytes) throw new BodyTooLargeError()
  if (!request.body) return Buffer.alloc(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      discardRest(reader)
      throw new BodyTooLargeError()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/** Past this much, a refused body's sender is cut off instead of read to its end. */
const DISCARD_AT_MOST = 64 * 1024 * 1024

/**
 * Reads the rest of a refused body, keeping none of it. Cancelling the stream would
 * close the connection before the 413 reaches the client, which sees only a reset.
 */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>) {
  let discarded = 0
  const next = (): Promise<void> =>
    reader.read().then(({ done, value }) => {
      if (done) return
      discarded += value.byteLength
      return discarded > DISCARD_AT_MOST ? reader.cancel() : next()
    })
  next().catch(() => {}) // the client went away: nothing left to discard
}

/**
 * A small form body. A plain urlencoded form (what the page posts) is parsed directly;
 * anything else goes through the platform's parser (multipart, charset quirks).
 */
export async function readSmallForm(request: Request, maxBytes: number): Promise<FormData> {
  const body = await readSmallBody(request, maxBytes)
  const type = request.headers.get('content-type') ?? ''
  if (isPlainUrlencoded(type)) return parsePlainForm(body.toString('utf8'))
  return new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData()
}

/** A staff form's limit: its largest text field is a few kB. */
export const MAX_FORM_BYTES = 64 * 1024

/** A form of at most `maxBytes`; larger, the action stops with 413 and nothing is read further. */
export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  try {
    return await readSmallForm(request, maxBytes)
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Response(`This form is larger than ${Math.round(maxBytes / 1024)} kB; nothing was saved.`, { status: 413 })
    throw error
  }
}

/** What a plain HTML form posts: urlencoded, UTF-8 (or no charset). */
export function isPlainUrlencoded(contentType: string): boolean {
  return /^application\/x-www-form-urlencoded\s*(;\s*charset=utf-8\s*)?$/i.test(contentType)
}

/**
 * A plain urlencoded body as form data.
 * NOTE: undici's Response.formData() costs more than the rest of an answer's parsing;
 * URLSearchParams decodes the same bytes the same way (UTF-8, + as space).
 */
export function parsePlainForm(body: string): FormData {
  const form = new FormData()
  for (const [key, value] of new URLSearchParams(body)) form.append(key, value)
  return form
}

/** Field → value, refusing a field sent twice (`intent=answer&intent=left` must not pick one). */
export function singleValues(form: FormData): Record<string, FormDataEntryValue> {
  const out: Record<string, FormDataEntryValue> = {}
  for (const [key, value] of form.entries()) {
    if (key in out) throw new RepeatedFieldError(key)
    out[key] = value
  }
  return out
}

// NOTE: a header is the visitor's to write; we read no more of it than a browser sends.
const MAX_LANGUAGE_RANGES = 20

/**
 * Best guess of a visitor's language when we have nothing better (unknown links): the
 * first language in Accept-Language, by weight, that we write in ("zh-CN", "zh-Hans",
 * "ms-MY" count as zh and ms). Anything else reads English.
 */
export function localeFromRequest(request: Request): Locale {
  const ranges = (request.headers.get('accept-language') ?? '')
    .split(',')
    .slice(0, MAX_LANGUAGE_RANGES)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find(Boolean)
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index }
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranges.map((r) => r.primary).find((p): p is Locale => (LOCALES as readonly string[]).includes(p)) ?? 'en'
}
