/* `npm run retire-links`: give outstanding invitations new links, on purpose — when a
   list of links leaked, or a wave went to the wrong people. Safe beside a running server. */
import { pathToFileURL } from 'node:url'
import { retireLinks } from '#app/services/survey-links.server'

export const HELP = `Usage: npm run retire-links [-- --wave ID]

Retires the survey and unsubscribe links of every invitation in a wave that is not
yet closed (or of one wave, with --wave): links already sent open nothing from now
on, and reminders carry new ones. Closed waves' links are left as they are. Answers
already given are kept. To retire them all at once with a new key, rotate
SESSION_SECRET instead: the server does this at its next start.

Options:
  --wave ID    only this wave's invitations
  -h, --help   show this help`

/** The command; resolves with its exit code. */
export function runRetireLinks(args: string[], { log = console.log, now = new Date() }: { log?: (line: string) => void; now?: Date } = {}): number {
  if (args.includes('--help') || args.includes('-h')) {
    log(HELP)
    return 0
  }
  let waveId: number | undefined
  if (args[0] === '--wave' && args.length === 2 && /^[1-9][0-9]*$/.test(args[1])) waveId = Number(args[1])
  else if (args.length) {
    log(`Expected nothing or --wave ID, got: ${args.join(' ')}\n\n${HELP}`)
    return 2
  }
  const retired = retireLinks({ waveId, now })
  log(`Retired the links of ${retired} invitation${retired === 1 ? '' : 's'}${waveId ? ` in wave ${waveId}` : ''}; reminders will carry new ones.`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(runRetireLinks(process.argv.slice(2)))
}
