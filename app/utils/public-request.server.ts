/* Reading requests on the public, unauthenticated routes defensively. */

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
      await reader.cancel()
      throw new BodyTooLargeError()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
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

/** Best guess of a visitor's language when we have nothing better (unknown links). */
export function localeFromRequest(request: Request): 'en' | 'ru' {
  return /^\s*ru\b/i.test(request.headers.get('accept-language') ?? '') ? 'ru' : 'en'
}
