/* Assembles the sentiment pages from the model's group summaries and the domain's
   rules: which waves are in view, how private they are, and every figure on the page. */
import type { Viewer } from '#app/domain/access'
import { canShow, mayAttribute, privacyOf, shownComment, showsWhoAnswered } from '#app/domain/confidentiality'
import { gapSentence, hateIndex, isSignificantGap, meanScore, type Summary } from '#app/domain/hate-scale'
import { heatRows, largestGaps, levelFigures, levelSeries, silentLevels, sortHeatRows, topNeverAnswers, type WaveInfo } from '#app/domain/sentiment'
import { LEVELS, type Level } from '#app/domain/vocabulary'
import { currentWaves, waveStatus } from '#app/domain/waves'
import { HEAT_PAGE_SIZE, type SentimentQuery } from '#app/forms/sentiment'
import {
  accountComments,
  accountInvited,
  accountLevelInvited,
  accountLevelSummaries,
  accountsInScope,
  accountWaveLevelSummaries,
  exportComments,
  exportGroups,
  exportRows,
  levelDistribution,
  levelPeople,
  listStartedWaves,
  memoForClosed,
  topAskedAnswered,
  peopleAnswers,
  waveLevelSummaries,
  type AccountFilters,
  type SentimentFilters,
} from '#app/models/sentiment.server'
import type { ExistingPerson } from '#app/domain/stakeholder-import'
import { listStakeholders } from '#app/models/stakeholders.server'
import { csvStream } from '#app/utils/csv.server'

const DAY = 86_400_000

/**
 * The waves a query looks at: a time window, one chosen wave, or by default the latest
 * closed wave (an open wave is still filling up; it can be chosen explicitly).
 * Silence is only judged on a closed wave.
 */
export function wavesInView(
  all: (WaveInfo & { closesAt: Date; closedAt: Date | null })[],
  query: Pick<SentimentQuery, 'wave' | 'window'>,
  now: Date,
): { selected: WaveInfo[]; previous: WaveInfo | null; judgeSilence: boolean } {
  if (query.window) {
    const from = now.getTime() - Number(query.window) * DAY
    return { selected: all.filter((w) => w.sendAt.getTime() >= from), previous: null, judgeSilence: false }
  }
  const { lastClosed } = currentWaves(all, now)
  let index = query.wave ? all.findIndex((w) => w.id === query.wave) : lastClosed ? all.indexOf(lastClosed) : -1
  if (index < 0) index = 0
  const chosen = all[index]
  if (!chosen) return { selected: [], previous: null, judgeSilence: false }
  return { selected: [chosen], previous: all[index + 1] ?? null, judgeSilence: waveStatus(chosen, now) === 'closed' }
}

const byLevel = (rows: { level: Level; invited: number; answered: number }[]) =>
  LEVELS.map((level) => rows.filter((r) => r.level === level).reduce((s, r) => ({ level, invited: s.invited + r.invited, answered: s.answered + r.answered }), { level, invited: 0, answered: 0 }))

const sumByAccountLevel = (rows: { accountId: number; level: Level; invited: number; answered: number }[]) => {
  const m = new Map<string, { accountId: number; level: Level; invited: number; answered: number }>()
  for (const r of rows) {
    const k = `${r.accountId}|${r.level}`
    const cur = m.get(k) ?? { accountId: r.accountId, level: r.level, invited: 0, answered: 0 }
    m.set(k, { ...cur, invited: cur.invited + r.invited, answered: cur.answered + r.answered })
  }
  return [...m.values()]
}

export function accountFilters(query: Pick<SentimentQuery, 'owner' | 'strategic' | 'status'>): AccountFilters {
  return { ownerId: query.owner, strategic: query.strategic ? query.strategic === 'yes' : undefined, status: query.status }
}

export function portfolioSentiment({ viewer, query, now }: { viewer: Viewer; query: SentimentQuery; now: Date }) {
  const allWaves = listStartedWaves({ now })
  const { selected, previous, judgeSilence } = wavesInView(allWaves, query, now)
  const privacy = privacyOf(selected)
  const account = accountFilters(query)
  const base = { viewer, account, role: query.role }
  const closed = (ws: (typeof allWaves)[number][]) => ws.every((w) => waveStatus(w, now) === 'closed')
  // Every summary below is remembered for closed waves (they no longer change).
  const over = <T,>(name: string, fn: (f: SentimentFilters) => T, ws: (typeof allWaves)[number][]) => memoForClosed(name, fn, { ...base, waveIds: ws.map((w) => w.id) }, closed(ws))
  const perWave = <T,>(name: string, fn: (f: SentimentFilters) => T[]) => allWaves.flatMap((w) => over(name, fn, [w]))

  // Accounts change only through writes that forget the memory (see invalidateSentimentCache).
  const accounts = memoForClosed('accounts', () => accountsInScope({ viewer, account }), { ...base, waveIds: [] }, true)
  const names = new Map(accounts.map((a) => [a.id, a.name]))
  const selectedWaves = allWaves.filter((w) => selected.some((s) => s.id === w.id))
  const closedWaves = allWaves.filter((w) => waveStatus(w, now) === 'closed')
  const openWaves = allWaves.filter((w) => waveStatus(w, now) !== 'closed')
  const previousWave = allWaves.filter((w) => w.id === previous?.id)
  // The picture of the waves in view (and the one before), derived once while they are closed.
  const inView = over(
    'inView',
    () => {
      const invitedRows = accountLevelInvited({ ...base, waveIds: selectedWaves.map((w) => w.id) })
      const previousSummaries = previous ? { summaries: new Map(waveLevelSummaries({ ...base, waveIds: [previous.id] }).map((s) => [s.level, s as Summary])), privacy: privacyOf([previous]) } : undefined
      const f = { ...base, waveIds: selectedWaves.map((w) => w.id) }
      const levels = levelFigures({ distribution: levelDistribution(f), people: levelPeople(f), invited: byLevel(invitedRows), previous: previousSummaries, privacy })
      const current = sumByAccountLevel(invitedRows)
      const rows = sortHeatRows(heatRows({ accounts, summaries: accountLevelSummaries(f), invited: current, privacy }), 'gap', 'desc')
      const silent = previous && judgeSilence ? silentLevels({ current, previous: accountLevelInvited({ ...base, waveIds: [previous.id] }) }) : []
      return { levels, rows, silent }
    },
    [...selectedWaves, ...previousWave],
  )
  const { levels, rows } = inView
  const heatPages = Math.max(1, Math.ceil(rows.length / HEAT_PAGE_SIZE))
  const heatPage = Math.min(query.page, heatPages)

  return {
    waves: allWaves.map((w) => ({ id: w.id, name: w.name, sendAt: w.sendAt })),
    selected: selected.map((w) => ({ id: w.id, name: w.name })),
    privacy,
    levels,
    series: levelSeries({ waves: allWaves, summaries: perWave('waveLevel', waveLevelSummaries) }),
    heat: (query.sort === 'gap' && query.dir === 'desc' ? rows : sortHeatRows(rows, query.sort, query.dir)).slice((heatPage - 1) * HEAT_PAGE_SIZE, heatPage * HEAT_PAGE_SIZE),
    heatTotal: rows.length,
    heatPage,
    heatPages,
    gaps: largestGaps(rows).map((r) => ({ accountId: r.accountId, name: r.name, gap: r.gap!, sentence: gapSentence(r.gap!) })),
    silent: inView.silent.map((s) => ({ ...s, name: names.get(s.accountId) ?? '' })),
    topNeverAnswers: topNeverAnswers([...over('topAsked', topAskedAnswered, closedWaves), ...over('topAsked', topAskedAnswered, openWaves)])
      .map((id) => ({ accountId: id, name: names.get(id) ?? '' }))
      .filter((a) => a.name),
  }
}

/** The sentiment section of one account page (`people`: the account's, when the caller has read them already). */
export function accountSentiment({ viewer, accountId, now, people = listStakeholders({ accountId }) }: { viewer: Viewer; accountId: number; now: Date; people?: ExistingPerson[] }) {
  const allWaves = listStartedWaves({ now })
  const invited = accountInvited({ viewer, accountId, waveIds: allWaves.map((w) => w.id) })
  const waves = allWaves.filter((w) => invited.some((r) => r.waveId === w.id))
  const waveIds = waves.map((w) => w.id)
  const summaries = accountWaveLevelSummaries({ viewer, accountId, waveIds })
  // The wave to read now: the account's last closed one (an open wave is still filling
  // up), as the queue reads it; an open one only while none has closed.
  const current = currentWaves(waves, now)
  const latest = current.lastClosed ?? current.open[0]
  const latestPrivacy = latest ? privacyOf([latest]) : { confidential: false, k: 0 }
  // The latest wave's per-level summaries are among the per-wave ones (same rows, same filters).
  const latestSummaries = summaries
    .filter((s) => s.waveId === latest?.id)
    .map((s) => ({ accountId, level: s.level, n: s.n, sum: s.sum, fans: s.fans, passives: s.passives, haters: s.haters, people: s.people }))
  const latestRow = latest
    ? heatRows({ accounts: [{ id: accountId, name: '', arr: 0 }], summaries: latestSummaries, invited: invited.filter((r) => r.waveId === latest.id), privacy: latestPrivacy })[0]
    : undefined

  // Coverage: levels × people for the latest wave — answered, silent, or no one there.
  // Per person only where the policy lets answers be attributed; counts alone otherwise.
  const states = latest ? peopleAnswers({ accountId, waveIds: [latest.id] }) : []
  const perPerson = showsWhoAnswered(latestPrivacy)
  const coverage = LEVELS.map((level) => {
    const atLevel = people.filter((p) => p.level === level)
    const asked = atLevel.map((p) => ({ person: p, state: states.find((s) => s.stakeholderId === p.id)?.state ?? null }))
    return {
      level,
      noOne: atLevel.filter((p) => p.status === 'active').length === 0,
      answered: asked.filter((a) => a.state === 'answered').length,
      silent: asked.filter((a) => a.state !== null && a.state !== 'answered').length,
      notAsked: asked.filter((a) => a.state === null).length,
      people: perPerson ? asked.map((a) => ({ id: a.person.id, name: a.person.name, status: a.person.status, answered: a.state === 'answered', asked: a.state !== null })) : [],
    }
  })

  // Comments, as the policy lets each be shown (or not at all).
  const commentRows = accountComments({ accountId, waveIds })
  const comments = commentRows.flatMap((c) => {
    const wave = waves.find((w) => w.id === c.waveId)!
    const ofWave = summaries.filter((s) => s.waveId === c.waveId)
    const shown = shownComment(
      {
        ...c,
        accountPeople: ofWave.reduce((sum, s) => sum + (s.people ?? s.n), 0),
        levelPeople: ofWave.filter((s) => s.level === c.level).reduce((sum, s) => sum + (s.people ?? s.n), 0),
        rolePeople: c.rolePeople,
      },
      privacyOf([wave]),
    )
    return shown ? [{ wave: wave.name, ...shown }] : []
  })

  return {
    waves: waves.map((w) => ({ id: w.id, name: w.name, anonymity: w.anonymity, minAnswers: w.minAnswers })),
    series: levelSeries({ waves, summaries }),
    latest: latest ? { id: latest.id, name: latest.name, privacy: latestPrivacy } : null,
    cells: latestRow?.cells ?? null,
    gap: latestRow && isSignificantGap(latestRow.gap) ? { ...latestRow.gap, sentence: gapSentence(latestRow.gap) } : null,
    coverage,
    comments,
    hiddenComments: commentRows.length - comments.length,
  }
}

export const EXPORT_HEADER = ['row', 'wave', 'account', 'level', 'role', 'people', 'score', 'hate_index', 'category', 'comment', 'answered_at', 'name', 'email']

type ExportLine = (string | number | null)[]

/**
 * The answers behind the page, as a CSV stream, through the confidentiality policy: a
 * named wave gives one `answer` row per answer; a confidential wave gives `group` rows
 * (people, mean score and Hate Index per account and level, under the k rule) and
 * `comment` rows without names, scores or times.
 */
export function exportResponsesCsv({ viewer, query, now }: { viewer: Viewer; query: SentimentQuery; now: Date }) {
  const { selected } = wavesInView(listStartedWaves({ now }), query, now)
  const filters = { viewer, account: accountFilters(query), role: query.role }
  const answers = exportRows({ ...filters, waveIds: selected.filter((w) => mayAttribute(privacyOf([w]))).map((w) => w.id) })
  const confidential = selected.filter((w) => !mayAttribute(privacyOf([w])))
  function* lines(): Generator<ExportLine> {
    for (const r of answers) yield ['answer', r.wave, r.account, r.level, r.role, null, r.score, null, r.category, r.comment, new Date(r.answeredAt).toISOString(), r.name, r.email]
    for (const wave of confidential) {
      const privacy = privacyOf([wave])
      for (const g of exportGroups({ ...filters, waveIds: [wave.id] })) {
        if (!canShow(g, privacy)) continue
        yield ['group', wave.name, g.account, g.level, null, g.people, Number(meanScore(g)!.toFixed(1)), Math.round(hateIndex(g)!), null, null, null, null, null]
      }
      for (const c of exportComments({ ...filters, waveIds: [wave.id] })) {
        const shown = shownComment(c, privacy)
        if (shown) yield ['comment', wave.name, c.account, shown.level, shown.role, null, null, null, shown.category, shown.comment, null, null, null]
      }
    }
  }
  return csvStream({ header: EXPORT_HEADER, rows: lines(), toLine: (line) => line })
}
