/* The first email of a wave: asks the hate question with the scale as one-click links. */
import { t } from '#app/i18n/messages'
import { SurveyEmailLayout, surveyPreviewProps, type SurveyEmailProps } from '#emails/survey-email-layout'

export type { SurveyEmailProps } from '#emails/survey-email-layout'

export default function InvitationEmail(props: SurveyEmailProps) {
  const m = t(props.locale)
  return <SurveyEmailLayout {...props} preheader={m.invitation.preheader} intro={m.invitation.intro(props.senderName)} />
}

export const previewProps: SurveyEmailProps = surveyPreviewProps
InvitationEmail.PreviewProps = previewProps
