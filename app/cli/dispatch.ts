/* `npm run dispatch`: one pass of the outbox dispatcher from the command line —
   queue due reminders, then send everything due now. The server runs the same loop. */
import { dispatchOnce, enqueueDueReminders } from '../services/dispatcher.server'

const reminders = enqueueDueReminders({ now: new Date() })
const report = await dispatchOnce()
console.log(`Queued ${reminders} reminders; sent ${report.sent}, failed ${report.failed}, to retry ${report.retried} in ${report.batches} batches.`)
process.exit(0)
