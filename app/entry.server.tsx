/* Server entry: renders whole documents (no streaming is needed here), sets the
   security headers every page shares, and starts the WAL checkpoint worker and the
   scheduled work (queue, reminders, champion silence, and the outbox unless
   DISPATCHER=off) once. */
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
import { MAX_PUBLIC_BODY_BYTES } from '#app/forms/survey'

const ABORT_DELAY = 5_000
export const streamTimeout = ABORT_DELAY

// The server's background thread runs this build too (app/utils/background.server.ts):
// there it only serves the server's requests.
if (inReaderThread) serveBackgroundRequests(parentPort!)
else {
  startCheckpointer()
  startScheduledWork()
}

export default function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext) {
  // NOTE: survey links carry a secret token in the path: never send it to another site.
  // ('no-referrer' would also blank the Origin of our own form posts, which Remix's
  // CSRF check then refuses, so same-origin it is.)
  headers.set('Referrer-Policy', 'same-origin')
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('X-Frame-Options', 'DENY')
  return new Promise((resolve, reject) => {
    let errored = false
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
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
  response.headers.set('Referrer-Policy', 'same-origin')
  return response
}

// The production server (app/server.ts) takes a respondent's plain answer without the
// framework's request pipeline. It reaches this build's own code (one database
// connection, one set of rate limiters) through this export.
export const respondentFastPath = { accept: acceptPlainSurveyPostTogether, maxBodyBytes: MAX_PUBLIC_BODY_BYTES }
export type RespondentFastPath = typeof respondentFastPath
