/* Admin settings as a workflow: new triage thresholds change every item's triage, so
   saving them reassesses the whole queue (in slices on the background thread, so the
   server goes on answering others meanwhile; the admin sees the result). */
import { saveSettings as storeSettings, type Settings } from '#app/models/settings.server'
import { recomputeQueueInWorker } from './queue.server'

export async function saveSettings(settings: Partial<Settings>) {
  storeSettings(settings)
  await recomputeQueueInWorker()
}
