/* P2's baseline: every figure the page shows, computed by hand-written SQL through
   better-sqlite3 in the bench process (prepared once, no ORM, no rendering, no HTTP).
   Each statement is one aggregate over the same rows the page reads. */
import type Database from 'better-sqlite3'

export const PORTFOLIO_SQL = {
  /** Level × score distribution of the wave in view (the level table and the bar chart). */
  distribution: `select r.level, r.score, count(*) as n, count(distinct r.stakeholder_id) as people
    from responses r join accounts a on a.id = r.account_id
    where r.wave_id = ? and a.archived_at is null group by r.level, r.score`,
  /** Accounts × levels band counts (the heat table and the level gaps). */
  bands: `select r.account_id, r.level, count(*) as n, sum(r.score) as sum, sum(r.score <= 1) as fans,
      sum(r.score between 2 and 3) as passives, sum(r.score >= 4) as haters, count(distinct r.stakeholder_id) as people
    from responses r join accounts a on a.id = r.account_id
    where r.wave_id = ? and a.archived_at is null group by r.account_id, r.level`,
  /** Asked and answered per wave × account × level for the wave in view and the one before (response rates, silence). */
  invited: `select i.wave_id, i.account_id, i.level, count(*) as invited, sum(i.state = 'answered') as answered
    from invitations i join accounts a on a.id = i.account_id
    where i.wave_id in (?, ?) and a.archived_at is null group by i.wave_id, i.account_id, i.level`,
  /** Wave × level band counts over every wave (the trend chart and "vs previous"). */
  series: `select r.wave_id, r.level, count(*) as n, sum(r.score) as sum, sum(r.score <= 1) as fans,
      sum(r.score between 2 and 3) as passives, sum(r.score >= 4) as haters
    from responses r join accounts a on a.id = r.account_id
    where a.archived_at is null group by r.wave_id, r.level`,
  /** Accounts whose top management never answered any wave ("top never answers"). */
  topSilent: `select i.account_id from invitations i join accounts a on a.id = i.account_id
    where i.level = 'top' and a.archived_at is null group by i.account_id having sum(i.state = 'answered') = 0`,
  /** The accounts with their names and ARR (the heat table's rows). */
  accounts: 'select id, name, arr, strategic, status from accounts where archived_at is null order by name',
}

export const ACCOUNT_SQL = {
  /** Wave × level band counts of one account (trend, latest cells, privacy). */
  bands: `select wave_id, level, count(*) as n, sum(score) as sum, sum(score <= 1) as fans, sum(score between 2 and 3) as passives,
      sum(score >= 4) as haters, count(distinct stakeholder_id) as people
    from responses where account_id = ? group by wave_id, level`,
  /** Asked and answered per wave × level. */
  invited: `select wave_id, level, count(*) as invited, sum(state = 'answered') as answered from invitations where account_id = ? group by wave_id, level`,
  /** Who answered the latest wave (coverage matrix). */
  coverage: 'select stakeholder_id, state from invitations where account_id = ? and wave_id = ?',
  /** Comments, newest first, with the name only for named waves. */
  comments: `select r.wave_id, r.level, r.role, r.score, r.category, r.comment, r.updated_at,
      case when w.anonymity = 'named' then s.name end as name
    from responses r join waves w on w.id = r.wave_id join stakeholders s on s.id = r.stakeholder_id
    where r.account_id = ? and r.comment != '' order by r.updated_at desc`,
  /** The account and its people. */
  account: 'select * from accounts where id = ?',
  people: 'select * from stakeholders where account_id = ? order by level, name',
  /** The champion section: the account's champion log, and each person's latest answer (successor ranking). */
  championEvents: 'select * from champion_events where account_id = ? order by id',
  latestAnswers: `select r.stakeholder_id, r.score, r.updated_at, max(w.send_at) from responses r join waves w on w.id = r.wave_id
    where r.account_id = ? group by r.stakeholder_id`,
  /** The account's queue items (links on the page). */
  queueItems: 'select id, status, risk, health, opened_at from queue_items where account_id = ? order by id desc',
}

export function portfolioQueries(db: Database.Database, { waveId, previousWaveId }: { waveId: number; previousWaveId: number }) {
  const s = Object.fromEntries(Object.entries(PORTFOLIO_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof PORTFOLIO_SQL, Database.Statement>
  return () => {
    const rows = s.distribution.all(waveId).length + s.bands.all(waveId).length + s.invited.all(waveId, previousWaveId).length + s.series.all().length + s.topSilent.all().length + s.accounts.all().length
    if (rows === 0) throw new Error('raw portfolio queries found nothing')
  }
}

export function accountQueries(db: Database.Database, { accountId, waveId }: { accountId: number; waveId: number }) {
  const s = Object.fromEntries(Object.entries(ACCOUNT_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof ACCOUNT_SQL, Database.Statement>
  return () => {
    const rows =
      s.bands.all(accountId).length +
      s.invited.all(accountId).length +
      s.coverage.all(accountId, waveId).length +
      s.comments.all(accountId).length +
      (s.account.get(accountId) ? 1 : 0) +
      s.people.all(accountId).length +
      s.championEvents.all(accountId).length +
      s.latestAnswers.all(accountId).length +
      s.queueItems.all(accountId).length
    if (rows === 0) throw new Error('raw account queries found nothing')
  }
}
