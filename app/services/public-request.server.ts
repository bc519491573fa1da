/* Reading requests on the public, unauthenticated routes defensively. */

export class BodyTooLargeError extends Error {}

/** A urlencoded form body of at most `maxBytes`, read without buffering more than that. */
export async function readSmallForm(request: Request, maxBytes: number): Promise<FormData> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBytes) throw new BodyTooLargeError()
  const type = request.headers.get('content-type') ?? ''
  if (!request.body) return new FormData()
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
  const body = Buffer.concat(chunks)
  // Re-parse with the platform's form parser (urlencoded or multipart alike).
  return new Response(body, { headers: { 'content-type': type } }).formData()
}

/** Best guess of a visitor's language when we have nothing better (unknown links). */
export function localeFromRequest(request: Request): 'en' | 'ru' {
  return /^\s*ru\b/i.test(request.headers.get('accept-language') ?? '') ? 'ru' : 'en'
}
