/* The slice of autocannon's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  export type RequestParams = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }
  export type Request = RequestParams & {
    setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams | null | undefined
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void
  }
  export type Options = {
    url: string
    connections?: number
    amount?: number
    duration?: number
    timeout?: number
    pipelining?: number
    overallRate?: number
    requests?: Request[]
    excludeErrorStats?: boolean
  }
  export type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; total: number; p50: number; p90: number; p99: number; p99_9: number }
  export type Result = {
    duration: number
    start: Date
    finish: Date
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
    latency: Histogram
    requests: Histogram & { sent: number }
    totalCompletedRequests?: number
  }
  export type Instance = EventEmitter & { stop: () => void }
  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance
  export default autocannon
}
