/* The server's background thread: the work that would otherwise hold respondents'
   requests for long on this one event loop — reading and assessing the queue's marked
   accounts, rendering a batch of emails. It runs the app's own modules (see
   app/services/background-thread.server.ts) with the database open read-only: this thread's
   connection stays the only writer, and applies what the thread hands back. */
import { Worker } from 'node:worker_threads'
import { READER_THREAD } from './db.server'

// The protocol, generic in what it carries: plumbing knows nothing of the workflows
// (the queue's evaluations, the outbox's messages) that it moves between threads.
export type BackgroundRequest<Message = unknown> =
  | { kind: 'refresh'; id: number; now: number; limit: number; size: number }
  /** A slice was applied: the thread may send one more (it keeps at most a few unapplied). */
  | { kind: 'next'; id: number }
  | { kind: 'render'; id: number; messages: Message[]; senderName: string }

export type BackgroundReply<Slice = unknown, Email = unknown> =
  | { kind: 'slice'; id: number; slice: Slice[] }
  | { kind: 'done'; id: number }
  | { kind: 'rendered'; id: number; emails: Email[] }
  | { kind: 'failed'; id: number; message: string }

// The thread runs the same code as this module. Built, this module is part of the server
// build (build/index.js), and the thread runs that very file: its entry (entry.server.tsx)
// sees READER_THREAD and serves requests instead of starting the server's work. From the
// sources (tests, scripts under tsx), the starter beside the thread's program runs them.
const PROGRAM = import.meta.url.endsWith('.ts') ? new URL('../services/background-thread.mjs', import.meta.url) : new URL(import.meta.url)

declare global {
  // One thread per process, kept on globalThis so a dev-server rebuild starts no second one.
  var __hatescaleBackground: { worker: Worker; waiting: number } | undefined
}

function thread() {
  if (globalThis.__hatescaleBackground) return globalThis.__hatescaleBackground
  const worker = new Worker(PROGRAM, { workerData: READER_THREAD })
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
export function askBackground<T, Slice = never, Email = never>(
  request: (id: number) => BackgroundRequest,
  onReply: (reply: BackgroundReply<Slice, Email>, send: (next: BackgroundRequest) => void) => { value: T } | undefined,
): Promise<T> {
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
    const onMessage = (reply: BackgroundReply<Slice, Email>) => {
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
