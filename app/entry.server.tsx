/* Server entry: renders whole documents (no streaming is needed here), sets the
   security headers every page shares (a fresh CSP nonce for each document), and starts the WAL checkpoint worker and the
   scheduled work (queue, reminders, champion silence, and the outbox unless
   DISPATCHER=off) once. */
import { randomBytes } from 'node:crypto'
import { PassThrough } from 'node:stream'
import type { EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { parentPort } from 'node:worker_threads'
import { inReaderThread, startCheckpointer } from '#app/utils/db.server'
import { serveBackgroundRequests } from '#app/services/background-thread.server'
import { startScheduledWork } from '#app/services/scheduled-work.server'
import { acceptPlainSurveyPostTogether } from '#app/services/survey-post.server'
import { retireLinksIfKeyChanged } from '#app/services/survey-links.server'
import { MAX_PUBLIC_BODY_BYTES } from '#app/forms/survey'
import { getEnv } from '#app/utils/env.server'
import { NonceContext } from '#app/utils/nonce'
import { setSecurityHeaders } from '#app/utils/security-headers.server'

const ABORT_DELAY = 5_000
export const streamTimeout = ABORT_DELAY

// The server's background thread runs this build too (app/utils/background.server.ts):
// there it only serves the server's requests.
if (inReaderThread) serveBackgroundRequests(parentPort!)
else {
  const retired = retireLinksIfKeyChanged({ now: new Date() })
  if (retired) console.log(`[hatescale] the link key changed: ${retired} outstanding invitations got new links`)
  startCheckpointer()
  startScheduledWork()
}

export default function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext) {
  const nonce = randomBytes(16).toString('base64')
  setSecurityHeaders(headers, { appUrl: getEnv().APP_URL, nonce, dev: getEnv().NODE_ENV === 'development' })
  return new Promise((resolve, reject) => {
    let errored = false
    const app = (
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>
    )
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      onAllReady() {
        const body = new PassThrough()
        headers.set('Content-Type', 'text/html; charset=utf-8')
        resolve(new Response(createReadableStreamFromReadable(body), { headers, status: errored ? 500 : status }))
        pipe(body)
      },
      onShellError(error: unknown) {
        reject(error)
      },
      onError(error: unknown) {
        errored = true
        console.error(error)
      },
    })
    setTimeout(abort, ABORT_DELAY + 1000)
  })
}

export function handleDataRequest(response: Response) {
  setSecurityHeaders(response.headers, { appUrl: getEnv().APP_URL, dev: getEnv().NODE_ENV === 'development' })
  return response
}

// The production server (app/server.ts) takes a respondent's plain answer without the
// framework's request pipeline. It reaches this build's own code (one database
// connection, one set of rate limiters) through this export.
export const respondentFastPath = { accept: acceptPlainSurveyPostTogether, maxBodyBytes: MAX_PUBLIC_BODY_BYTES }
export type RespondentFastPath = typeof respondentFastPath
