export function formatArr(arr: number): string {
  if (arr >= 1_000_000) return `$${(arr / 1_000_000).toFixed(arr % 1_000_000 === 0 ? 0 : 1)}M`
  if (arr >= 1_000) return `$${Math.round(arr / 1_000)}K`
  return `$${arr}`
}

/** Days from today (UTC) to an ISO date; negative when past. */
export function daysUntil(isoDate: string, now = new Date()): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Math.round((Date.parse(isoDate) - today) / 86_400_000)
}
