/* The respondent's survey page body. Plain <form method="post"> on purpose: the page is
   served without scripts and must work with JavaScript off, a keyboard and a screen reader. */
import type { ReactNode } from 'react'
import type { Locale } from '#app/domain/vocabulary'
import {
  CATEGORIES,
  COMMENT_MAX,
  SUGGEST_EMAIL_MAX,
  SUGGEST_NAME_MAX,
  formatDate,
  t,
  type Anonymity,
} from '#app/i18n/messages'

export type SurveyFormProps = {
  locale: Locale
  question: string
  followUp: string
  askCategory: boolean
  anonymity: Anonymity
  senderName: string
  /** ISO date-time the wave closes. */
  closesAt: string
  selectedScore: number | null
  values?: { comment?: string; category?: string; suggestName?: string; suggestEmail?: string }
  errors?: Record<string, string[] | undefined>
  submissionId: string
  answered: boolean
  /** Staff preview: the same page with every button turned off. */
  preview?: boolean
}

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const

const id = (name: string) => `survey-${name}`
const errorId = (name: string) => `survey-${name}-error`

function ids(...parts: (string | false | undefined)[]) {
  const list = parts.filter(Boolean)
  return list.length ? list.join(' ') : undefined
}

function FieldError({ name, errors }: { name: string; errors?: SurveyFormProps['errors'] }) {
  const message = errors?.[name]?.[0]
  return message ? (
    <p id={errorId(name)} className="survey-error" role="alert">
      {message}
    </p>
  ) : null
}

function Hidden({ intent, submissionId }: { intent: string; submissionId: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="submissionId" value={submissionId} />
    </>
  )
}

export function SurveyForm(props: SurveyFormProps) {
  const { errors, values = {}, preview = false } = props
  const m = t(props.locale)
  const has = (name: string) => Boolean(errors?.[name]?.length)
  const closes = formatDate(props.locale, props.closesAt)
  // A mistake in the side forms is only visible if their section is open.
  const sideOpen = has('suggestName') || has('suggestEmail')

  return (
    <div className="survey" lang={props.locale}>
      {preview ? (
        <p className="survey-preview" role="note">
          {m.survey.previewNotice}
        </p>
      ) : null}
      <p className="survey-sender">{m.survey.askedBy(props.senderName)}</p>

      <form method="post" className="survey-form">
        <Hidden intent="answer" submissionId={props.submissionId} />
        <fieldset
          className="survey-scale"
          aria-describedby={ids(id('scale-low'), id('scale-high'), has('score') && errorId('score'))}
        >
          <legend className="survey-question">
            {props.question || m.survey.pageTitle} <span className="survey-legend-hint">{m.scaleLegend}</span>
          </legend>
          <div className="survey-scores">
            {SCORES.map((score) => (
              <div className="survey-score" key={score}>
                <input
                  type="radio"
                  id={id(`score-${score}`)}
                  name="score"
                  value={score}
                  required
                  defaultChecked={props.selectedScore === score}
                  aria-invalid={has('score') ? true : undefined}
                  aria-describedby={score === 0 ? id('scale-low') : score === 10 ? id('scale-high') : undefined}
                />
                <label htmlFor={id(`score-${score}`)}>{score}</label>
              </div>
            ))}
          </div>
          <p className="survey-scale-captions">
            <span id={id('scale-low')}>{m.scaleLow}</span>
            <span id={id('scale-high')}>{m.scaleHigh}</span>
          </p>
          <FieldError name="score" errors={errors} />
        </fieldset>

        {props.askCategory ? (
          <Field>
            <label htmlFor={id('category')}>{m.categoryLabel}</label>
            <select
              id={id('category')}
              name="category"
              defaultValue={values.category ?? ''}
              aria-invalid={has('category') ? true : undefined}
              aria-describedby={ids(has('category') && errorId('category'))}
            >
              <option value="">{m.categoryNone}</option>
              {CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {m.categoryNames[category]}
                </option>
              ))}
            </select>
            <FieldError name="category" errors={errors} />
          </Field>
        ) : null}

        <Field>
          <label htmlFor={id('comment')}>{props.followUp || m.survey.commentLabel}</label>
          <p id={id('comment-hint')} className="survey-hint">
            {m.survey.commentHint}
          </p>
          <textarea
            id={id('comment')}
            name="comment"
            rows={4}
            maxLength={COMMENT_MAX}
            defaultValue={values.comment ?? ''}
            aria-invalid={has('comment') ? true : undefined}
            aria-describedby={ids(id('comment-hint'), has('comment') && errorId('comment'))}
          />
          <FieldError name="comment" errors={errors} />
        </Field>

        <button type="submit" className="survey-submit" disabled={preview}>
          {props.answered ? m.survey.update : m.survey.submit}
        </button>
      </form>

      <div className="survey-notes">
        <p>{m.usage[props.anonymity](props.senderName)}</p>
        <p>{m.survey.changeUntil(closes)}</p>
      </div>

      <details className="survey-other" open={sideOpen || undefined}>
        <summary>{m.survey.otherOptions}</summary>

        <form method="post" className="survey-side-form">
          <Hidden intent="left" submissionId={props.submissionId} />
          <p id={id('left-hint')} className="survey-hint">
            {m.survey.leftCompanyHint}
          </p>
          <button type="submit" className="secondary" aria-describedby={id('left-hint')} disabled={preview}>
            {m.survey.leftCompany}
          </button>
        </form>

        <form method="post" className="survey-side-form">
          <Hidden intent="someone-else" submissionId={props.submissionId} />
          <h2 className="survey-side-title">{m.survey.someoneElse}</h2>
          <p className="survey-hint">{m.survey.someoneElseHint}</p>
          <Field>
            <label htmlFor={id('suggest-name')}>{m.survey.someoneElseName}</label>
            <input
              id={id('suggest-name')}
              name="suggestName"
              type="text"
              required
              maxLength={SUGGEST_NAME_MAX}
              // Another person's details: the browser should not offer the respondent's own.
              autoComplete="off"
              defaultValue={values.suggestName ?? ''}
              aria-invalid={has('suggestName') ? true : undefined}
              aria-describedby={ids(has('suggestName') && errorId('suggestName'))}
            />
            <FieldError name="suggestName" errors={errors} />
          </Field>
          <Field>
            <label htmlFor={id('suggest-email')}>{m.survey.someoneElseEmail}</label>
            <input
              id={id('suggest-email')}
              name="suggestEmail"
              type="email"
              inputMode="email"
              required
              maxLength={SUGGEST_EMAIL_MAX}
              autoComplete="off"
              spellCheck={false}
              defaultValue={values.suggestEmail ?? ''}
              aria-invalid={has('suggestEmail') ? true : undefined}
              aria-describedby={ids(has('suggestEmail') && errorId('suggestEmail'))}
            />
            <FieldError name="suggestEmail" errors={errors} />
          </Field>
          <button type="submit" className="secondary" disabled={preview}>
            {m.survey.someoneElseSubmit}
          </button>
        </form>
      </details>
    </div>
  )
}

function Field({ children }: { children: ReactNode }) {
  return <div className="survey-field">{children}</div>
}
