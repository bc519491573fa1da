/* The server's background thread (see app/utils/background.server.ts). Its modules open the
   database read-only (db.server.ts): it reads, assesses and renders, and hands the
   results back to the server, which writes them. */
import os from 'node:os'
import type { MessagePort } from 'node:worker_threads'
import type { ClaimedMessage } from '#app/models/outbox.server'
import type { BackgroundReply as Reply, BackgroundRequest as Request } from '#app/utils/background.server'
import { renderBatch, type OutgoingEmail } from './email.server'
import { evaluationSlices, type Evaluation } from './queue.server'

type BackgroundRequest = Request<ClaimedMessage>
type BackgroundReply = Reply<Evaluation, OutgoingEmail>

let port: MessagePort | null = null
const reply = (message: BackgroundReply) => port!.postMessage(message)

/**
 * A refresh in progress: one slice sent and not yet applied, and the next one already
 * read. The server handles the messages waiting for it in one go, including those that
 * arrive meanwhile: an unbounded stream of slices stalled it for seconds, and even three
 * out at a time gave answers a p99 of 150–250 ms during the start-up recompute (one: 20–75
 * ms). One at a time leaves this thread waiting for each round trip (a warm daily
 * recompute at 10k accounts: 3.7 s, against 2.5 s with three).
 */
const SLICES_OUT = 1
let refresh: { id: number; replies: Generator<BackgroundReply>; ahead: IteratorResult<BackgroundReply>; out: number } | null = null

function* refreshReplies({ id, now, limit, size }: Extract<BackgroundRequest, { kind: 'refresh' }>): Generator<BackgroundReply> {
  for (const slice of evaluationSlices({ now: new Date(now), limit, size })) yield { kind: 'slice', id, slice }
  yield { kind: 'done', id }
}

function sendAhead() {
  while (refresh && !refresh.ahead.done && refresh.out < SLICES_OUT) {
    reply(refresh.ahead.value)
    refresh.out++
    refresh.ahead = refresh.replies.next()
  }
}

/** Serves the server's requests on this thread's port (started by the thread's entry:
    the build's entry.server, or background-thread.mjs from the sources). */
export function serveBackgroundRequests(parent: MessagePort) {
  // Background work: on Linux this lowers this thread's priority only, so that on a busy
  // machine the server's own thread (answers, pages) gets the cores first.
  try {
    os.setPriority(10)
  } catch {
    // not permitted here: the thread runs at the server's priority
  }
  port = parent
  parent.on('message', handle)
}

function handle(request: BackgroundRequest) {
  try {
    switch (request.kind) {
      case 'refresh': {
        const replies = refreshReplies(request)
        refresh = { id: request.id, replies, ahead: replies.next(), out: 0 }
        return sendAhead()
      }
      case 'next':
        if (refresh?.id === request.id) {
          refresh.out--
          sendAhead()
        }
        return
      case 'render':
        renderBatch(request.messages, request.senderName).then(
          (emails) => reply({ kind: 'rendered', id: request.id, emails }),
          (error: unknown) => reply({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) }),
        )
        return
    }
  } catch (error) {
    reply({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) })
  }
}
