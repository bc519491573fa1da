/* Chart.js, in the browser only (this module is never part of the server build and
   is loaded on demand by analytics pages only). Every chart sits next to a data table
   with the same numbers, for screen readers and people who prefer numbers. */
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js'
import { Bar, Line } from 'react-chartjs-2'

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, Tooltip, Legend)

export type ChartProps = {
  kind: 'line' | 'bar'
  label: string
  labels: string[]
  datasets: { label: string; data: (number | null)[]; color: string }[]
  min?: number
  max?: number
  stacked?: boolean
}

export default function Chart({ kind, label, labels, datasets, min, max, stacked }: ChartProps) {
  const data = {
    labels,
    datasets: datasets.map((d) => ({ label: d.label, data: d.data, borderColor: d.color, backgroundColor: d.color, spanGaps: true, tension: 0.2 })),
  }
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    scales: { y: { min, max, stacked }, x: { stacked } },
    plugins: { legend: { position: 'bottom' as const } },
  }
  return (
    <div className="chart-box" role="img" aria-label={label} data-chart={kind}>
      {kind === 'line' ? <Line data={data} options={options} /> : <Bar data={data} options={options} />}
    </div>
  )
}
