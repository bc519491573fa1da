/* `npm run dispatch`: send what is due in the outbox, once, from the command line — for
   a server started with DISPATCHER=off (its other scheduled work, reminders included,
   runs either way), or to flush the outbox with no server at all. */
import { pathToFileURL } from 'node:url'
import { dispatchOnce } from '#app/services/dispatcher.server'
import type { EmailProvider } from '#app/services/email.server'

export const HELP = `Usage: npm run dispatch [-- --help]

Sends every message due in the outbox now (invitations, reminders, alerts, letters),
in batches of up to 100, once, then exits. It queues nothing: due reminders, the
at-risk queue and champion silence are the server's scheduled work, which runs
whatever DISPATCHER says. With DISPATCHER=off the server sends no email, and this
command is how it goes out. Safe beside a running server: a message is sent once.

Options:
  -h, --help   show this help`

export type DispatchIO = { log?: (line: string) => void; provider?: EmailProvider }

/** The command; resolves with its exit code. */
export async function runDispatch(args: string[], { log = console.log, provider }: DispatchIO = {}): Promise<number> {
  const unknown = args.find((arg) => arg !== '--help' && arg !== '-h')
  if (unknown !== undefined) {
    log(`Unknown option: ${unknown}\n\n${HELP}`)
    return 2
  }
  if (args.length) {
    log(HELP)
    return 0
  }
  const report = await dispatchOnce({ provider })
  log(`Sent ${report.sent}, failed ${report.failed}, to retry ${report.retried} in ${report.batches} batches${report.rateLimited ? ' (the provider asked us to wait: run again later)' : ''}.`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(await runDispatch(process.argv.slice(2)))
}
