import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SurveyForm, type SurveyFormProps } from '#app/components/survey-form'
import { COMMENT_MAX, messages } from '#app/i18n/messages'

const base: SurveyFormProps = {
  locale: 'en',
  question: 'How much do you hate us right now?',
  followUp: 'What should we fix first?',
  askCategory: true,
  anonymity: 'confidential',
  senderName: 'Northwind Services',
  closesAt: '2030-03-01T17:00:00.000Z',
  selectedScore: null,
  submissionId: 'sub-1',
  answered: false,
}

const html = (props: Partial<SurveyFormProps> = {}) => renderToStaticMarkup(createElement(SurveyForm, { ...base, ...props }))

type Tag = { name: string; attrs: Record<string, string> }

/** Opening tags and their attributes (names lower-cased, as HTML reads them): enough
    structure for static, well-formed React markup. */
function tags(markup: string, name?: string): Tag[] {
  return [...markup.matchAll(/<([a-z]+)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*\/?>/g)]
    .map(([, tag, rest]) => ({
      name: tag,
      attrs: Object.fromEntries([...rest.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)].map(([, k, v]) => [k.toLowerCase(), v ?? ''])),
    }))
    .filter((tag) => !name || tag.name === name)
}

describe('SurveyForm', () => {
  it('puts eleven score radios, 0 to 10, in a fieldset with the question as its legend', () => {
    const markup = html()
    const fieldset = markup.slice(markup.indexOf('<fieldset'), markup.indexOf('</fieldset>'))
    expect(fieldset).toMatch(/<legend[^>]*>How much do you hate us right now\?/)
    const radios = tags(fieldset, 'input').filter((t) => t.attrs.type === 'radio')
    expect(radios.map((r) => r.attrs.value)).toEqual(Array.from({ length: 11 }, (_, n) => String(n)))
    expect(radios.every((r) => r.attrs.name === 'score')).toBe(true)
    expect(radios.some((r) => 'checked' in r.attrs)).toBe(false)
    // The captions explain the ends of the scale to a screen reader.
    const described = tags(fieldset, 'fieldset')[0].attrs['aria-describedby'].split(' ')
    for (const ref of described) expect(markup).toContain(`id="${ref}"`)
    expect(markup).toContain(messages.en.scaleLow)
    expect(markup).toContain(messages.en.scaleHigh)
  })

  it('pre-checks the score chosen in the email', () => {
    const radios = tags(html({ selectedScore: 7 }), 'input').filter((t) => t.attrs.type === 'radio')
    expect(radios.filter((r) => 'checked' in r.attrs).map((r) => r.attrs.value)).toEqual(['7'])
  })

  it('posts plain forms with their intent and submission id', () => {
    const markup = html()
    const forms = tags(markup, 'form')
    expect(forms).toHaveLength(3)
    expect(forms.every((f) => f.attrs.method === 'post')).toBe(true)
    const hidden = tags(markup, 'input').filter((t) => t.attrs.type === 'hidden')
    expect(hidden.filter((h) => h.attrs.name === 'intent').map((h) => h.attrs.value)).toEqual(['answer', 'left', 'someone-else'])
    expect(hidden.filter((h) => h.attrs.name === 'submissionId').every((h) => h.attrs.value === 'sub-1')).toBe(true)
    const comment = tags(markup, 'textarea')[0]
    expect(comment.attrs.name).toBe('comment')
    expect(comment.attrs.maxlength).toBe(String(COMMENT_MAX))
    expect(markup).toMatch(/<label[^>]*>What should we fix first\?<\/label>/)
  })

  it('labels every visible field', () => {
    const markup = html()
    const fields = tags(markup).filter(
      (t) => (t.name === 'input' && t.attrs.type !== 'hidden') || t.name === 'select' || t.name === 'textarea',
    )
    expect(fields.map((f) => f.attrs.name)).toEqual(expect.arrayContaining(['score', 'category', 'comment', 'suggestName', 'suggestEmail']))
    const labelled = new Set(tags(markup, 'label').map((l) => l.attrs.for))
    for (const field of fields) {
      expect(field.attrs.id, `${field.name} ${field.attrs.name}`).toBeTruthy()
      expect(labelled.has(field.attrs.id), `label for ${field.attrs.id}`).toBe(true)
    }
  })

  it('offers the category only when the wave asks for it', () => {
    const markup = html()
    const options = tags(markup, 'option').map((o) => o.attrs.value)
    expect(options).toEqual(['', 'support', 'quality', 'deadlines', 'communication', 'pricing', 'product', 'other'])
    expect(markup).toContain('Deadlines and promises')
    expect(tags(html({ askCategory: false }), 'select')).toHaveLength(0)
  })

  it('says send or update, and turns every button off in a staff preview', () => {
    const fresh = html()
    expect(fresh).toContain(messages.en.survey.submit)
    expect(tags(fresh, 'button').some((b) => 'disabled' in b.attrs)).toBe(false)
    expect(html({ answered: true })).toContain(messages.en.survey.update)
    const preview = html({ preview: true })
    const buttons = tags(preview, 'button')
    expect(buttons).toHaveLength(3)
    expect(buttons.every((b) => 'disabled' in b.attrs)).toBe(true)
    expect(preview).toContain(messages.en.survey.previewNotice)
  })

  it('shows field errors as alerts wired to their fields, and keeps what was typed', () => {
    const markup = html({
      errors: { score: ['Choose a number from 0 to 10.'], suggestEmail: ['Enter an email address like name@company.com.'] },
      values: { comment: 'Tickets <wait> a week', suggestEmail: 'nope', category: 'support' },
    })
    expect(markup).toContain('<p id="survey-score-error" class="survey-error" role="alert">Choose a number from 0 to 10.</p>')
    expect(markup).toMatch(/role="alert">Enter an email address like name@company.com.</)
    const email = tags(markup, 'input').find((t) => t.attrs.name === 'suggestEmail')!
    expect(email.attrs['aria-invalid']).toBe('true')
    expect(email.attrs['aria-describedby']).toBe('survey-suggestEmail-error')
    expect(email.attrs.value).toBe('nope')
    expect(tags(markup, 'fieldset')[0].attrs['aria-describedby']).toContain('survey-score-error')
    expect(markup).toContain('Tickets &lt;wait&gt; a week</textarea>')
    expect(tags(markup, 'option').find((o) => o.attrs.value === 'support')!.attrs).toHaveProperty('selected')
    // The side forms open by themselves when one of their fields is wrong.
    expect(tags(markup, 'details')[0].attrs).toHaveProperty('open')
    expect(tags(html(), 'details')[0].attrs).not.toHaveProperty('open')
  })

  it('says how answers are used and until when they can change', () => {
    expect(html({ anonymity: 'named' })).toContain(messages.en.usage.named('Northwind Services'))
    expect(html()).toContain(messages.en.usage.confidential('Northwind Services'))
    expect(html()).toContain('You can change your answer until March 1, 2030.')
  })

  it('speaks Russian to a Russian respondent', () => {
    const markup = html({ locale: 'ru' })
    expect(markup).toContain('lang="ru"')
    expect(markup).toContain(messages.ru.survey.submit)
    expect(markup).toContain(messages.ru.survey.leftCompany)
    expect(markup).toContain('1 марта 2030 г.')
  })
})
