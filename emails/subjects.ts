/* Subject lines live beside the templates so the sender never builds its own words. */
import { t } from '#app/i18n/messages'
import type { SurveyEmailProps } from '#emails/survey-email-layout'

type SubjectProps = Pick<SurveyEmailProps, 'locale' | 'senderName'>

export function invitationSubject(p: SubjectProps) {
  return t(p.locale).invitation.subject(p.senderName)
}

export function reminderSubject(p: SubjectProps) {
  return t(p.locale).reminder.subject(p.senderName)
}
