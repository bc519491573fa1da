/* Admin settings as a workflow: stored with their audit event in one transaction. New
   triage thresholds change every item's triage, so saving them reassesses the whole
   queue (in slices on the background thread, so the server goes on answering others
   meanwhile; the admin sees the result). */
import { getSettings, saveSettings as storeSettings, type Settings } from '#app/models/settings.server'
import { db } from '#app/utils/db.server'
import { recordChange, type Actor } from './audit.server'
import { recomputeQueueInWorker } from './queue.server'

export async function saveSettings({ settings, actor }: { settings: Partial<Settings>; actor: Actor }) {
  db.transaction(() => {
    const current = getSettings()
    const before = Object.fromEntries(Object.keys(settings).map((k) => [k, current[k as keyof Settings]]))
    storeSettings(settings)
    recordChange({ actor, action: 'settings.saved', entityType: 'settings', entityId: null, accountId: null, before, after: settings })
  })
  await recomputeQueueInWorker()
}
