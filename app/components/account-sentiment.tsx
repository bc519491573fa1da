/* The sentiment section of an account page: each level across waves, the level gap
   in plain words, who we reach at each level, and what people wrote. */
import { FigureText, formatRate, LevelHeader, LevelSeries } from './sentiment-bits'
import type { Figure, SeriesPoint } from '#app/domain/sentiment'
import { LEVEL_LABELS, LEVELS, type Level } from '#app/domain/vocabulary'
import { t } from '#app/i18n/messages'

type Props = {
  waves: { id: number; name: string; anonymity: 'named' | 'confidential'; minAnswers: number }[]
  series: Record<Level, SeriesPoint[]>
  latest: { id: number; name: string; privacy: { confidential: boolean; k: number } } | null
  cells: Record<Level, { figure: Figure; invited: number; answered: number; rate: number | null }> | null
  gap: { sentence: string; gap: number } | null
  coverage: { level: Level; noOne: boolean; answered: number; silent: number; notAsked: number; people: { id: number; name: string; status: string; answered: boolean; asked: boolean }[] }[]
  comments: { wave: string; comment: string; category: string | null; at: string | Date | null; name: string | null; level: Level | null; role: string | null; score: number | null }[]
  hiddenComments: number
}

const categoryName = (c: string | null) => (c ? t('en').categoryNames[c as keyof ReturnType<typeof t>['categoryNames']] : null)

export function AccountSentiment(s: Props) {
  if (s.waves.length === 0) {
    return (
      <section id="sentiment" aria-labelledby="sentiment-title">
        <h2 id="sentiment-title">Sentiment</h2>
        <p className="card">Nobody here has been surveyed yet.</p>
      </section>
    )
  }
  return (
    <section id="sentiment" aria-labelledby="sentiment-title">
      <h2 id="sentiment-title">Sentiment</h2>
      {s.gap ? (
        <p className="callout" role="note">
          <strong>Level gap:</strong> {s.gap.sentence}.
        </p>
      ) : null}
      {s.latest && s.cells ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Latest wave by level</caption>
            <LevelHeader first={s.latest.name} />
            <tbody>
              <tr>
                <td>Hate Index</td>
                {LEVELS.map((l) => (
                  <td key={l} className="num">
                    <FigureText figure={s.cells![l].figure} short />
                  </td>
                ))}
              </tr>
              <tr>
                <td>Mean score</td>
                {LEVELS.map((l) => (
                  <td key={l} className="num">
                    {s.cells![l].figure.shown ? (s.cells![l].figure as { mean: number }).mean.toFixed(1) : '—'}
                  </td>
                ))}
              </tr>
              <tr>
                <td>Response rate</td>
                {LEVELS.map((l) => (
                  <td key={l} className="num">
                    {formatRate(s.cells![l].rate)} <span className="muted">({s.cells![l].answered}/{s.cells![l].invited})</span>
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}

      <h3>Each level across waves</h3>
      <LevelSeries series={s.series} />

      <h3>Who we reach{s.latest ? ` (${s.latest.name})` : ''}</h3>
      <div className="coverage" data-testid="coverage-matrix">
        {s.coverage.map((c) => (
          <div key={c.level} className={`cell${c.noOne ? ' gap' : ''}`} data-level={c.level}>
            <div className="muted">{LEVEL_LABELS[c.level]}</div>
            {c.noOne ? (
              <strong>No one there</strong>
            ) : (
              <div>
                {c.answered} answered · {c.silent} silent{c.notAsked ? ` · ${c.notAsked} not asked` : ''}
              </div>
            )}
            <ul className="plain">
              {c.people.map((p) => (
                <li key={p.id}>
                  {p.name} {p.status !== 'active' ? <span className={`badge ${p.status}`}>{p.status}</span> : null}
                  {p.answered === true ? <span className="badge ok">answered</span> : p.answered === false && p.asked ? <span className="badge">silent</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {s.latest?.privacy.confidential ? <p className="muted">Confidential wave: who was asked and who answered is not shown per person, only the counts.</p> : null}

      <h3>What they wrote</h3>
      {s.comments.length === 0 ? (
        <p className="muted">No comments{s.hiddenComments ? ' that can be shown without identifying people' : ''}.</p>
      ) : (
        <ul className="comments">
          {s.comments.map((c, i) => (
            <li key={i} className="card">
              <p>“{c.comment}”</p>
              <p className="muted">
                {c.name ? `${c.name} · ` : ''}
                {c.level ? `${LEVEL_LABELS[c.level]}${c.role ? ` · ${c.role}` : ''}` : 'level not shown (too few answers)'}
                {c.category ? ` · ${categoryName(c.category)}` : ''}
                {c.score !== null ? ` · score ${c.score}` : ''} · {c.wave}
              </p>
            </li>
          ))}
        </ul>
      )}
      {s.hiddenComments > 0 ? <p className="muted">{s.hiddenComments} comments are not shown: too few people answered to keep them anonymous.</p> : null}
    </section>
  )
}
