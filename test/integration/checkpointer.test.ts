/* The WAL checkpoint worker (db.server.ts): a commit no longer copies the WAL into the
   database file; the worker does, on its own connection, within a couple of seconds. */
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sqlite, startCheckpointer } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'

const fileSize = () => statSync(getEnv().DATABASE_PATH).size
const waitFor = async (done: () => boolean, ms: number) => {
  for (const until = Date.now() + ms; Date.now() < until && !done(); ) await new Promise((r) => setTimeout(r, 50))
  return done()
}

afterAll(() => {
  sqlite.exec('drop table if exists checkpoint_probe')
})

describe('checkpoint worker', () => {
  it('commits leave the WAL alone, and the worker copies it into the database file', async () => {
    // Start from an empty WAL, with nothing pending from the test setup.
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const stop = startCheckpointer()
    expect(startCheckpointer()).toBe(stop) // once per process
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000)
    // The worker's first tick is a second away: write, then look at once.
    const before = fileSize()
    sqlite.exec('create table checkpoint_probe (b blob)')
    // ~2,500 pages: past SQLite's default 1,000-page automatic checkpoint, short of the fallback.
    sqlite.transaction(() => {
      const insert = sqlite.prepare('insert into checkpoint_probe values (randomblob(3000))')
      for (let i = 0; i < 3_000; i++) insert.run()
    })()
    expect(fileSize(), 'the commit itself checkpointed').toBeLessThan(before + 4_000_000)
    // Within a few ticks the pages are in the database file.
    expect(await waitFor(() => fileSize() >= before + 9_000_000, 5_000), `file ${fileSize()} bytes, was ${before}`).toBe(true)

    await stop()
    const again = startCheckpointer() // a stopped worker can be started again
    expect(again).not.toBe(stop)
    await again()
  })

  it('a script that starts the worker and awaits its stop at top level exits cleanly (the worker does not keep it alive, nor let it quit early)', () => {
    const script = "import { startCheckpointer } from '#app/utils/db.server'\nawait startCheckpointer()()\nconsole.log('stopped')\n"
    const run = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), '--input-type=module', '-e', script], { env: process.env, encoding: 'utf8', timeout: 30_000 })
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('stopped')
    expect(run.status).toBe(0)
  })
})
