/* Admin-editable settings, stored as JSON with defaults in code. */
import { eq } from 'drizzle-orm'
import { settings } from '#db/schema'
import { TRIAGE_DEFAULTS, type TriageSettings } from '#app/domain/triage'
import { db } from '#app/utils/db.server'

export const SETTING_DEFAULTS = {
  /** The name recipients see as the sender of survey emails. */
  senderName: 'Hatescale',
  /** The at-risk queue's triage thresholds (app/domain/triage.ts). */
  ...TRIAGE_DEFAULTS,
}
export type Settings = typeof SETTING_DEFAULTS

export function getSettings(): Settings {
  const rows = db.select().from(settings).all()
  // Only the admin's settings: the table also keeps the app's own records (the link key's id).
  const stored = Object.fromEntries(rows.filter((r) => r.key in SETTING_DEFAULTS).map((r) => [r.key, r.value]))
  return { ...SETTING_DEFAULTS, ...stored } as Settings
}

export function getTriageSettings(): TriageSettings {
  const all = getSettings()
  return Object.fromEntries(Object.keys(TRIAGE_DEFAULTS).map((k) => [k, all[k as keyof TriageSettings]])) as TriageSettings
}

export function saveSettings(values: Partial<Settings>) {
  db.transaction((tx) => {
    for (const [key, value] of Object.entries(values)) {
      tx.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run()
    }
  })
}

export function getSetting<K extends keyof Settings>(key: K): Settings[K] {
  const row = db.select().from(settings).where(eq(settings.key, key)).get()
  return (row?.value as Settings[K] | undefined) ?? SETTING_DEFAULTS[key]
}
