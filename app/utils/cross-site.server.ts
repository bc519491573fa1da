/* Refusing cross-site writes. A browser names where a request comes from (Origin, and
   Sec-Fetch-Site in current browsers); a state-changing request from another site — or
   another subdomain, which SameSite=Lax cookies do not stop — is refused before any
   action runs, whatever the URL form (a document POST, `?_data=`, `.data`).
   A request naming no origin at all is not from a browser page (curl, a CLI, a test) and
   carries no ambient cookie a page could borrow. */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Paths whose writes are proven by their own credential, not by a cookie: signed
    webhooks, and one-click unsubscribe, which mail providers POST from their own site
    (RFC 8058) with the link's token as the only proof. */
const OWN_CREDENTIAL = [/^\/webhooks\//, /^\/u\/[^/]+$/]

export function isCrossSiteWrite({
  method,
  path,
  origin,
  secFetchSite,
  allowedOrigins,
}: {
  method: string
  path: string
  origin: string | null
  secFetchSite: string | null
  allowedOrigins: readonly string[]
}): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false
  if (OWN_CREDENTIAL.some((p) => p.test(path))) return false
  if (secFetchSite === 'cross-site' || secFetchSite === 'same-site') return true
  // "null" is what a sandboxed frame or a cross-origin redirect sends: not us.
  if (origin !== null) return !allowedOrigins.includes(origin)
  return false
}

export const CROSS_SITE_REFUSAL = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Refused · Hatescale</title></head><body><main><h1>Refused</h1><p>This form was sent from another site, so Hatescale did not act on it. Open Hatescale itself and try again.</p></main></body></html>`
