/* Who is asking: the address of the client behind a request, for the sign-in throttle,
   the public-link limiters and the audit trail. The socket's peer is the truth unless
   TRUST_PROXY says that many proxies in front of us each append the address they saw to
   X-Forwarded-For; anything further left in that header was written by the client and
   proves nothing (rotating it must not buy a fresh throttle). */
import type { AppLoadContext } from '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Set by the server (app/server.ts) for every request. */
    clientAddress?: string
  }
}

/** Pure: the client's address given the socket's peer, the X-Forwarded-For header and the trusted hop count. */
export function clientAddressOf({ socketAddress, forwardedFor, trustedHops }: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined; trustedHops: number }): string {
  const peer = socketAddress ?? 'unknown'
  if (trustedHops === 0) return peer
  const forwarded = [forwardedFor ?? []].flat().flatMap((h) => h.split(',')).map((a) => a.trim()).filter(Boolean)
  // Each trusted proxy appended the address it saw: the peer is the last proxy, and the
  // entry `trustedHops` from the right is the first address no client could have chosen.
  const chain = [...forwarded, peer]
  return chain[Math.max(0, chain.length - 1 - trustedHops)]
}

/** The address the server put in the load context; outside it (a test calling an action) one shared key. */
export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress ?? 'unknown'
}
