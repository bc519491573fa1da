/* The one table: id | what | figure | baseline (same run) | ratio | target | met? */

export type Row = { id: string; what: string; figure: string; baseline: string; ratio: string; target: string; met: boolean | null }

const COLUMNS = ['id', 'what', 'figure', 'baseline (same run)', 'ratio', 'target', 'met?'] as const

const cells = (r: Row) => [r.id, r.what, r.figure, r.baseline, r.ratio, r.target, r.met === null ? '—' : r.met ? 'yes' : 'NO']

export function textTable(rows: Row[]): string {
  const data = [COLUMNS as readonly string[], ...rows.map(cells)]
  const widths = COLUMNS.map((_, i) => Math.max(...data.map((d) => d[i].length)))
  const line = (d: readonly string[]) => d.map((c, i) => c.padEnd(widths[i])).join(' | ')
  return [line(data[0]), widths.map((w) => '-'.repeat(w)).join('-|-'), ...data.slice(1).map(line)].join('\n')
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  return [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`)].join('\n')
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en'),
  ms: (n: number) => (n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(1)} ms`),
  s: (n: number) => `${n.toFixed(2)} s`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`,
  mb: (n: number) => `${Math.round(n)} MB`,
  ratio: (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—'),
  pct: (n: number) => `${Math.round(n * 100)}%`,
}
