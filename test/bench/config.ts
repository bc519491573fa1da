/* Sizes, paths and fixed credentials of the benchmark. Everything it writes lives
   under test/.bench/ (git-ignored). */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BENCH_DIR = path.join(ROOT, 'test', 'bench')
export const DATA_DIR = path.join(ROOT, 'test', '.bench')
export const CACHE_DIR = path.join(DATA_DIR, 'cache')
export const RUN_DIR = path.join(DATA_DIR, 'run')
export const BASELINE_APP_DIR = path.join(BENCH_DIR, 'baseline-app')
export const LAST_RUN_MD = path.join(DATA_DIR, 'last-run.md')

export const HOST = '127.0.0.1'

/** Link tokens are HMACs under a key derived from SESSION_SECRET: generator and server share this one. */
export const BENCH_SESSION_SECRET = 'hatescale-bench-session-secret-0123456789abcdef'
export const BENCH_ADMIN_EMAIL = 'bench-admin@hatescale.bench'
export const BENCH_PASSWORD = 'bench-password-2026'

export type PortfolioParams = {
  accounts: number
  /** 12 or 13 people per account, alternating: 12.5 on average. */
  stakeholders: number
  waves: number
  responses: number
  /** Invitations of the open "live" wave whose links P1 posts to (and P5 opens). */
  liveInvitations: number
}

export type BenchConfig = {
  mode: 'quick' | 'full'
  portfolio: PortfolioParams
  /** amount/connections/maxSeconds: the saturating run; steady*: latency at a fixed offered load below saturation. */
  p1: { amount: number; connections: number; maxSeconds: number; warmup: number; steadyRate: number; steadySeconds: number }
  p2: { warmup: number; samples: number }
  /** Single-answer updates timed for the queue's incremental path. */
  p3: { updates: number }
  p4: { enqueue: number; dispatch: number; rateLimitPerSecond: number; failureRate: number; maxSeconds: number }
  /** Hard stop for the whole run. */
  deadlineSeconds: number
}

const WARMUP = 300
const STEADY_RATE = 100
const P3_UPDATES = 200

/**
 * Live-wave links: the saturating run (+200 slack), the warm-up, the steady run (+50 slack), P5 and spare,
 * then whole accounts (13 people at most) left unanswered for P3's single-answer updates.
 */
const liveLinks = (amount: number, steadySeconds: number) => amount + 200 + WARMUP + STEADY_RATE * steadySeconds + 50 + 50 + 13 * P3_UPDATES

function sized(mode: 'quick' | 'full'): BenchConfig {
  if (mode === 'quick') {
    const amount = 3_000
    const steadySeconds = 3
    return {
      mode,
      portfolio: { accounts: 1_000, stakeholders: 12_500, waves: 8, responses: 100_000, liveInvitations: liveLinks(amount, steadySeconds) },
      p1: { amount, connections: 50, maxSeconds: 8, warmup: WARMUP, steadyRate: STEADY_RATE, steadySeconds },
      p2: { warmup: 2, samples: 8 },
      p3: { updates: P3_UPDATES },
      // Rendering 10k emails alone takes ~40 s of CPU: quick enqueues 10k but dispatches 500 of them.
      p4: { enqueue: 10_000, dispatch: 500, rateLimitPerSecond: 2, failureRate: 0.05, maxSeconds: 30 },
      deadlineSeconds: 180,
    }
  }
  const amount = 20_000
  const steadySeconds = 10
  return {
    mode,
    portfolio: { accounts: 10_000, stakeholders: 125_000, waves: 8, responses: 1_000_000, liveInvitations: liveLinks(amount, steadySeconds) },
    p1: { amount, connections: 50, maxSeconds: 90, warmup: WARMUP, steadyRate: STEADY_RATE, steadySeconds },
    p2: { warmup: 5, samples: 30 },
    p3: { updates: P3_UPDATES },
    p4: { enqueue: 10_000, dispatch: 10_000, rateLimitPerSecond: 2, failureRate: 0.05, maxSeconds: 300 },
    deadlineSeconds: 14 * 60,
  }
}

export function benchConfig(argv: string[]): BenchConfig & { fresh: boolean } {
  const mode = argv.includes('--quick') ? 'quick' : 'full'
  return { ...sized(mode), fresh: argv.includes('--fresh') }
}
