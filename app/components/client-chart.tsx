/* Renders a chart only after hydration: chart.js is browser-only and is fetched as
   its own chunk, so pages without charts never download it. */
import { lazy, Suspense, useEffect, useState } from 'react'
import type { ChartProps } from './chart.client'

const Chart = lazy(() => import('./chart.client'))

export function useHydrated() {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

export function ClientChart(props: ChartProps) {
  const hydrated = useHydrated()
  if (!hydrated) return null
  return (
    <Suspense fallback={<div className="chart-box muted">Loading chart…</div>}>
      <Chart {...props} />
    </Suspense>
  )
}

export const LEVEL_COLORS = { executor: '#b3261e', manager: '#e8710a', head: '#1a73e8', top: '#188038' } as const
