/* Child processes of the benchmark: production servers (each in its own process
   group, killed with the group), builds, and one-shot TypeScript children that
   answer with one JSON line. Everything started here is stopped by stopAll(),
   which run.ts calls on every way out (done, error, SIGINT, SIGTERM, deadline). */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { HOST, ROOT } from './config'

const live = new Set<ChildProcess>()

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
    // Already gone.
  }
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null) {
    const done = exited(child)
    killGroup(child, 'SIGTERM')
    // remix-serve closes gracefully on SIGTERM, i.e. waits for idle keep-alive sockets (5 s): not worth
    // waiting for (nothing is being written by then, and SQLite's WAL survives a kill anyway).
    const finished = await Promise.race([done.then(() => true), sleep(500).then(() => false)])
    if (!finished) {
      killGroup(child, 'SIGKILL')
      await Promise.race([done, sleep(2_000)])
    }
  }
  live.delete(child)
}

/** Stops every process group this run started. Safe to call more than once. */
export async function stopAll() {
  await Promise.all([...live].map(stopChild))
}

/** Last resort (process 'exit' handler, synchronous): SIGKILL every group still running. */
export function killAllNow() {
  for (const child of live) killGroup(child, 'SIGKILL')
}

/** A port the OS says is free right now, on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, HOST, () => {
      const address = probe.address()
      if (!address || typeof address === 'string') return reject(new Error('no probe port'))
      probe.close(() => resolve(address.port))
    })
  })
}

function tail(file: string, chars = 4_000): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars)
  } catch {
    return ''
  }
}

/** Runs a command to completion in its own group, output to a log file; throws with the log's tail on failure. */
export async function runCommand(label: string, command: string, args: string[], { cwd, env, logFile, timeoutMs }: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number }) {
  mkdirSync(path.dirname(logFile), { recursive: true })
  const fd = openSync(logFile, 'w')
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  live.add(child)
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs)
  await exited(child)
  clearTimeout(timer)
  live.delete(child)
  if (child.exitCode !== 0) throw new Error(`${label} failed (exit ${child.exitCode ?? child.signalCode}); ${logFile}:\n${tail(logFile)}`)
}

export type Server = { baseUrl: string; port: number; pid: number; logFile: string; stop: () => Promise<void> }

/** How a server is started: Hatescale's production server (`npm start`), or plain remix-serve (the baseline app). */
const SERVERS = {
  app: ['--import', 'tsx', path.join(ROOT, 'app', 'server.ts')],
  'remix-serve': [path.join(ROOT, 'node_modules', '@remix-run', 'serve', 'dist', 'cli.js')],
}

/** A production server on 127.0.0.1 in its own process group; resolves once `readyPath` answers below 500. */
export async function startServer({
  server: kind,
  cwd,
  build,
  env,
  logFile,
  readyPath,
}: {
  server: keyof typeof SERVERS
  cwd: string
  build: string
  env: Record<string, string>
  logFile: string
  readyPath: string
}): Promise<Server> {
  const port = await freePort()
  const baseUrl = `http://${HOST}:${port}`
  mkdirSync(path.dirname(logFile), { recursive: true })
  const fd = openSync(logFile, 'w')
  const child = spawn(process.execPath, [...SERVERS[kind], build], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), HOST, NODE_ENV: 'production' },
    detached: true,
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  live.add(child)
  const server: Server = { baseUrl, port, pid: child.pid!, logFile, stop: () => stopChild(child) }
  const deadline = Date.now() + 60_000
  let problem = 'no answer yet'
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited before answering (${logFile}):\n${tail(logFile)}`)
    try {
      const res = await fetch(baseUrl + readyPath, { signal: AbortSignal.timeout(5_000), redirect: 'manual' })
      await res.arrayBuffer()
      if (res.status < 500) return server
      problem = `${readyPath} answered ${res.status}`
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error)
    }
    await sleep(150)
  }
  await server.stop()
  throw new Error(`server did not come up within 60 s (${problem}); ${logFile}:\n${tail(logFile)}`)
}

/**
 * Runs test/bench/<script> with tsx in its own group and returns the last JSON line
 * it prints. stderr goes to the log file.
 */
export async function runTsChild<T>(script: string, { env, logFile, timeoutMs }: { env: Record<string, string>; logFile: string; timeoutMs: number }): Promise<T> {
  mkdirSync(path.dirname(logFile), { recursive: true })
  const fd = openSync(logFile, 'w')
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'bench', script)], {
    cwd: ROOT,
    env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', fd],
  })
  closeSync(fd)
  live.add(child)
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs)
  await exited(child)
  clearTimeout(timer)
  live.delete(child)
  const last = out.trim().split('\n').filter((l) => l.startsWith('{')).pop()
  if (child.exitCode !== 0 || !last) {
    throw new Error(`${script} failed (exit ${child.exitCode ?? child.signalCode}${child.signalCode === 'SIGKILL' ? ', killed at its time limit' : ''}); ${logFile}:\n${out.slice(-2_000)}\n${tail(logFile)}`)
  }
  return JSON.parse(last) as T
}

/** VmRSS / VmHWM of a process, in MB (null when it is gone). */
export function memoryOf(pid: number | 'self'): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? 0)
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 }
  } catch {
    return null
  }
}
