/* Small pieces shared by the sentiment pages: how a figure, a rate and a heat cell look. */
import { ClientChart, LEVEL_COLORS } from './client-chart'
import type { Figure, SeriesPoint } from '#app/domain/sentiment'
import { NOT_ENOUGH_ANSWERS } from '#app/domain/hate-scale'
import { LEVEL_LABELS, LEVELS, type Level } from '#app/domain/vocabulary'

export function formatIndex(value: number): string {
  const rounded = Math.round(value)
  return rounded > 0 ? `+${rounded}` : String(rounded)
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`
}

/** Green for fans, red for haters; grey when there is nothing to show. */
export function heatColor(figure: Figure): string | undefined {
  if (!figure.shown) return undefined
  const t = (figure.hateIndex + 100) / 200
  return `hsl(${Math.round(120 - 120 * t)} 70% ${Math.round(88 - 10 * Math.abs(t - 0.5))}%)`
}

export function FigureText({ figure, short = false }: { figure: Figure; short?: boolean }) {
  if (figure.shown) return <>{formatIndex(figure.hateIndex)}</>
  if (figure.n === 0) return <span className="muted">—</span>
  return short ? (
    <abbr className="hidden-figure" title={NOT_ENOUGH_ANSWERS}>
      too few<span className="sr-only">: {NOT_ENOUGH_ANSWERS}</span>
    </abbr>
  ) : (
    <span className="hidden-figure">{NOT_ENOUGH_ANSWERS}</span>
  )
}

/** A header row: a first column, then one column per level. */
export function LevelHeader({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th>{first}</th>
        {LEVELS.map((l) => (
          <th key={l} className="num">
            {LEVEL_LABELS[l]}
          </th>
        ))}
      </tr>
    </thead>
  )
}

/** Hate Index per level across waves: the line chart and, beside it, the same numbers as a table. */
export function LevelSeries({ series }: { series: Record<Level, SeriesPoint[]> }) {
  const labels = series.executor.map((p) => p.waveName)
  return (
    <>
      <ClientChart kind="line" label="Hate Index per level for each wave" labels={labels} min={-100} max={100} datasets={LEVELS.map((l) => ({ label: LEVEL_LABELS[l], data: series[l].map((p) => p.hateIndex), color: LEVEL_COLORS[l] }))} />
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Hate Index per level for each wave</caption>
          <LevelHeader first="Wave" />
          <tbody>
            {labels.map((name, i) => (
              <tr key={name + i}>
                <td>{name}</td>
                {LEVELS.map((l) => {
                  const p = series[l][i]
                  return (
                    <td key={l} className="num">
                      {p.hateIndex !== null ? formatIndex(p.hateIndex) : p.n ? <abbr title={NOT_ENOUGH_ANSWERS}>too few</abbr> : '—'}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
