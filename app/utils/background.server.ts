/* The server's background thread: the work that would otherwise hold respondents'
   requests for long on this one event loop — reading and assessing the queue's marked
   accounts, rendering a batch of emails. It runs the app's own modules (see
   background-thread.server.ts) with the database open read-only: this thread's
   connection stays the only writer, and applies what the thread hands back. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ClaimedMessage } from '#app/models/outbox.server'
import { READER_THREAD } from './db.server'
import type { OutgoingEmail } from '#app/services/email.server'
import type { Evaluation } from '#app/services/queue.server'

export type BackgroundRequest =
  | { kind: 'refresh'; id: number; now: number; limit: number; size: number }
  /** A slice was applied: the thread may send one more (it keeps at most a few unapplied). */
  | { kind: 'next'; id: number }
  | { kind: 'render'; id: number; messages: ClaimedMessage[]; senderName: string }

export type BackgroundReply =
  | { kind: 'slice'; id: number; slice: Evaluation[] }
  | { kind: 'done'; id: number }
  | { kind: 'rendered'; id: number; emails: OutgoingEmail[] }
  | { kind: 'failed'; id: number; message: string }

const here = path.dirname(fileURLToPath(import.meta.url))
// NOTE: this module runs from app/services (tests) and from build/index.js (bundled by
// Remix); the thread's program is the source either way (background-thread.mjs starts it under tsx).
const PROGRAM = [path.join(here, 'background-thread.mjs'), path.join(here, '..', 'app', 'utils', 'background-thread.mjs')].find((file) => existsSync(file))

declare global {
  // One thread per process, kept on globalThis so a dev-server rebuild starts no second one.
  var __hatescaleBackground: { worker: Worker; waiting: number } | undefined
}

function thread() {
  if (globalThis.__hatescaleBackground) return globalThis.__hatescaleBackground
  if (!PROGRAM) throw new Error('app/utils/background-thread.mjs not found: run from the project folder.')
  const worker = new Worker(pathToFileURL(PROGRAM), { workerData: READER_THREAD })
  worker.unref() // it keeps the process alive only while someone waits for it
  const current = { worker, waiting: 0 }
  worker.once('error', () => forget(current)).once('exit', () => forget(current))
  globalThis.__hatescaleBackground = current
  return current
}

/** The next request starts a new thread (this one failed or is stopping). */
function forget(current: ReturnType<typeof thread>) {
  if (globalThis.__hatescaleBackground === current) globalThis.__hatescaleBackground = undefined
}

let requests = 0

/**
 * Sends a request and hands each of its replies to `onReply` until that returns a
 * result ({ value }). A failure in the thread, a 'failed' reply or an error thrown by
 * `onReply` rejects; then the thread is replaced, so no late reply reaches anyone.
 */
export function askBackground<T>(request: (id: number) => BackgroundRequest, onReply: (reply: BackgroundReply, send: (next: BackgroundRequest) => void) => { value: T } | undefined): Promise<T> {
  const current = thread()
  const { worker } = current
  const id = ++requests
  return new Promise<T>((resolve, reject) => {
    const settle = (outcome: { value: T } | { error: unknown }) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit)
      if (--current.waiting === 0) worker.unref()
      if ('value' in outcome) return resolve(outcome.value)
      forget(current)
      void worker.terminate()
      reject(outcome.error)
    }
    const onError = (error: unknown) => settle({ error })
    const onExit = (code: number) => settle({ error: new Error(`the background thread stopped (exit code ${code})`) })
    const onMessage = (reply: BackgroundReply) => {
      if (reply.id !== id) return
      if (reply.kind === 'failed') return settle({ error: new Error(reply.message) })
      try {
        const result = onReply(reply, (next) => worker.postMessage(next))
        if (result) settle(result)
      } catch (error) {
        settle({ error })
      }
    }
    worker.on('message', onMessage).on('error', onError).on('exit', onExit)
    if (current.waiting++ === 0) worker.ref()
    worker.postMessage(request(id))
  })
}

/** A batch of outbox messages rendered on the background thread (the server's dispatcher). */
export function renderInBackground(messages: ClaimedMessage[], senderName: string): Promise<OutgoingEmail[]> {
  return askBackground(
    (id) => ({ kind: 'render', id, messages, senderName }),
    (reply) => (reply.kind === 'rendered' ? { value: reply.emails } : undefined),
  )
}
