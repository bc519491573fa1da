/* `npm run bench` (full) and `npm run bench -- --quick`: generates (or reuses) the
   synthetic portfolio, builds and serves the production app and a bare Remix
   baseline on 127.0.0.1, measures P1–P6 against baselines taken in the same run,
   and prints one table (also written to test/.bench/last-run.md). `--fresh`
   regenerates the portfolio. All load goes to loopback; every loop is bounded in
   count and time; every process started here is stopped on the way out. */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { parseLinkToken } from '#app/utils/link-tokens.server'
import { BASELINE_APP_DIR, BENCH_SESSION_SECRET, benchConfig, LAST_RUN_MD, ROOT, RUN_DIR } from './config'
import { copyPortfolio, ensurePortfolio, type PortfolioMeta } from './generate'
import { pacedPosts, postAnswers, signIn, timePage, timeSequential, type PostRun, type Timings } from './load'
import { pageWeight, type PageWeight } from './page-weight'
import { killAllNow, memoryOf, runCommand, runTsChild, startServer, stopAll, type Server } from './processes'
import { accountQueries, portfolioQueries } from './raw-sql'
import { fmt, markdownTable, textTable, type Row } from './report'
import { startResendStandin, type StandinStats } from './resend-standin'

const cfg = benchConfig(process.argv.slice(2))
const runStarted = performance.now()
const elapsed = () => `${((performance.now() - runStarted) / 1000).toFixed(1)} s`
const log = (line: string) => console.log(`[bench ${elapsed().padStart(7)}] ${line}`)

// Link tokens are HMACs under SESSION_SECRET: the generator (this process) and the server share one.
process.env.SESSION_SECRET = BENCH_SESSION_SECRET

const stoppers: (() => Promise<void>)[] = []
let interrupted = false
let cleaning: Promise<void> | undefined
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.allSettled(stoppers.map((stop) => stop()))
    await stopAll()
  })()
  return cleaning
}
process.on('exit', killAllNow)
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    interrupted = true
    console.error(`\n[bench] ${signal}: stopping everything this run started…`)
    void cleanup().finally(() => process.exit(code))
  })
}
const deadline = setTimeout(() => {
  console.error(`[bench] the run passed its ${cfg.deadlineSeconds} s limit: stopping.`)
  void cleanup().finally(() => process.exit(2))
}, cfg.deadlineSeconds * 1000)

const notes: string[] = []

/** Which code was measured: the commit and any uncommitted files (read-only git, no index refresh). */
function codeVersion(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  try {
    const head = git('rev-parse', '--short', 'HEAD')
    const dirty = git('diff', '--name-only', 'HEAD', '--', 'app', 'db', 'emails').split('\n').filter(Boolean)
    return dirty.length ? `commit ${head} + uncommitted changes in ${dirty.length} app/db file(s)` : `commit ${head}`
  } catch {
    return 'unknown (no git)'
  }
}

/** Newest modification time under a folder (files only). */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

async function build() {
  const logs = path.join(RUN_DIR, 'logs')
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' as const }
  // The baseline never changes with the app: rebuilt only when its own sources are newer than its build.
  const baselineBuild = path.join(BASELINE_APP_DIR, 'build', 'index.js')
  const baselineSources = Math.max(newestMtime(path.join(BASELINE_APP_DIR, 'app')), statSync(path.join(BASELINE_APP_DIR, 'remix.config.js')).mtimeMs)
  const baselineFresh = existsSync(baselineBuild) && statSync(baselineBuild).mtimeMs > baselineSources
  await Promise.all([
    // The app is always rebuilt: it is the thing measured, and it changes under us.
    runCommand('remix build (app)', 'npx', ['remix', 'build'], { cwd: ROOT, env, logFile: path.join(logs, 'build-app.log'), timeoutMs: 180_000 }),
    // NOTE: not `npx remix` here: the baseline folder has its own package.json (Remix needs one),
    // so npx would look for a local bin there; the project's CLI is the same binary.
    baselineFresh
      ? Promise.resolve()
      : runCommand('remix build (baseline)', process.execPath, [path.join(ROOT, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'], {
          cwd: BASELINE_APP_DIR,
          env,
          logFile: path.join(logs, 'build-baseline.log'),
          timeoutMs: 180_000,
        }),
  ])
}

const countRows = (file: string, sql: string, ...params: unknown[]) => {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n
  } finally {
    db.close()
  }
}

type P1 = { steady: Awaited<ReturnType<typeof pacedPosts>>; run: PostRun; rowsAdded: number; revisionsAdded: number; /** rows (and revisions) found for the accepted requests themselves */ matched: number; matchedRevisions: number }

/** Counts rows keyed by `column` for the given keys, in chunks (readonly connection). */
function countByKeys(file: string, sql: (placeholders: string) => string, keys: (string | number)[]): number {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    let n = 0
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500)
      n += (db.prepare(sql(chunk.map(() => '?').join(','))).get(...chunk) as { n: number }).n
    }
    return n
  } finally {
    db.close()
  }
}

async function p1Baseline(server: Server, dbFile: string): Promise<P1> {
  const count = () => countRows(dbFile, 'select count(*) as n from answers')
  const pathFor = () => '/?index'
  await postAnswers({ baseUrl: server.baseUrl, pathFor, pathCount: Infinity, amount: cfg.p1.warmup, connections: 10, maxSeconds: 20 })
  const before = count()
  const run = await postAnswers({ baseUrl: server.baseUrl, pathFor, pathCount: Infinity, amount: cfg.p1.amount, connections: cfg.p1.connections, maxSeconds: cfg.p1.maxSeconds })
  const added = count() - before
  const matched = countByKeys(dbFile, (ph) => `select count(*) as n from answers where submission_id in (${ph})`, run.acceptedIndexes.map((i) => run.submissionIds[i]))
  const steady = await pacedPosts({ baseUrl: server.baseUrl, pathFor, ...steadyLoad() })
  return { steady, run, rowsAdded: added, revisionsAdded: added, matched, matchedRevisions: matched }
}

async function p1App(server: Server, dbFile: string, meta: PortfolioMeta): Promise<P1> {
  const { amount, warmup, connections, maxSeconds } = cfg.p1
  // Each request its own, never-used link: the measured pool (with slack), then the
  // warm-up pool; the last token is kept for P5.
  const measured = meta.liveTokens.slice(0, amount + 200)
  const warm = meta.liveTokens.slice(amount + 200, amount + 200 + warmup)
  const steadyPool = meta.liveTokens.slice(amount + 200 + warmup, meta.liveTokens.length - 1)
  if (steadyPool.length < steadyLoad().count + 20) throw new Error('not enough live invitations for P1')
  const responses = () => countRows(dbFile, 'select count(*) as n from responses where wave_id = ?', meta.liveWaveId)
  const revisions = () => countRows(dbFile, 'select count(*) as n from response_revisions rr join responses r on r.id = rr.response_id where r.wave_id = ?', meta.liveWaveId)
  await postAnswers({ baseUrl: server.baseUrl, pathFor: (i) => `/s/${warm[i]}`, pathCount: warm.length, amount: warmup - 50, connections: 10, maxSeconds: 20 })
  const before = { responses: responses(), revisions: revisions() }
  const run = await postAnswers({ baseUrl: server.baseUrl, pathFor: (i) => `/s/${measured[i]}`, pathCount: measured.length, amount, connections, maxSeconds })
  // The rows of the accepted requests themselves, found through the invitation ids their links name.
  const ids = run.acceptedIndexes.map((i) => parseLinkToken(measured[i])!.invitationId)
  const matched = countByKeys(dbFile, (ph) => `select count(*) as n from responses r where r.invitation_id in (${ph})`, ids)
  const matchedRevisions = countByKeys(
    dbFile,
    (ph) => `select count(*) as n from responses r join response_revisions rr on rr.response_id = r.id where r.invitation_id in (${ph})`,
    ids,
  )
  const result = { run, rowsAdded: responses() - before.responses, revisionsAdded: revisions() - before.revisions, matched, matchedRevisions }
  const steady = await pacedPosts({ baseUrl: server.baseUrl, pathFor: (i) => `/s/${steadyPool[i]}`, ...steadyLoad() })
  return { ...result, steady }
}

/** Latency below saturation: an evenly paced, open-loop load. */
function steadyLoad() {
  const { steadyRate, steadySeconds } = cfg.p1
  return { count: steadyRate * steadySeconds, rate: steadyRate, maxSeconds: steadySeconds + 5 }
}

/**
 * P1's paced answers against the server as deployed: the dispatcher on, on a fresh copy
 * of the portfolio. At start-up it recomputes the whole queue (opening its items and
 * queueing their alert letters) and sends what the outbox holds through a stand-in at
 * P4's rate limit, while the answers come in (P1 itself runs with the dispatcher off).
 */
async function p1Dispatching(meta: PortfolioMeta, logs: string) {
  const dbFile = path.join(RUN_DIR, 'p1-dispatching.db')
  copyPortfolio(meta, dbFile)
  const apiKey = 're_bench_p1'
  const standin = await startResendStandin({ apiKey, ratePerSecond: cfg.p4.rateLimitPerSecond, failureRate: 0 })
  stoppers.push(standin.stop)
  const server = await startServer({
    server: 'app',
    cwd: ROOT,
    build: 'build/index.js',
    env: { DATABASE_PATH: dbFile, DISPATCHER: 'on', SESSION_SECRET: BENCH_SESSION_SECRET, RESEND_API_KEY: apiKey, RESEND_BASE_URL: standin.baseUrl },
    logFile: path.join(logs, 'server-app-dispatching.log'),
    readyPath: '/healthz',
  })
  try {
    // P1's warm-up and paced pools: unanswered in this fresh copy. Warmed up as P1 is, so
    // that what is measured is the dispatcher's work, not a cold server's first requests.
    const warm = meta.liveTokens.slice(cfg.p1.amount + 200, cfg.p1.amount + 200 + cfg.p1.warmup)
    await postAnswers({ baseUrl: server.baseUrl, pathFor: (i) => `/s/${warm[i]}`, pathCount: warm.length, amount: cfg.p1.warmup - 50, connections: 10, maxSeconds: 20 })
    const pool = meta.liveTokens.slice(cfg.p1.amount + 200 + cfg.p1.warmup, meta.liveTokens.length - 1)
    const paced = await pacedPosts({ baseUrl: server.baseUrl, pathFor: (i) => `/s/${pool[i]}`, ...steadyLoad() })
    return { paced, max: Math.max(...paced.samples), emailsSent: standin.stats.deliveries, itemsOpened: countRows(dbFile, 'select count(*) as n from queue_items') }
  } finally {
    await server.stop()
    await standin.stop()
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true })
  }
}

/** Lost: accepted without its row. Duplicated: a second row or revision, or rows beyond the requests in flight. */
function p1Integrity(p: P1) {
  const lost = p.run.accepted - p.matched
  const unacknowledged = p.rowsAdded - p.matched
  const duplicated = Math.max(0, unacknowledged - p.run.unanswered) + Math.max(0, p.matchedRevisions - p.matched) + Math.max(0, p.revisionsAdded - p.rowsAdded)
  return { lost, unacknowledged, duplicated }
}

async function exportOverHttp(server: Server, cookie: string) {
  const before = memoryOf(server.pid)
  let peak = before?.rssMb ?? 0
  const sampler = setInterval(() => {
    const m = memoryOf(server.pid)
    if (m) peak = Math.max(peak, m.rssMb)
  }, 100)
  const started = performance.now()
  try {
    const res = await fetch(`${server.baseUrl}/sentiment/export.csv?window=365`, { headers: { cookie }, signal: AbortSignal.timeout(300_000) })
    if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`)
    let lines = 0
    let bytes = 0
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++
    }
    return { rows: lines - 1, bytes, seconds: (performance.now() - started) / 1000, rssBeforeMb: before?.rssMb ?? 0, rssPeakMb: peak }
  } finally {
    clearInterval(sampler)
  }
}

type Summary = { n: number; p50: number; p99: number; max: number; mean: number }
type PageTimings = { page: Timings; loader: Timings }
type P3Child = {
  accounts: number
  dirtyBefore: number
  full: { firstSeconds: number; firstActions: Record<string, number>; secondSeconds: number; secondActions: Record<string, number>; lettersQueued: number }
  background: { seconds: number; actions: Record<string, number>; loopDelayP99Ms: number; loopDelayMaxMs: number }
  sample: { accounts: number; pictureMsPerAccount: number; evaluateMsPerAccount: number }
  incremental: { refresh: Summary; recordAnswer: Summary; actions: Record<string, number>; byAction: Record<string, Summary> }
  openItems: Record<string, number>
}

type P4Child = {
  waveId: number
  accounts: number
  invitations: number
  enqueueSeconds: number
  held: number
  expectedKeys: string[]
  dispatchSeconds: number
  timedOut: boolean
  totals: { passes: number; batches: number; sent: number; failed: number; retried: number; pausedPasses: number }
  statuses: Record<string, number>
  states: Record<string, number>
}

/** How the dispatcher spent the time: its pace between successful calls, and what 429s and retries cost. */
function dispatchTimeline(stats: StandinStats) {
  const t = [...stats.timeline].sort((a, b) => a.at - b.at)
  const paces: number[] = []
  let pausedMs = 0
  for (let i = 1; i < t.length; i++) {
    if (t[i - 1].status === 200 && t[i].status === 200) paces.push(t[i].at - t[i - 1].at)
  }
  for (let i = 0; i < t.length; i++) {
    if (t[i].status !== 429) continue
    const next = t.slice(i + 1).find((c) => c.status !== 429)
    if (next) pausedMs += next.at - t[i].at
  }
  paces.sort((a, b) => a - b)
  return { medianPaceMs: paces.length ? paces[Math.floor(paces.length / 2)] : NaN, pausedMs }
}

function checkDeliveries(stats: StandinStats, expected: string[]) {
  const want = new Set(expected)
  let missing = 0
  let duplicates = 0
  for (const key of expected) {
    const n = stats.perMessage.get(key) ?? 0
    if (n === 0) missing++
    if (n > 1) duplicates += n - 1
  }
  const strangers = [...stats.perMessage.keys()].filter((k) => !want.has(k)).length
  return { missing, duplicates, strangers, delivered: stats.deliveries }
}

async function main() {
  const version = codeVersion()
  const loadAtStart = os.loadavg()[0]
  log(`${cfg.mode} run on ${os.availableParallelism()} cores, Node ${process.version}; code: ${version}`)
  mkdirSync(RUN_DIR, { recursive: true })

  // 1. The portfolio (cached by parameters), then the builds.
  const meta = await ensurePortfolio(cfg.portfolio, { fresh: cfg.fresh, log })
  if (meta.reused) log(`reusing the cached portfolio (${path.relative(ROOT, meta.file)}, generated ${new Date(meta.generatedAt).toISOString()} in ${meta.generationSeconds.toFixed(1)} s)`)
  log('building the app and the baseline (production)…')
  await build()

  const appDb = path.join(RUN_DIR, 'app.db')
  const p4Db = path.join(RUN_DIR, 'p4.db')
  const baselineDb = path.join(RUN_DIR, 'baseline.db')
  for (const f of [baselineDb]) for (const suffix of ['', '-wal', '-shm']) rmSync(f + suffix, { force: true })
  copyPortfolio(meta, appDb)
  copyPortfolio(meta, p4Db)
  const logs = path.join(RUN_DIR, 'logs')

  // 2. The baseline app: P1's bare action, P5's minimal page.
  log('baseline: bare Remix app (zod + one insert)…')
  const baseline = await startServer({ server: 'remix-serve', cwd: BASELINE_APP_DIR, build: 'build/index.js', env: { BASELINE_DATABASE_PATH: baselineDb }, logFile: path.join(logs, 'server-baseline.log'), readyPath: '/' })
  const p1Base = await p1Baseline(baseline, baselineDb)
  log(`baseline P1: ${fmt.int(p1Base.run.acceptedPerSecond)}/s, p50 ${fmt.ms(p1Base.run.p50)}, p99 ${fmt.ms(p1Base.run.p99)}; at ${cfg.p1.steadyRate}/s p50 ${fmt.ms(p1Base.steady.p50)}, p99 ${fmt.ms(p1Base.steady.p99)}`)
  const p5Base = await pageWeight(`${baseline.baseUrl}/`)
  await baseline.stop()

  // 3. The app's production server on the bench portfolio.
  log('app: production server on the bench portfolio…')
  const app = await startServer({
    server: 'app',
    cwd: ROOT,
    build: 'build/index.js',
    env: { DATABASE_PATH: appDb, DISPATCHER: 'off', SESSION_SECRET: BENCH_SESSION_SECRET },
    logFile: path.join(logs, 'server-app.log'),
    readyPath: '/healthz',
  })
  const cookie = await signIn(app.baseUrl, meta.adminEmail, meta.password)

  log(`P1: ${fmt.int(cfg.p1.amount)} answers, ${cfg.p1.connections} connections…`)
  const p1 = await p1App(app, appDb, meta)
  log(`P1: ${fmt.int(p1.run.acceptedPerSecond)}/s, p50 ${fmt.ms(p1.run.p50)}, p99 ${fmt.ms(p1.run.p99)}, statuses ${JSON.stringify(p1.run.statuses)}; at ${cfg.p1.steadyRate}/s p50 ${fmt.ms(p1.steady.p50)}, p99 ${fmt.ms(p1.steady.p99)}`)

  log('P2: /sentiment and an account page, and the same aggregates in raw SQL…')
  const sampleWindow = { warmup: cfg.p2.warmup, samples: cfg.p2.samples, maxSeconds: 240 }
  const rawDb = new Database(appDb, { readonly: true, fileMustExist: true })
  const latest = rawDb.prepare('select id from waves where coalesce(closed_at, closes_at) <= ? order by send_at desc, id desc limit 2').all(Date.now()) as { id: number }[]
  const portfolioPage = await timePage(`${app.baseUrl}/sentiment`, cookie, sampleWindow)
  // The portfolio's raw SQL takes seconds a call: it is timed in a loop of its own. The
  // account's takes about a millisecond, like its loader, so it is timed beside each
  // request (the ratio's baseline), and in a hot loop as well, for comparison.
  const rawAccountQueries = accountQueries(rawDb, { accountId: meta.sampleAccountId, waveId: latest[0].id })
  const accountPage = await timePage(`${app.baseUrl}/accounts/${meta.sampleAccountId}`, cookie, sampleWindow, rawAccountQueries)
  const rawPortfolio = await timeSequential(portfolioQueries(rawDb, { waveId: latest[0].id, previousWaveId: latest[1]?.id ?? -1 }), sampleWindow)
  const rawAccount = { beside: accountPage.beside!, hot: await timeSequential(rawAccountQueries, sampleWindow) }
  rawDb.close()
  log(`P2: /sentiment loader p50 ${fmt.ms(portfolioPage.loader.p50)}, page ${fmt.ms(portfolioPage.page.p50)} (raw ${fmt.ms(rawPortfolio.p50)}); account loader p50 ${fmt.ms(accountPage.loader.p50)}, page ${fmt.ms(accountPage.page.p50)} (raw ${fmt.ms(rawAccount.beside.p50)} beside each request, ${fmt.ms(rawAccount.hot.p50)} in a hot loop)`)

  log('P5: respondent page weight…')
  const p5Token = meta.liveTokens[meta.liveTokens.length - 1]
  const p5 = await pageWeight(`${app.baseUrl}/s/${p5Token}?score=7`)

  log('P6: CSV export over HTTP…')
  const p6Http = await exportOverHttp(app, cookie)
  await app.stop()

  log(`P1: answers at ${cfg.p1.steadyRate}/s with the dispatcher on (start-up recompute, sending through a stand-in)…`)
  const p1d = await p1Dispatching(meta, logs)
  log(`P1 with the dispatcher: p50 ${fmt.ms(p1d.paced.p50)}, p99 ${fmt.ms(p1d.paced.p99)}, max ${fmt.ms(p1d.max)}; ${p1d.emailsSent} emails sent, ${p1d.itemsOpened} items opened meanwhile`)
  const totalResponses = countRows(appDb, 'select count(*) as n from responses')

  log('P6: exportResponsesCsv() in a child process…')
  const p6 = await runTsChild<{ rows: number; bytes: number; seconds: number; startRssMb: number; peakRssMb: number }>('p6-export-child.ts', {
    env: { DATABASE_PATH: appDb, SESSION_SECRET: BENCH_SESSION_SECRET, NODE_ENV: 'production' },
    logFile: path.join(logs, 'p6-child.log'),
    timeoutMs: 300_000,
  })

  // P3 on the same copy, the server stopped: the queue's full recompute, then single-answer updates.
  log(`P3: full queue recompute over ${fmt.int(meta.params.accounts)} accounts (twice), then ${cfg.p3.updates} single-answer updates…`)
  const p3 = await runTsChild<P3Child>('p3-queue-child.ts', {
    env: { DATABASE_PATH: appDb, SESSION_SECRET: BENCH_SESSION_SECRET, NODE_ENV: 'production', BENCH_P3_UPDATES: String(cfg.p3.updates) },
    logFile: path.join(logs, 'p3-child.log'),
    timeoutMs: 300_000,
  })
  log(`P3: full ${fmt.s(p3.full.firstSeconds)} (${JSON.stringify(p3.full.firstActions)}), again ${fmt.s(p3.full.secondSeconds)}; incremental p50 ${fmt.ms(p3.incremental.refresh.p50)}, p99 ${fmt.ms(p3.incremental.refresh.p99)} (${JSON.stringify(p3.incremental.actions)})`)

  // 4. P4: enqueue and dispatch through the stand-in.
  log(`P4: enqueue ${fmt.int(cfg.p4.enqueue)}, dispatch ${fmt.int(cfg.p4.dispatch)} at ${cfg.p4.rateLimitPerSecond} calls/s with ${fmt.pct(cfg.p4.failureRate)} injected 5xx…`)
  const apiKey = 're_bench'
  const standin = await startResendStandin({ apiKey, ratePerSecond: cfg.p4.rateLimitPerSecond, failureRate: cfg.p4.failureRate })
  stoppers.push(standin.stop)
  const p4 = await runTsChild<P4Child>('p4-dispatch-child.ts', {
    env: {
      DATABASE_PATH: p4Db,
      SESSION_SECRET: BENCH_SESSION_SECRET,
      NODE_ENV: 'production',
      RESEND_API_KEY: apiKey,
      RESEND_BASE_URL: standin.baseUrl,
      BENCH_P4_ENQUEUE: String(cfg.p4.enqueue),
      BENCH_P4_DISPATCH: String(cfg.p4.dispatch),
      BENCH_P4_MAX_SECONDS: String(cfg.p4.maxSeconds),
    },
    logFile: path.join(logs, 'p4-child.log'),
    timeoutMs: (cfg.p4.maxSeconds + 120) * 1000,
  })
  await standin.stop()
  const delivery = checkDeliveries(standin.stats, p4.expectedKeys)
  log(`P4: enqueue ${fmt.s(p4.enqueueSeconds)}, dispatch ${fmt.s(p4.dispatchSeconds)}, stand-in ${JSON.stringify({ ...standin.stats, perMessage: standin.stats.perMessage.size, timeline: undefined })}`)

  // 5. The table.
  const rows = tableRows({ meta, totalResponses, p1, p1Base, p1d, portfolioPage, accountPage, rawPortfolio, rawAccount, p3, p4, stats: standin.stats, delivery, p5, p5Base, p6, p6Http })
  const machine = `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'cpu'}), ${fmt.int(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`
  const c = meta.counts
  notes.unshift(
    `Run: ${cfg.mode}, ${new Date().toISOString()}, ${elapsed()} in total (portfolio ${meta.reused ? `reused from cache, generated earlier in ${meta.generationSeconds.toFixed(1)} s` : `generated in ${meta.generationSeconds.toFixed(1)} s`}). Machine: ${machine}; load average ${loadAtStart.toFixed(2)} at the start (anything else running on the 2 cores moves every figure). Code: ${version}.`,
    `Data: ${fmt.int(c.accounts)} accounts, ${fmt.int(c.stakeholders)} stakeholders (12.5 per account — 13 and 12 alternating: top 2, head 3, manager 3, executor 5/4, roles user/buyer/both; ${fmt.int(c.champions)} champions), ${cfg.portfolio.waves} past waves (4 named, 4 confidential, all sent within the last year) with one invitation per person per wave, ${fmt.int(c.responses)} responses (${fmt.int(c.comments)} with comments) and as many revisions. With one response per invitation, 100,000 people × 8 waves could hold only 800k answers, hence 125,000 people (12.5 per account) and every invitation answered. One more open wave (${fmt.int(cfg.portfolio.liveInvitations)} invitations, no answers yet) holds the links P1 answers, and at its end whole accounts P3 answers one by one. Database ${fmt.mb(meta.bytes / 1e6)} (${fmt.int(c.invitations)} invitations, ${fmt.int(c.outbox)} outbox rows). Queue items: none in the generated file; P3's first full recompute (after P1 and P6, on the same copy) opens them through the app's own code.`,
  )
  const text = textTable(rows)
  console.log(`\n${text}\n`)
  for (const n of notes) console.log(`- ${n}`)
  const md = [`# Benchmark: last run (${cfg.mode})`, '', markdownTable(rows), '', ...notes.map((n) => `- ${n}`), ''].join('\n')
  writeFileSync(LAST_RUN_MD, md)
  // Per mode too, so a quick run does not overwrite the full run's figures the README quotes.
  const perMode = LAST_RUN_MD.replace(/\.md$/, `-${cfg.mode}.md`)
  writeFileSync(perMode, md)
  console.log(`\nWritten to ${path.relative(ROOT, LAST_RUN_MD)} and ${path.relative(ROOT, perMode)}. Logs in ${path.relative(ROOT, logs)}/. Total ${elapsed()}.`)
}

function tableRows(r: {
  meta: PortfolioMeta
  totalResponses: number
  p1: P1
  p1Base: P1
  p1d: Awaited<ReturnType<typeof p1Dispatching>>
  portfolioPage: PageTimings
  accountPage: PageTimings
  rawPortfolio: Timings
  rawAccount: { beside: Timings; hot: Timings }
  p3: P3Child
  p4: P4Child
  stats: StandinStats
  delivery: ReturnType<typeof checkDeliveries>
  p5: PageWeight
  p5Base: PageWeight
  p6: { rows: number; bytes: number; seconds: number; startRssMb: number; peakRssMb: number }
  p6Http: { rows: number; bytes: number; seconds: number; rssBeforeMb: number; rssPeakMb: number }
}): Row[] {
  const rows: Row[] = []
  const { p1, p1Base } = r
  const ratio1 = p1.run.acceptedPerSecond / p1Base.run.acceptedPerSecond
  const otherStatuses = Object.entries(p1.run.statuses).filter(([code]) => code !== '303')
  rows.push({
    id: 'P1',
    what: `respondent answers accepted/s (POST /s/:token → 303, ${cfg.p1.connections} conns, distinct links)`,
    figure: `${fmt.int(p1.run.acceptedPerSecond)}/s (${fmt.int(p1.run.accepted)} in ${p1.run.seconds.toFixed(1)} s)`,
    baseline: `bare Remix action, zod + 1 insert: ${fmt.int(p1Base.run.acceptedPerSecond)}/s`,
    ratio: fmt.pct(ratio1),
    target: '≥ 80% of baseline, ≥ 1,000/s',
    met: ratio1 >= 0.8 && p1.run.acceptedPerSecond >= 1000,
  })
  rows.push({
    id: 'P1',
    what: 'respondent POST latency p50 / p99',
    figure: `${fmt.ms(p1.run.p50)} / ${fmt.ms(p1.run.p99)}`,
    baseline: `${fmt.ms(p1Base.run.p50)} / ${fmt.ms(p1Base.run.p99)}`,
    ratio: fmt.ratio(p1.run.p99 / p1Base.run.p99),
    target: 'p99 < 100 ms',
    met: p1.run.p99 < 100,
  })
  rows.push({
    id: 'P1',
    what: `respondent POST latency p50 / p99 at an evenly paced ${cfg.p1.steadyRate}/s (open loop, below saturation)`,
    figure: `${fmt.ms(p1.steady.p50)} / ${fmt.ms(p1.steady.p99)} (${fmt.int(p1.steady.statuses['303'] ?? 0)} of ${fmt.int(p1.steady.sent)} answered 303)`,
    baseline: `${fmt.ms(p1Base.steady.p50)} / ${fmt.ms(p1Base.steady.p99)}`,
    ratio: fmt.ratio(p1.steady.p99 / p1Base.steady.p99),
    target: '(information: p99 < 100 ms)',
    met: null,
  })
  const { p1d } = r
  rows.push({
    id: 'P1',
    what: `the same at ${cfg.p1.steadyRate}/s with the dispatcher on, as deployed: a fresh copy warmed up as P1, whose start-up queue recompute runs and whose alert letters go out through a stand-in at ${cfg.p4.rateLimitPerSecond} calls/s meanwhile`,
    figure: `${fmt.ms(p1d.paced.p50)} / ${fmt.ms(p1d.paced.p99)}, max ${fmt.ms(p1d.max)} (${fmt.int(p1d.paced.statuses['303'] ?? 0)} of ${fmt.int(p1d.paced.sent)} answered 303; ${fmt.int(p1d.itemsOpened)} items opened, ${fmt.int(p1d.emailsSent)} emails sent)`,
    baseline: `dispatcher off (above): ${fmt.ms(p1.steady.p50)} / ${fmt.ms(p1.steady.p99)}`,
    ratio: fmt.ratio(p1d.paced.p99 / p1.steady.p99),
    target: 'p99 < 100 ms',
    met: p1d.paced.p99 < 100 && p1d.paced.statuses['303'] === p1d.paced.sent,
  })
  const integrity = p1Integrity(p1)
  const baseIntegrity = p1Integrity(p1Base)
  const inFlight = (p: P1, i: ReturnType<typeof p1Integrity>) => (i.unacknowledged > 0 ? ` + ${i.unacknowledged} for requests in flight when the time limit stopped the run (${p.run.unanswered} unanswered)` : '')
  rows.push({
    id: 'P1',
    what: 'new rows in responses = accepted requests',
    figure: `${fmt.int(p1.rowsAdded)} new rows (${fmt.int(p1.revisionsAdded)} revisions): one each for the ${fmt.int(p1.matched)} of ${fmt.int(p1.run.accepted)} accepted${inFlight(p1, integrity)}; lost ${integrity.lost}, duplicated ${integrity.duplicated}; other answers ${otherStatuses.length ? otherStatuses.map(([c, n]) => `${c}×${n}`).join(', ') : 'none'}, errors ${p1.run.errors}`,
    baseline: `${fmt.int(p1Base.matched)} of ${fmt.int(p1Base.run.accepted)} accepted found${inFlight(p1Base, baseIntegrity)}; lost ${baseIntegrity.lost}, duplicated ${baseIntegrity.duplicated}`,
    ratio: '—',
    target: 'zero lost or duplicated',
    met: integrity.lost === 0 && integrity.duplicated === 0 && p1.run.errors === 0,
  })

  // The target is the loader's time (Server-Timing, measured in the server); the full page is shown beside it.
  const p2Rows = (label: string, t: PageTimings, raw: { figure: string; p50: number }, limitMs: number) => {
    const ratio = t.loader.p50 / raw.p50
    rows.push({
      id: 'P2',
      what: `${label}: loader p50 / p99 (Server-Timing)`,
      figure: `${fmt.ms(t.loader.p50)} / ${fmt.ms(t.loader.p99)} (first view: ${fmt.ms(t.loader.first ?? NaN)})`,
      baseline: raw.figure,
      ratio: fmt.ratio(ratio),
      target: `p50 < ${limitMs} ms, ≤ 3× raw SQL`,
      met: t.loader.p50 < limitMs && ratio <= 3,
    })
    rows.push({
      id: 'P2',
      what: `${label}: the whole page to its last byte, p50 / p99`,
      figure: `${fmt.ms(t.page.p50)} / ${fmt.ms(t.page.p99)} (first view: ${fmt.ms(t.page.first ?? NaN)})`,
      baseline: '—',
      ratio: fmt.ratio(t.page.p50 / raw.p50),
      target: '(information)',
      met: null,
    })
  }
  const { rawPortfolio, rawAccount } = r
  p2Rows(`/sentiment, default view (latest closed wave, ${fmt.int(r.meta.params.accounts)} accounts)`, r.portfolioPage, {
    figure: `raw SQL (same aggregates): ${fmt.ms(rawPortfolio.p50)} / ${fmt.ms(rawPortfolio.p99)}`,
    p50: rawPortfolio.p50,
  }, 150)
  p2Rows('account page /accounts/:id', r.accountPage, {
    figure: `raw SQL (same reads), one call beside each request: ${fmt.ms(rawAccount.beside.p50)} / ${fmt.ms(rawAccount.beside.p99)}; in a hot loop: ${fmt.ms(rawAccount.hot.p50)} / ${fmt.ms(rawAccount.hot.p99)} (${fmt.ratio(r.accountPage.loader.p50 / rawAccount.hot.p50)})`,
    p50: rawAccount.beside.p50,
  }, 50)
  const { p3 } = r
  const opened = p3.full.firstActions.opened ?? 0
  // The target is for 10k accounts; a quick run's smaller portfolio gets its share of it.
  const fullLimit = (5 * p3.accounts) / 10_000
  const fullTarget = p3.accounts === 10_000 ? '< 5 s full' : `< 5 s for 10k (${fmt.s(fullLimit)} for ${fmt.int(p3.accounts)})`
  rows.push({
    id: 'P3',
    what: `at-risk queue: recomputeQueue() over all ${fmt.int(p3.accounts)} accounts, first run (opens the items)`,
    figure: `${fmt.s(p3.full.firstSeconds)}: ${fmt.int(opened)} items opened, ${fmt.int(p3.full.lettersQueued)} alert letters queued`,
    baseline: '—',
    ratio: '—',
    target: fullTarget,
    met: p3.full.firstSeconds < fullLimit,
  })
  rows.push({
    id: 'P3',
    what: 'the same recompute again, items in place (the daily run)',
    figure: `${fmt.s(p3.full.secondSeconds)} (${Object.entries(p3.full.secondActions).map(([a, n]) => `${a} ${fmt.int(n)}`).join(', ')})`,
    baseline: '—',
    ratio: '—',
    target: fullTarget,
    met: p3.full.secondSeconds < fullLimit,
  })
  rows.push({
    id: 'P3',
    what: 'the daily run as the server does it: read on the background thread, each slice of 10 applied on the event loop',
    figure: `${fmt.s(p3.background.seconds)} (${Object.entries(p3.background.actions).map(([a, n]) => `${a} ${fmt.int(n)}`).join(', ')}); event loop delay meanwhile p99 ${fmt.ms(p3.background.loopDelayP99Ms)}, max ${fmt.ms(p3.background.loopDelayMaxMs)}`,
    baseline: `recomputeQueue() at once: ${fmt.s(p3.full.secondSeconds)}`,
    ratio: fmt.ratio(p3.background.seconds / p3.full.secondSeconds),
    target: fullTarget,
    met: p3.background.seconds < fullLimit,
  })
  const inc = p3.incremental.refresh
  rows.push({
    id: 'P3',
    what: `incremental: an answer stored (storeSurveyPost()) on the open wave, then refreshQueue() (that one account); ${inc.n} answers at ${inc.n} accounts`,
    figure: `p50 ${fmt.ms(inc.p50)} / p99 ${fmt.ms(inc.p99)} (max ${fmt.ms(inc.max)}; ${Object.entries(p3.incremental.actions).map(([a, n]) => `${a} ${n}`).join(', ')})`,
    baseline: `storeSurveyPost() itself: p50 ${fmt.ms(p3.incremental.recordAnswer.p50)} / p99 ${fmt.ms(p3.incremental.recordAnswer.p99)}`,
    ratio: '—',
    target: '< 5 ms incremental',
    met: inc.p99 < 5,
  })

  const { p4, stats } = r
  rows.push({
    id: 'P4',
    what: `enqueue a wave: createWave() for ${fmt.int(p4.invitations)} invitations (${fmt.int(p4.accounts)} accounts)`,
    figure: fmt.s(p4.enqueueSeconds),
    baseline: '—',
    ratio: '—',
    target: '< 2 s for 10k',
    met: p4.invitations >= 10_000 ? p4.enqueueSeconds < 2 : p4.enqueueSeconds < (2 * p4.invitations) / 10_000,
  })
  const dispatched = p4.expectedKeys.length
  const callsNeeded = Math.ceil(dispatched / 100) + stats.injectedBefore + stats.injectedAfter
  const limitSeconds = callsNeeded / cfg.p4.rateLimitPerSecond
  const dr = p4.dispatchSeconds / limitSeconds
  rows.push({
    id: 'P4',
    what: `dispatch ${fmt.int(dispatched)} via the Resend stand-in (${cfg.p4.rateLimitPerSecond} calls/s, ${fmt.pct(cfg.p4.failureRate)} injected 5xx)`,
    figure: `${fmt.s(p4.dispatchSeconds)}${p4.timedOut ? ' (TIMED OUT)' : ''}; ${stats.calls} calls: ${stats.rateLimited} × 429, ${stats.injectedBefore + stats.injectedAfter} × 5xx, ${stats.replays} replays`,
    baseline: `the limit: ${callsNeeded} calls needed / ${cfg.p4.rateLimitPerSecond} per s = ${fmt.s(limitSeconds)}`,
    ratio: fmt.ratio(dr),
    target: 'within 10% of the limit (≤ 1.10×)',
    met: !p4.timedOut && dr <= 1.1,
  })
  const sent = p4.statuses.sent ?? 0
  rows.push({
    id: 'P4',
    what: 'every invitation delivered exactly once',
    figure: `${fmt.int(sent)}/${fmt.int(dispatched)} outbox rows sent (${Object.entries(p4.statuses).map(([s, n]) => `${s} ${n}`).join(', ')}); stand-in: ${fmt.int(r.delivery.delivered)} deliveries, ${r.delivery.duplicates} duplicated, ${r.delivery.missing} missing`,
    baseline: '—',
    ratio: '—',
    target: 'each message key delivered once; all rows sent',
    met: sent === dispatched && r.delivery.duplicates === 0 && r.delivery.missing === 0 && r.delivery.strangers === 0 && !p4.timedOut,
  })

  const { p5, p5Base } = r
  rows.push({
    id: 'P5',
    what: 'respondent page /s/:token weight (gzip: HTML + CSS + JS)',
    figure: `${fmt.kb(p5.totalGzip)} (HTML ${fmt.kb(p5.htmlGzip)}, CSS ${fmt.kb(p5.cssGzip)}, JS ${fmt.kb(p5.jsGzip)}); no-JS form: ${p5.plainForm ? 'yes' : 'NO'}, <script src>: ${p5.scriptSrc}, inline scripts: ${p5.inlineScripts}; chart URLs: ${p5.chartUrls.length}`,
    baseline: `minimal Remix page: ${fmt.kb(p5Base.totalGzip)} (JS ${fmt.kb(p5Base.jsGzip)})`,
    ratio: fmt.ratio(p5.totalGzip / p5Base.totalGzip),
    target: '< 100 kB gzip; works without JS; no chart code',
    met: p5.totalGzip < 100 * 1024 && p5.plainForm && p5.scriptSrc === 0 && p5.chartUrls.length === 0,
  })

  const { p6, p6Http } = r
  rows.push({
    id: 'P6',
    what: 'CSV export of every response (?window=365), exportResponsesCsv() in a child → /dev/null',
    figure: `${fmt.int(p6.rows)} rows, ${fmt.mb(p6.bytes / 1e6)} in ${fmt.s(p6.seconds)}; peak RSS ${fmt.mb(p6.peakRssMb)} (${fmt.mb(p6.startRssMb)} before the export)`,
    baseline: '—',
    ratio: '—',
    target: 'streamed, peak RSS < 200 MB',
    met: p6.peakRssMb < 200,
  })
  rows.push({
    id: 'P6',
    what: 'the same export over HTTP (GET /sentiment/export.csv?window=365)',
    figure: `${fmt.int(p6Http.rows)} rows in ${fmt.s(p6Http.seconds)}; server RSS ${fmt.mb(p6Http.rssBeforeMb)} → peak ${fmt.mb(p6Http.rssPeakMb)}`,
    baseline: '—',
    ratio: '—',
    target: '(information)',
    met: null,
  })

  notes.push(
    `P1: autocannon, ${cfg.p1.connections} connections as fast as they go (closed loop, saturating the server), bounded by ${fmt.int(cfg.p1.amount)} requests and ${cfg.p1.maxSeconds} s, after ${cfg.p1.warmup - 50} warm-up posts on other links; then ${fmt.int(cfg.p1.steadyRate * cfg.p1.steadySeconds)} more evenly paced at ${cfg.p1.steadyRate}/s (open loop: each sent on schedule whatever the others are doing) for the latency below saturation; each request a never-used link of the open wave (real HMAC tokens) and a fresh form id; load generator and server share the 2 cores. The app runs on its production server (app/server.ts: remix-serve's stack plus the respondent's fast path). Baseline: test/bench/baseline-app on remix-serve, the same compiler and flags, an action that parses the same fields with zod, inserts one row (same pragmas) and answers 303.`,
    `P2: ${cfg.p2.samples} sequential GETs after ${cfg.p2.warmup} warm-ups, signed in as admin; the loader's time is what the server reports in its Server-Timing header (the loader alone: session, reads, aggregates; no rendering, no network), the page's is to the last byte on the client; account ${r.meta.sampleAccountId}. Raw SQL baseline (test/bench/raw-sql.ts), prepared once in this process: for /sentiment timed in a loop of its own (seconds a call); for the account page timed once after each of the page's requests, so that it runs under the loader's conditions (one call per request, caches as cold), and also in a hot loop of its own, whose ratio is shown beside it. For /sentiment the level × score distribution, account × level bands, asked/answered for the wave in view and the previous one, wave × level bands over all waves, top-never-answers and the account list; for the account page its wave × level bands, asked/answered, coverage, comments, account and people, and the champion section's log and per-person answers and the account's queue items — everything the loader computes but the session check.`,
    `P4 timeline: the dispatcher's pace between two successful calls is ${fmt.int(dispatchTimeline(stats).medianPaceMs)} ms (median; claiming, rendering 100 emails and sending them, one batch at a time), ${fmt.s(1000 / cfg.p4.rateLimitPerSecond / 1000)} at the limit; after the ${stats.rateLimited} × 429 the next admitted call came ${fmt.s(dispatchTimeline(stats).pausedMs / 1000)} later in total.`,
    `P4: stand-in (test/bench/resend-standin.ts): sliding one-second window of ${cfg.p4.rateLimitPerSecond} calls, 429 with retry-after in whole seconds; ${fmt.pct(cfg.p4.failureRate)} of admitted calls answer 500 (half before delivering, half after delivering and recording the idempotency key: a lost response). Calls needed = batches of 100 + injected failures (each costs a call). Dispatch time runs from the first dispatchOnce() to an empty outbox (dispatchOnce in a loop, maxBatches 20, polling every 20 ms while paused by a 429, 50 ms while waiting for a retry's backoff).${p4.held ? ` Quick run: the wave holds ${fmt.int(p4.invitations)} invitations; ${fmt.int(p4.held)} were held back (cancelled) before dispatch and ${fmt.int(dispatched)} dispatched.` : ''} Dispatcher passes ${p4.totals.passes}, batches ${p4.totals.batches}, retried messages ${p4.totals.retried}.`,
    `P3: a child process (test/bench/p3-queue-child.ts) on the copy P1 answered into (${fmt.int(r.p3.dirtyBefore)} accounts marked dirty by P1's answers), the server stopped. Full: recomputeQueue() marks every account and reassesses each in its own transaction (picture, signals, triage, item); the first run opened ${fmt.int(r.p3.full.firstActions.opened ?? 0)} items (${Object.entries(r.p3.openItems).map(([e, n]) => `${e} ${fmt.int(n)}`).join(', ')} by effort) with their steps, history and alerts. A steady recompute spends ${r.p3.sample.evaluateMsPerAccount.toFixed(3)} ms per account, of which reading its picture takes ${r.p3.sample.pictureMsPerAccount.toFixed(3)} ms (measured on the first ${fmt.int(r.p3.sample.accounts)} accounts). Incremental: ${r.p3.incremental.refresh.n} never-answered invitations of the open wave at as many accounts, each answered through recordAnswer() (scores 0–10, some comments the signals read), then refreshQueue() timed: it drains that one account's dirty mark and reassesses it. By what the update did (p50 / p99): ${Object.entries(r.p3.incremental.byAction).map(([a, t]) => `${a} (${t.n}) ${fmt.ms(t.p50)} / ${fmt.ms(t.p99)}`).join(', ')}.`,
    `P5: gzip level 9 of the HTML of /s/:token (an open invitation), its stylesheets and every script it references, following static imports. Baseline: the baseline app's page (Remix <Scripts>, one stylesheet).`,
    `P6: rows exported ${fmt.int(p6.rows)} of ${fmt.int(r.totalResponses)} responses in the database: confidential waves leave out groups (wave × account × level) with fewer than 3 respondents — here the 2-person top level of every account in the 4 confidential waves, by design. Peak RSS is the child's VmHWM (Node + tsx + the app's modules included).`,
  )
  return rows
}

main()
  .then(async () => {
    clearTimeout(deadline)
    await cleanup()
    process.exit(0)
  })
  .catch(async (error) => {
    // An interrupted run fails its current step on purpose: the signal handler reports and exits.
    if (interrupted) return
    console.error(`\n[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    clearTimeout(deadline)
    await cleanup()
    process.exit(1)
  })
