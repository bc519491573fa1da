/* Personal link tokens. Each invitation has a random 256-bit salt; its survey and
   unsubscribe MACs are HMACs of that salt under a server key, so they can be
   re-derived when a message is rendered, yet the database stores only their
   SHA-256 hashes: a copy of the database alone opens nothing.
   A link is `<invitation id>.<MAC>` (invitations.link_format 2): the id finds the row by
   primary key and the MAC, hashed and compared in constant time, proves the link.
   Links sent before 2026-12-03 are the bare MAC (format 1), found through unique
   indexes on the hashes. Those indexes now hold format-1 rows only: a random 256-bit
   hash lands on a random page of a large index, so a 10,000-invitation wave dirtied
   ~37,000 index pages — most of its time.
   NOTE: the key comes from SESSION_SECRET. Rotating it would leave links already sent
   working and make new reminders' links fail, so the server notices a new key at start
   and gives every outstanding invitation new links (retireLinks in
   app/services/survey-links.server.ts; `npm run retire-links` does it on purpose). */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { getEnv } from './env.server'

export type LinkPurpose = 'survey' | 'unsubscribe'

let key: { secret: string; value: Buffer } | undefined
function linkKey(): Buffer {
  const secret = getEnv().SESSION_SECRET
  if (key?.secret !== secret) key = { secret, value: createHmac('sha256', secret).update('hatescale/link-tokens/v1').digest() }
  return key.value
}

/** A name for the current key that reveals nothing of it: stored, it tells a start that the key changed. */
export function linkKeyId(): string {
  return createHash('sha256').update(linkKey()).digest('hex').slice(0, 16)
}

const SALT_BYTES = 32

export function newTokenSalt(): string {
  return randomBytes(SALT_BYTES).toString('base64url')
}

/** `count` salts from one draw of the system's randomness (a wave needs thousands; a draw each cost more than the rest of the hashing). */
export function newTokenSalts(count: number): string[] {
  const bytes = randomBytes(SALT_BYTES * count)
  return Array.from({ length: count }, (_, i) => bytes.subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES).toString('base64url'))
}

export function deriveToken(purpose: LinkPurpose, salt: string): string {
  return createHmac('sha256', linkKey()).update(`${purpose}:${salt}`).digest('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Everything an invitation row stores about its links. */
export function invitationLinkHashes(salt: string) {
  return {
    tokenSalt: salt,
    tokenHash: hashToken(deriveToken('survey', salt)),
    unsubscribeHash: hashToken(deriveToken('unsubscribe', salt)),
  }
}

/** The token in an invitation's link: its id, then the MAC. */
export function linkToken(purpose: LinkPurpose, invitationId: number, salt: string): string {
  return `${invitationId}.${deriveToken(purpose, salt)}`
}

const NAMED_TOKEN = /^([1-9][0-9]{0,14})\.([A-Za-z0-9_-]{43})$/

/** A format-2 token's parts, or null for anything else (a format-1 token, or no token at all). */
export function parseLinkToken(token: string): { invitationId: number; mac: string } | null {
  const match = NAMED_TOKEN.exec(token)
  return match ? { invitationId: Number(match[1]), mac: match[2] } : null
}

/** Whether `mac` hashes to the stored hash, compared in constant time. */
export function macMatchesHash(mac: string, storedHash: string): boolean {
  const stored = Buffer.from(storedHash, 'hex')
  const given = createHash('sha256').update(mac).digest()
  return stored.length === given.length && timingSafeEqual(stored, given)
}

export function surveyUrl(invitationId: number, salt: string): string {
  return `${getEnv().APP_URL}/s/${linkToken('survey', invitationId, salt)}`
}

export function unsubscribeUrl(invitationId: number, salt: string): string {
  return `${getEnv().APP_URL}/u/${linkToken('unsubscribe', invitationId, salt)}`
}
