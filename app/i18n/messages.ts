/* Every word a respondent sees — survey emails and the public survey pages — in each
   locale we write to. The Messages type makes a missing translation a type error. */
import { RESPONSE_CATEGORIES, type AnonymityMode, type Level, type Locale } from '#app/domain/vocabulary'

/** Answer categories (SPEC.md "Response"); `deadlines` means "deadlines and promises".
    The same list as the vocabulary's, so a new category is a type error here until named. */
export const CATEGORIES = RESPONSE_CATEGORIES
export type Category = (typeof CATEGORIES)[number]

/** How a wave treats answers: named (staff see who said what) or confidential. */
export type Anonymity = AnonymityMode

// Limits shared by the survey form, its schema and the messages that name them.
export const COMMENT_MAX = 2000
export const SUGGEST_NAME_MAX = 200
// NOTE: 254 is the longest address SMTP can deliver to (RFC 5321 path limit).
export const SUGGEST_EMAIL_MAX = 254

export type Messages = {
  /** Per-level wording of the hate question when a wave does not set its own. */
  defaultQuestion: Record<Level, string>
  defaultFollowUp: string
  scaleLow: string
  scaleHigh: string
  scaleLegend: string
  categoryLabel: string
  categoryNone: string
  categoryNames: Record<Category, string>
  /** How answers are used, said in the email and again on the page. */
  usage: Record<Anonymity, (senderName: string) => string>
  /** Parts shared by the invitation and the reminder. */
  email: {
    greeting: (name: string) => string
    clickHint: string
    closesOn: (date: string) => string
    signOff: (senderName: string) => string
    reason: (senderName: string) => string
    unsubscribeText: string
    unsubscribeLink: string
  }
  invitation: {
    subject: (senderName: string) => string
    preheader: string
    intro: (senderName: string) => string
  }
  reminder: {
    subject: (senderName: string) => string
    preheader: string
    intro: (senderName: string) => string
  }
  /** The survey page itself. */
  survey: {
    pageTitle: string
    askedBy: (senderName: string) => string
    submit: string
    update: string
    thanksTitle: string
    thanksBody: string
    changeUntil: (date: string) => string
    currentAnswer: (score: number) => string
    commentLabel: string
    commentHint: string
    otherOptions: string
    leftCompany: string
    leftCompanyHint: string
    leftDone: string
    someoneElse: string
    someoneElseHint: string
    someoneElseName: string
    someoneElseEmail: string
    someoneElseSubmit: string
    someoneElseDone: string
    previewNotice: string
  }
  errors: {
    scoreRequired: string
    scoreRange: string
    commentTooLong: (max: number) => string
    categoryInvalid: string
    /** A field sent twice: we will not guess which one was meant. */
    repeated: string
    emailInvalid: string
    nameRequired: string
  }
  /** The other public pages a survey link can lead to. */
  pages: {
    closedTitle: string
    closedBody: string
    unknownTitle: string
    unknownBody: string
    unsubscribedTitle: string
    unsubscribedBody: string
    unsubscribeTitle: string
    unsubscribeBody: (senderName: string) => string
    unsubscribeConfirm: string
    unsubscribeDoneTitle: string
    unsubscribeDoneBody: string
    tooManyRequests: string
  }
}

const en: Messages = {
  defaultQuestion: {
    executor: 'Thinking about the day-to-day service you get from us: how much do you hate us right now?',
    manager: "Thinking about how your team's work with us is going: how much do you hate us right now?",
    head: 'Thinking about what we do for your department: how much do you hate us right now?',
    top: 'Thinking about the value we bring to your business: how much do you hate us right now?',
  },
  defaultFollowUp: 'What should we fix first?',
  scaleLow: '0 = not at all',
  scaleHigh: '10 = we are done with you',
  scaleLegend: 'Choose a number from 0 to 10',
  categoryLabel: 'What is it mostly about? (optional)',
  categoryNone: 'No particular topic',
  categoryNames: {
    support: 'Support',
    quality: 'Quality of work',
    deadlines: 'Deadlines and promises',
    communication: 'Communication',
    pricing: 'Pricing',
    product: 'The product',
    other: 'Something else',
  },
  usage: {
    named: (sender) =>
      `Your answer is shown with your name: the ${sender} team that works with you will see what you said and may get in touch about it.`,
    confidential: (sender) =>
      `Your answer is confidential: ${sender} staff see only totals for groups large enough that no one can be picked out, and comments without names.`,
  },
  email: {
    greeting: (name) => `Hi ${name},`,
    clickHint: 'Click a number: the page opens with that score chosen, and you confirm it there.',
    closesOn: (date) => `You can answer, or change your answer, until ${date}.`,
    signOff: (sender) => `Thank you, the ${sender} team`,
    reason: (sender) => `You are getting this email because your company works with ${sender}.`,
    unsubscribeText: "Don't want these survey emails?",
    unsubscribeLink: 'Unsubscribe',
  },
  invitation: {
    subject: (sender) => `${sender}: how much do you hate us right now?`,
    preheader: 'One question, one click: 0 = not at all, 10 = we are done with you.',
    intro: (sender) =>
      `We at ${sender} would rather hear what annoys you than guess. It is one question, plus a few words if you like.`,
  },
  reminder: {
    subject: (sender) => `Reminder from ${sender}: how much do you hate us right now?`,
    preheader: 'The survey is still open: one question, one click.',
    intro: (sender) =>
      `A quick reminder: we at ${sender} still want to know how working with us feels to you. It takes one click.`,
  },
  survey: {
    pageTitle: 'How much do you hate us right now?',
    askedBy: (sender) => `A question from ${sender}`,
    submit: 'Send my answer',
    update: 'Update my answer',
    thanksTitle: 'Thank you!',
    thanksBody: 'Your answer is saved and goes straight to the people who can fix things.',
    changeUntil: (date) => `You can change your answer until ${date}.`,
    currentAnswer: (score) => `Your current answer: ${score} out of 10.`,
    commentLabel: 'Your comment',
    commentHint: 'Optional. A sentence or two is plenty.',
    otherOptions: 'Not the right person to ask?',
    leftCompany: 'I have left this company',
    leftCompanyHint: 'We will stop writing to you about this company and let the team know you have moved on.',
    leftDone: 'Thank you for letting us know. We will not write to you about this company again.',
    someoneElse: 'Someone else should answer this',
    someoneElseHint: 'Tell us who, and we will ask them instead.',
    someoneElseName: 'Their name',
    someoneElseEmail: 'Their work email',
    someoneElseSubmit: 'Suggest this person',
    someoneElseDone: 'Thank you. We will ask them.',
    previewNotice: 'Preview: this is the page respondents see. Its buttons are turned off.',
  },
  errors: {
    scoreRequired: 'Choose a number from 0 to 10.',
    scoreRange: 'The score must be a whole number from 0 to 10.',
    commentTooLong: (max) => `Please keep the comment to ${max} characters or fewer.`,
    categoryInvalid: 'Choose one of the topics in the list.',
    repeated: 'Part of the form arrived twice. Please send it once more.',
    emailInvalid: 'Enter an email address like name@company.com.',
    nameRequired: 'Enter their name.',
  },
  pages: {
    closedTitle: 'This survey is closed',
    closedBody:
      'Thank you for coming back. Answers are no longer accepted, but you can always write to your contact person directly.',
    unknownTitle: 'We could not find this link',
    unknownBody:
      'The link may be incomplete or out of date. Try opening it again from the email, or copy the whole address.',
    unsubscribedTitle: 'You have unsubscribed',
    unsubscribedBody: 'You will not get survey emails from us any more.',
    unsubscribeTitle: 'Unsubscribe from survey emails?',
    unsubscribeBody: (sender) => `You will stop getting survey emails from ${sender}.`,
    unsubscribeConfirm: 'Unsubscribe',
    unsubscribeDoneTitle: 'Done: you are unsubscribed',
    unsubscribeDoneBody: 'We will not send you any more survey emails. Sorry for the bother.',
    tooManyRequests: 'Too many attempts from here. Please wait a minute and try again.',
  },
}

const ru: Messages = {
  defaultQuestion: {
    executor: 'Если говорить о нашей повседневной работе с вами: насколько сильно вы нас сейчас ненавидите?',
    manager: 'Если говорить о том, как вашей команде работается с нами: насколько сильно вы нас сейчас ненавидите?',
    head: 'Если говорить о том, что мы делаем для вашего подразделения: насколько сильно вы нас сейчас ненавидите?',
    top: 'Если говорить о пользе, которую мы приносим вашему бизнесу: насколько сильно вы нас сейчас ненавидите?',
  },
  defaultFollowUp: 'Что нам исправить в первую очередь?',
  scaleLow: '0 — совсем нет',
  scaleHigh: '10 — с нас хватит',
  scaleLegend: 'Выберите число от 0 до 10',
  categoryLabel: 'О чём это в основном? (необязательно)',
  categoryNone: 'Без конкретной темы',
  categoryNames: {
    support: 'Поддержка',
    quality: 'Качество работы',
    deadlines: 'Сроки и обещания',
    communication: 'Общение',
    pricing: 'Цены',
    product: 'Продукт',
    other: 'Другое',
  },
  usage: {
    named: (sender) =>
      `Ответ будет виден вместе с вашим именем: команда ${sender}, которая с вами работает, увидит его и может с вами связаться.`,
    confidential: (sender) =>
      `Ответ конфиденциален: сотрудники ${sender} видят только общие цифры по группам, в которых нельзя узнать отдельного человека, а комментарии — без имён.`,
  },
  email: {
    greeting: (name) => `Здравствуйте, ${name}!`,
    clickHint: 'Нажмите на число: откроется страница с уже выбранной оценкой, и там вы её подтвердите.',
    // NOTE: a long Russian date ends in "г.", so the date never ends the sentence.
    closesOn: (date) => `До ${date} можно ответить или изменить ответ.`,
    signOff: (sender) => `Спасибо! Команда ${sender}`,
    reason: (sender) => `Вы получили это письмо, потому что ваша компания работает с ${sender}.`,
    unsubscribeText: 'Не хотите получать письма с опросами?',
    unsubscribeLink: 'Отписаться',
  },
  invitation: {
    subject: (sender) => `${sender}: насколько сильно вы нас сейчас ненавидите?`,
    preheader: 'Один вопрос, один клик: 0 — совсем нет, 10 — с нас хватит.',
    intro: (sender) =>
      `Команда ${sender} хочет знать, что вас раздражает в работе с нами, а не гадать. Всего один вопрос и, если захотите, пара слов.`,
  },
  reminder: {
    subject: (sender) => `Напоминание от ${sender}: насколько сильно вы нас сейчас ненавидите?`,
    preheader: 'Опрос ещё открыт: один вопрос, один клик.',
    intro: (sender) =>
      `Небольшое напоминание: команде ${sender} по-прежнему важно знать, как вам работается с нами. Это займёт один клик.`,
  },
  survey: {
    pageTitle: 'Насколько сильно вы нас сейчас ненавидите?',
    askedBy: (sender) => `Вопрос от ${sender}`,
    submit: 'Отправить ответ',
    update: 'Обновить ответ',
    thanksTitle: 'Спасибо!',
    thanksBody: 'Ваш ответ сохранён и попадёт прямо к тем, кто может всё исправить.',
    changeUntil: (date) => `До ${date} ответ можно изменить.`,
    currentAnswer: (score) => `Ваш текущий ответ: ${score} из 10.`,
    commentLabel: 'Ваш комментарий',
    commentHint: 'Необязательно. Пары предложений вполне достаточно.',
    otherOptions: 'Вопрос не по адресу?',
    leftCompany: 'Я больше не работаю в этой компании',
    leftCompanyHint: 'Мы перестанем писать вам по поводу этой компании и сообщим команде, что вы ушли.',
    leftDone: 'Спасибо, что сообщили. Мы больше не будем писать вам по поводу этой компании.',
    someoneElse: 'На этот вопрос лучше ответит кто-то другой',
    someoneElseHint: 'Подскажите, кто именно, и мы спросим этого человека.',
    someoneElseName: 'Имя и фамилия',
    someoneElseEmail: 'Рабочая электронная почта',
    someoneElseSubmit: 'Предложить этого человека',
    someoneElseDone: 'Спасибо! Мы обратимся к этому человеку.',
    previewNotice: 'Предпросмотр: так страницу видят участники опроса. Кнопки отключены.',
  },
  errors: {
    scoreRequired: 'Выберите число от 0 до 10.',
    scoreRange: 'Оценка должна быть целым числом от 0 до 10.',
    commentTooLong: (max) => `Сократите комментарий до ${max} символов.`,
    categoryInvalid: 'Выберите тему из списка.',
    repeated: 'Часть формы пришла дважды. Пожалуйста, отправьте её ещё раз.',
    emailInvalid: 'Введите адрес электронной почты, например name@company.com.',
    nameRequired: 'Укажите имя.',
  },
  pages: {
    closedTitle: 'Опрос завершён',
    closedBody:
      'Спасибо, что заглянули. Ответы больше не принимаются, но вы всегда можете написать своему контактному лицу напрямую.',
    unknownTitle: 'Ссылка не найдена',
    unknownBody:
      'Возможно, ссылка скопирована не полностью или устарела. Откройте её ещё раз из письма или скопируйте адрес целиком.',
    unsubscribedTitle: 'Вы отписались',
    unsubscribedBody: 'Вы больше не будете получать от нас письма с опросами.',
    unsubscribeTitle: 'Отписаться от писем с опросами?',
    unsubscribeBody: (sender) => `Вы перестанете получать письма с опросами от ${sender}.`,
    unsubscribeConfirm: 'Отписаться',
    unsubscribeDoneTitle: 'Готово: вы отписались',
    unsubscribeDoneBody: 'Мы больше не будем присылать вам письма с опросами. Извините за беспокойство.',
    tooManyRequests: 'Слишком много попыток. Подождите минуту и попробуйте снова.',
  },
}

export const messages: Record<Locale, Messages> = { en, ru }

function isLocale(value: string): value is Locale {
  return Object.hasOwn(messages, value)
}

/** The catalog for a stakeholder's stored locale; anything unknown reads English. */
export function t(locale: string | null | undefined): Messages {
  return locale && isLocale(locale) ? messages[locale] : messages.en
}

/** A close date as people read it in that locale ("March 1, 2025", "1 марта 2025 г."). */
export function formatDate(locale: string | null | undefined, iso: string): string {
  const date = new Date(iso)
  // A bad value still says something rather than throwing a RangeError into a page or email.
  if (Number.isNaN(date.getTime())) return iso
  const lang = locale && isLocale(locale) ? locale : 'en'
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date)
}
