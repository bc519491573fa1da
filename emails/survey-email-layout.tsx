/* The frame both survey emails share: the question, the 0–10 scale as eleven links,
   how answers are used, the close date and the unsubscribe footer. Pure markup. */
import { Body, Column, Container, Head, Hr, Html, Link, Preview, Row, Section, Text } from '@react-email/components'
import type { ReactNode } from 'react'
import type { Locale } from '#app/domain/vocabulary'
import { formatDate, t, type Anonymity } from '#app/i18n/messages'

export type SurveyEmailProps = {
  locale: Locale
  senderName: string
  recipientName: string
  question: string
  surveyUrl: string
  unsubscribeUrl: string
  anonymity: Anonymity
  /** ISO date-time the wave closes. */
  closesAt: string
}

export const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const

/** The survey page with a score chosen. Opening it records nothing: scanners follow every link. */
export function scoreUrl(surveyUrl: string, score: number) {
  return `${surveyUrl}${surveyUrl.includes('?') ? '&' : '?'}score=${score}`
}

export const surveyPreviewProps: SurveyEmailProps = {
  locale: 'en',
  senderName: 'Northwind Services',
  recipientName: 'Dana Smith',
  question: t('en').defaultQuestion.executor,
  surveyUrl: 'https://hatescale.example.com/s/preview-token',
  unsubscribeUrl: 'https://hatescale.example.com/u/preview-token',
  anonymity: 'confidential',
  closesAt: '2030-03-01T17:00:00.000Z',
}

export function SurveyEmailLayout({
  preheader,
  intro,
  ...props
}: SurveyEmailProps & { preheader: string; intro: ReactNode }) {
  const m = t(props.locale)
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{preheader}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Text style={text}>{m.email.greeting(props.recipientName)}</Text>
          <Text style={text}>{intro}</Text>
          {/* Text, not a heading: plain-text renderers shout headings in capitals. */}
          <Text style={question}>{props.question || m.survey.pageTitle}</Text>
          <ScoreLinks surveyUrl={props.surveyUrl} />
          <Row style={captions}>
            <Column style={captionLow}>{m.scaleLow}</Column>
            <Column style={captionHigh}>{m.scaleHigh}</Column>
          </Row>
          <Text style={hint}>{m.email.clickHint}</Text>
          <Text style={text}>{m.usage[props.anonymity](props.senderName)}</Text>
          <Text style={text}>{m.email.closesOn(formatDate(props.locale, props.closesAt))}</Text>
          <Text style={text}>{m.email.signOff(props.senderName)}</Text>
          <Hr style={rule} />
          <Text style={footer}>
            {[m.email.reason(props.senderName), m.email.unsubscribeText].join(m.sentenceGap)}
            {m.sentenceGap}
            <Link href={props.unsubscribeUrl} style={footerLink}>
              {m.email.unsubscribeLink}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  )
}

/** A row of numbered boxes; a table, because that is what every mail client lays out the same. */
function ScoreLinks({ surveyUrl }: { surveyUrl: string }) {
  return (
    <Section style={scale}>
      <Row>
        {SCORES.map((score) => (
          <Column key={score} style={cell}>
            <Link href={scoreUrl(surveyUrl, score)} style={box}>
              {score}
            </Link>
          </Column>
        ))}
      </Row>
    </Section>
  )
}

const body = { backgroundColor: '#f7f7f8', fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", margin: 0 }
const container = { backgroundColor: '#ffffff', maxWidth: '560px', margin: '24px auto', padding: '24px 20px', borderRadius: '10px' }
const text = { color: '#1d1d1f', fontSize: '15px', lineHeight: '22px', margin: '0 0 14px' }
const question = { color: '#1d1d1f', fontSize: '20px', lineHeight: '28px', fontWeight: 700, margin: '8px 0 16px' }
const scale = { margin: '0 0 6px' }
const cell = { width: '9%', padding: '0 1px', textAlign: 'center' as const }
const box = {
  display: 'block',
  padding: '10px 0',
  border: '1px solid #9aa0a6',
  borderRadius: '6px',
  color: '#1d1d1f',
  fontSize: '16px',
  fontWeight: 700,
  textAlign: 'center' as const,
}
const captions = { margin: '0 0 12px' }
const captionLow = { color: '#5f6368', fontSize: '13px', textAlign: 'left' as const, verticalAlign: 'top' }
const captionHigh = { color: '#5f6368', fontSize: '13px', textAlign: 'right' as const, verticalAlign: 'top' }
const hint = { ...text, color: '#5f6368', fontSize: '14px' }
const rule = { borderColor: '#dadce0', margin: '20px 0 12px' }
const footer = { color: '#5f6368', fontSize: '12px', lineHeight: '18px', margin: 0 }
const footerLink = { color: '#5f6368', textDecorationLine: 'underline' }
