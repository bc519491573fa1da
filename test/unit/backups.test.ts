/* Backup names and their configuration: pure parts, no database. */
import { describe, expect, it } from 'vitest'
import { backupFileName, backupTime } from '#app/services/backups.server'
import { parseEnv } from '#app/utils/env.server'

describe('backup names', () => {
  it('are UTC times that sort by name in time order, and nothing else is taken for one', () => {
    const times = ['2030-12-31T23:59:59Z', '2031-01-01T00:00:00Z', '2031-01-01T09:05:07Z', '2031-10-01T00:00:00Z'].map((t) => new Date(t))
    const names = times.map(backupFileName)
    expect(names[2]).toBe('hatescale-2031-01-01T09-05-07Z.db')
    expect([...names].reverse().sort()).toEqual(names)
    expect(names.map(backupTime)).toEqual(times)
    for (const other of ['hatescale.db', 'hatescale-2031-01-01T09-05-07Z.db.42.partial', 'last-backup.json', 'hatescale-2031-01-01.db', 'x-hatescale-2031-01-01T09-05-07Z.db']) expect(backupTime(other), other).toBeNull()
  })

  it('BACKUP_KEEP defaults to 14 and must be a whole number of at least 1; BACKUP_DIR is optional', () => {
    const defaults = parseEnv({})
    expect(defaults.BACKUP_KEEP).toBe(14)
    expect(defaults.BACKUP_DIR).toBeUndefined()
    expect(parseEnv({ BACKUP_KEEP: '3', BACKUP_DIR: '/srv/backups' })).toMatchObject({ BACKUP_KEEP: 3, BACKUP_DIR: '/srv/backups' })
    expect(() => parseEnv({ BACKUP_KEEP: '0' })).toThrow(/^Configuration error: BACKUP_KEEP must be at least 1\.$/)
    expect(() => parseEnv({ BACKUP_KEEP: '2.5' })).toThrow(/^Configuration error: BACKUP_KEEP /)
  })
})
