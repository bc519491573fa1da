/* Starts the real production server (`npm start`: app/server.ts on build/index.js) on a free
   port with a fresh, empty database, and stops its whole process group. */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { ROOT, TMP_DIR } from '../setup/paths'

export type RunningServer = {
  baseUrl: string
  port: number
  databasePath: string
  output: () => string
  stop: () => Promise<void>
}

const HOST = '127.0.0.1'
const STARTUP_TIMEOUT_MS = 30_000

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const address = probe.address()
      if (!address || typeof address === 'string') {
        probe.close()
        reject(new Error('Could not read the probe port.'))
        return
      }
      const { port } = address
      probe.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is already gone.
  }
}

export type ServerOptions = {
  /** Extra environment for the server process, applied last (e.g. { DISPATCHER: 'on' }). */
  env?: Record<string, string>
  /** Serve this database file (e.g. a restored one) instead of a fresh, empty one. */
  databasePath?: string
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const build = path.join(ROOT, 'build', 'index.js')
  if (!existsSync(build)) throw new Error(`No production build at ${build}: run "npx remix build" first.`)

  const dir = path.join(TMP_DIR, `e2e-${randomUUID()}`)
  mkdirSync(dir, { recursive: true })
  const databasePath = options.databasePath ?? path.join(dir, 'hatescale.db')
  const port = await freePort()
  const baseUrl = `http://${HOST}:${port}`

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, DATABASE_PATH: databasePath, NODE_ENV: 'production' }
  // A local run generates its own secret beside the database; none must leak in.
  delete env.SESSION_SECRET
  delete env.RESEND_API_KEY
  // Links in emails (dev mailbox) point at this very server.
  env.APP_URL = baseUrl
  Object.assign(env, options.env)

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app', 'server.ts'), build], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const output = () => log

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const done = exited(child)
    killGroup(child, 'SIGTERM')
    const finished = await Promise.race([done.then(() => true), sleep(10_000).then(() => false)])
    if (!finished) {
      killGroup(child, 'SIGKILL')
      await done
    }
  }

  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  let lastProblem = 'no answer yet'
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (code ${child.exitCode}, signal ${child.signalCode}) before answering /healthz.\n--- server output ---\n${log}`)
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) })
      if (response.status === 200) return { baseUrl, port, databasePath, output, stop }
      lastProblem = `/healthz answered ${response.status}`
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error)
    }
    await sleep(200)
  }
  await stop()
  throw new Error(`The server did not answer /healthz with 200 within ${STARTUP_TIMEOUT_MS / 1000} s (${lastProblem}).\n--- server output ---\n${log}`)
}
