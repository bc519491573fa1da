/* Personal link tokens. Each invitation has a random 256-bit salt; its survey and
   unsubscribe tokens are HMACs of that salt under a server key, so they can be
   re-derived when a message is rendered, yet the database stores only their
   SHA-256 hashes: a copy of the database alone opens nothing.
   NOTE: rotating SESSION_SECRET therefore retires every outstanding link. */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { getEnv } from './env.server'

type Purpose = 'survey' | 'unsubscribe'

let key: Buffer | undefined
function linkKey(): Buffer {
  key ??= createHmac('sha256', getEnv().SESSION_SECRET).update('hatescale/link-tokens/v1').digest()
  return key
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

export function deriveToken(purpose: Purpose, salt: string): string {
  return createHmac('sha256', linkKey()).update(`${purpose}:${salt}`).digest('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Everything an invitation row stores about its links. */
export function invitationLinkHashes(salt: string) {
  return { tokenSalt: salt, tokenHash: hashToken(deriveToken('survey', salt)), unsubscribeHash: hashToken(deriveToken('unsubscribe', salt)) }
}


export function surveyUrl(salt: string): string {
  return `${getEnv().APP_URL}/s/${deriveToken('survey', salt)}`
}

export function unsubscribeUrl(salt: string): string {
  return `${getEnv().APP_URL}/u/${deriveToken('unsubscribe', salt)}`
}
