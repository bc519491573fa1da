/* A letter: text written by the account team (or an at-risk alert to staff), sent as
   it was written. Paragraphs and lines are kept; nothing else is added. Pure markup. */
import { Body, Container, Head, Html, Preview, Text } from '@react-email/components'

export type LetterEmailProps = { subject: string; body: string }

export default function LetterEmail({ subject, body }: LetterEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{subject}</Preview>
      <Body style={{ backgroundColor: '#ffffff', fontFamily: 'Helvetica, Arial, sans-serif', color: '#1f2328' }}>
        <Container style={{ maxWidth: '560px', padding: '16px' }}>
          {body.split(/\n{2,}/).map((paragraph, i) => (
            <Text key={i} style={{ fontSize: '15px', lineHeight: '22px', whiteSpace: 'pre-line', margin: '0 0 12px' }}>
              {paragraph}
            </Text>
          ))}
        </Container>
      </Body>
    </Html>
  )
}

export const previewProps: LetterEmailProps = {
  subject: 'Northwind: we heard you, and here is what we will do',
  body: 'Hello,\n\nThank you for telling us honestly how we are doing.\n\nWhat we heard, in your words:\n  – “Tickets wait three days.”\n\nBest regards,\nHatescale',
}
LetterEmail.PreviewProps = previewProps
