/* The headers every document and data response carries. Staff pages and personal-link
   pages show what clients answered and who they are: none of it may be kept by a shared
   cache or a browser's back-button store, so nothing here is cacheable (static assets are
   served before Remix and keep their own caching). */

/**
 * Scripts only from this site or carrying this response's nonce (Remix's inline hydration
 * scripts); style attributes are allowed (React renders a few inline widths), style
 * elements and sheets only from this site. Nothing may frame the app, and forms post only here.
 */
export function contentSecurityPolicy({ nonce, dev }: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The dev server's live reload talks over a websocket.
    dev ? "connect-src 'self' ws:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function setSecurityHeaders(headers: Headers, { appUrl, nonce, dev }: { appUrl: string; nonce?: string; dev: boolean }) {
  // NOTE: survey links carry a secret token in the path: never send it to another site.
  // ('no-referrer' would also blank the Origin of our own form posts, which the
  // cross-site check (app/utils/cross-site.server.ts) relies on, so same-origin it is.)
  headers.set('Referrer-Policy', 'same-origin')
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('X-Frame-Options', 'DENY')
  headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()')
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store')
  if (nonce !== undefined) headers.set('Content-Security-Policy', contentSecurityPolicy({ nonce, dev }))
  // Only over https: HSTS on a plain-http deployment would be ignored, and on localhost would stick to every local port.
  if (appUrl.startsWith('https:')) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
}
