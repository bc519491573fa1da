/* A reminder to someone who has not answered yet: same question and links, shorter intro. */
import { t } from '#app/i18n/messages'
import { SurveyEmailLayout, surveyPreviewProps, type SurveyEmailProps } from '#emails/survey-email-layout'

export type { SurveyEmailProps } from '#emails/survey-email-layout'

export default function ReminderEmail(props: SurveyEmailProps) {
  const m = t(props.locale)
  return <SurveyEmailLayout {...props} preheader={m.reminder.preheader} intro={m.reminder.intro(props.senderName)} />
}

export const previewProps: SurveyEmailProps = {
  ...surveyPreviewProps,
  locale: 'ru',
  recipientName: 'Ирина Петрова',
  question: t('ru').defaultQuestion.head,
  anonymity: 'named',
}
ReminderEmail.PreviewProps = previewProps
