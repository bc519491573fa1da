/* Server-Timing: how long a page's loader took, in the response's headers. Browsers'
   dev tools show it beside the request, and the benchmark reads it (P2) — the time
   the data took, apart from rendering and the network. */
import type { HeadersFunction } from '@remix-run/node'

/** Headers carrying the time since `startedAt` (performance.now()) as `name`. */
export function serverTiming(name: string, startedAt: number): HeadersInit {
  return { 'Server-Timing': `${name};dur=${(performance.now() - startedAt).toFixed(2)}` }
}

/** A route's `headers`: pass its loader's Server-Timing on to the document. */
export const loaderTimingHeaders: HeadersFunction = ({ loaderHeaders }) => {
  const timing = loaderHeaders.get('Server-Timing')
  return timing ? { 'Server-Timing': timing } : new Headers()
}
