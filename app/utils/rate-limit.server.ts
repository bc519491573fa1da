/* A small in-process fixed-window rate limiter for the public token routes.
   One server process is the deployment model here (SQLite), so memory is enough. */

type Window = { start: number; count: number }

export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const windows = new Map<string, Window>()
  let lastSweep = 0
  return {
    /** True when this hit is allowed; counts it either way. */
    hit(key: string, now = Date.now()): boolean {
      if (now - lastSweep > windowMs) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k)
        lastSweep = now
      }
      const w = windows.get(key)
      if (!w || now - w.start >= windowMs) {
        windows.set(key, { start: now, count: 1 })
        return true
      }
      w.count++
      return w.count <= limit
    },
    reset() {
      windows.clear()
    },
  }
}
