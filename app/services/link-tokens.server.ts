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

export function newTokenSalt(): string {
  return randomBytes(32).toString('base64url')
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
