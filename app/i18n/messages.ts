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
  /** What goes between two sentences: a space, or nothing in Chinese (full-width punctuation is its own gap). */
  sentenceGap: string
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
  sentenceGap: ' ',
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
    commentTooLong: (max) => `Please keep the comment to ${formatNumber('en', max)} characters or fewer.`,
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
  sentenceGap: ' ',
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
    commentTooLong: (max) => `Сократите комментарий до ${formatNumber('ru', max)} символов.`,
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

const zh: Messages = {
  sentenceGap: '',
  defaultQuestion: {
    executor: '就我们日常为您提供的服务而言：您现在有多讨厌我们？',
    manager: '就您的团队与我们的合作情况而言：您现在有多讨厌我们？',
    head: '就我们为贵部门所做的工作而言：您现在有多讨厌我们？',
    top: '就我们为贵公司业务带来的价值而言：您现在有多讨厌我们？',
  },
  defaultFollowUp: '我们最应该先改进什么？',
  scaleLow: '0 = 一点也不',
  scaleHigh: '10 = 受够你们了',
  scaleLegend: '请选择 0 到 10 之间的数字',
  categoryLabel: '主要与哪方面有关？（选填）',
  categoryNone: '没有特定方面',
  categoryNames: {
    support: '支持服务',
    quality: '工作质量',
    deadlines: '期限与承诺',
    communication: '沟通',
    pricing: '价格',
    product: '产品',
    other: '其他',
  },
  usage: {
    named: (sender) => `您的回答将附上您的姓名：与您合作的 ${sender} 团队会看到您的意见，并可能就此与您联系。`,
    confidential: (sender) =>
      `您的回答将被保密：${sender} 的员工只能看到人数足够多、无法辨认出个人的群体的汇总数据，评论也不显示姓名。`,
  },
  email: {
    greeting: (name) => `${name}，您好：`,
    clickHint: '点击一个数字：打开的页面会预先选好该分数，您在页面上确认即可。',
    closesOn: (date) => `${date}之前，您都可以作答或修改答案。`,
    signOff: (sender) => `谢谢！${sender} 团队`,
    reason: (sender) => `您收到这封邮件，是因为贵公司与 ${sender} 有合作。`,
    unsubscribeText: '不想再收到调查邮件？',
    unsubscribeLink: '退订',
  },
  invitation: {
    subject: (sender) => `${sender}：您现在有多讨厌我们？`,
    preheader: '只有一个问题，点一下即可：0 = 一点也不，10 = 受够你们了。',
    intro: (sender) => `${sender} 宁愿听您直说哪里让您不满，也不想去猜。只有一个问题，您愿意的话，再写几句话。`,
  },
  reminder: {
    subject: (sender) => `${sender} 提醒：您现在有多讨厌我们？`,
    preheader: '调查仍在进行：只有一个问题，点一下即可。',
    intro: (sender) => `温馨提醒：${sender} 仍然很想知道您与我们合作的感受。只需点一下。`,
  },
  survey: {
    pageTitle: '您现在有多讨厌我们？',
    askedBy: (sender) => `来自 ${sender} 的问题`,
    submit: '提交我的回答',
    update: '更新我的回答',
    thanksTitle: '谢谢！',
    thanksBody: '您的回答已保存，会直接送到能解决问题的人手中。',
    changeUntil: (date) => `${date}之前，您都可以修改答案。`,
    currentAnswer: (score) => `您目前的回答：${score} 分（满分 10 分）。`,
    commentLabel: '您的意见',
    commentHint: '选填。一两句话就够了。',
    otherOptions: '这个问题不该问您？',
    leftCompany: '我已离开这家公司',
    leftCompanyHint: '我们将不再就这家公司给您写信，并告知团队您已离职。',
    leftDone: '感谢告知。我们不会再就这家公司给您写信。',
    someoneElse: '这个问题应该由别人来回答',
    someoneElseHint: '告诉我们是谁，我们会改为询问对方。',
    someoneElseName: '对方姓名',
    someoneElseEmail: '对方的工作邮箱',
    someoneElseSubmit: '推荐此人',
    someoneElseDone: '谢谢！我们会去询问对方。',
    previewNotice: '预览：这是受访者看到的页面，页面上的按钮已停用。',
  },
  errors: {
    scoreRequired: '请选择 0 到 10 之间的数字。',
    scoreRange: '分数必须是 0 到 10 之间的整数。',
    commentTooLong: (max) => `意见请不要超过 ${formatNumber('zh', max)} 个字符。`,
    categoryInvalid: '请从列表中选择一个方面。',
    repeated: '表单的部分内容提交了两次，请重新提交一次。',
    emailInvalid: '请输入电子邮件地址，例如 name@company.com。',
    nameRequired: '请输入对方姓名。',
  },
  pages: {
    closedTitle: '本次调查已结束',
    closedBody: '感谢您再次访问。调查已不再接受回答，但您随时可以直接写信给您的联系人。',
    unknownTitle: '找不到此链接',
    unknownBody: '链接可能不完整或已过期。请从邮件中重新打开，或复制完整的网址。',
    unsubscribedTitle: '您已退订',
    unsubscribedBody: '您将不会再收到我们的调查邮件。',
    unsubscribeTitle: '退订调查邮件？',
    unsubscribeBody: (sender) => `您将不再收到 ${sender} 的调查邮件。`,
    unsubscribeConfirm: '退订',
    unsubscribeDoneTitle: '已完成：您已退订',
    unsubscribeDoneBody: '我们不会再给您发送调查邮件。抱歉打扰了。',
    tooManyRequests: '尝试次数过多，请稍等一分钟后再试。',
  },
}

const ms: Messages = {
  sentenceGap: ' ',
  defaultQuestion: {
    executor: 'Memikirkan perkhidmatan harian yang anda terima daripada kami: sejauh mana anda benci kami sekarang?',
    manager: 'Memikirkan kerjasama pasukan anda dengan kami: sejauh mana anda benci kami sekarang?',
    head: 'Memikirkan apa yang kami lakukan untuk jabatan anda: sejauh mana anda benci kami sekarang?',
    top: 'Memikirkan nilai yang kami bawa kepada perniagaan anda: sejauh mana anda benci kami sekarang?',
  },
  defaultFollowUp: 'Apakah yang patut kami baiki dahulu?',
  scaleLow: '0 = langsung tidak',
  scaleHigh: '10 = kami sudah muak dengan anda',
  scaleLegend: 'Pilih nombor dari 0 hingga 10',
  categoryLabel: 'Apakah topik utamanya? (pilihan)',
  categoryNone: 'Tiada topik tertentu',
  categoryNames: {
    support: 'Sokongan',
    quality: 'Kualiti kerja',
    deadlines: 'Tarikh akhir dan janji',
    communication: 'Komunikasi',
    pricing: 'Harga',
    product: 'Produk',
    other: 'Lain-lain',
  },
  usage: {
    named: (sender) =>
      `Jawapan anda ditunjukkan bersama nama anda: pasukan ${sender} yang bekerja dengan anda akan melihat apa yang anda katakan dan mungkin menghubungi anda mengenainya.`,
    confidential: (sender) =>
      `Jawapan anda adalah sulit: kakitangan ${sender} hanya melihat jumlah bagi kumpulan yang cukup besar sehingga tiada sesiapa dapat dikenal pasti, dan ulasan tanpa nama.`,
  },
  email: {
    greeting: (name) => `Hai ${name},`,
    clickHint: 'Klik satu nombor: halaman akan dibuka dengan skor itu sudah dipilih, dan anda sahkan di sana.',
    closesOn: (date) => `Anda boleh menjawab, atau mengubah jawapan anda, sehingga ${date}.`,
    signOff: (sender) => `Terima kasih, pasukan ${sender}`,
    reason: (sender) => `Anda menerima e-mel ini kerana syarikat anda bekerjasama dengan ${sender}.`,
    unsubscribeText: 'Tidak mahu menerima e-mel tinjauan ini?',
    unsubscribeLink: 'Berhenti langganan',
  },
  invitation: {
    subject: (sender) => `${sender}: sejauh mana anda benci kami sekarang?`,
    preheader: 'Satu soalan, satu klik: 0 = langsung tidak, 10 = kami sudah muak dengan anda.',
    intro: (sender) =>
      `Kami di ${sender} lebih suka mendengar apa yang menjengkelkan anda daripada meneka. Hanya satu soalan, dan beberapa patah kata jika anda mahu.`,
  },
  reminder: {
    subject: (sender) => `Peringatan daripada ${sender}: sejauh mana anda benci kami sekarang?`,
    preheader: 'Tinjauan masih dibuka: satu soalan, satu klik.',
    intro: (sender) =>
      `Peringatan ringkas: kami di ${sender} masih ingin tahu bagaimana rasanya bekerja dengan kami. Ia hanya mengambil satu klik.`,
  },
  survey: {
    pageTitle: 'Sejauh mana anda benci kami sekarang?',
    askedBy: (sender) => `Soalan daripada ${sender}`,
    submit: 'Hantar jawapan saya',
    update: 'Kemas kini jawapan saya',
    thanksTitle: 'Terima kasih!',
    thanksBody: 'Jawapan anda telah disimpan dan terus sampai kepada orang yang boleh membetulkan keadaan.',
    changeUntil: (date) => `Anda boleh mengubah jawapan anda sehingga ${date}.`,
    currentAnswer: (score) => `Jawapan semasa anda: ${score} daripada 10.`,
    commentLabel: 'Ulasan anda',
    commentHint: 'Pilihan. Satu atau dua ayat sudah memadai.',
    otherOptions: 'Bukan orang yang tepat untuk ditanya?',
    leftCompany: 'Saya sudah meninggalkan syarikat ini',
    leftCompanyHint: 'Kami akan berhenti menulis kepada anda tentang syarikat ini dan memberitahu pasukan bahawa anda sudah berpindah.',
    leftDone: 'Terima kasih kerana memberitahu kami. Kami tidak akan menulis kepada anda tentang syarikat ini lagi.',
    someoneElse: 'Orang lain patut menjawab soalan ini',
    someoneElseHint: 'Beritahu kami siapa, dan kami akan bertanya kepada mereka.',
    someoneElseName: 'Nama mereka',
    someoneElseEmail: 'E-mel kerja mereka',
    someoneElseSubmit: 'Cadangkan orang ini',
    someoneElseDone: 'Terima kasih. Kami akan bertanya kepada mereka.',
    previewNotice: 'Pratonton: inilah halaman yang dilihat oleh responden. Butangnya dimatikan.',
  },
  errors: {
    scoreRequired: 'Pilih nombor dari 0 hingga 10.',
    scoreRange: 'Skor mestilah nombor bulat dari 0 hingga 10.',
    commentTooLong: (max) => `Sila hadkan ulasan kepada ${formatNumber('ms', max)} aksara atau kurang.`,
    categoryInvalid: 'Pilih salah satu topik dalam senarai.',
    repeated: 'Sebahagian borang diterima dua kali. Sila hantar sekali lagi.',
    emailInvalid: 'Masukkan alamat e-mel seperti name@company.com.',
    nameRequired: 'Masukkan nama mereka.',
  },
  pages: {
    closedTitle: 'Tinjauan ini sudah ditutup',
    closedBody:
      'Terima kasih kerana kembali. Jawapan tidak lagi diterima, tetapi anda sentiasa boleh menulis terus kepada orang hubungan anda.',
    unknownTitle: 'Kami tidak dapat mencari pautan ini',
    unknownBody:
      'Pautan itu mungkin tidak lengkap atau sudah lapuk. Cuba buka semula dari e-mel, atau salin keseluruhan alamat.',
    unsubscribedTitle: 'Anda telah berhenti melanggan',
    unsubscribedBody: 'Anda tidak akan menerima e-mel tinjauan daripada kami lagi.',
    unsubscribeTitle: 'Berhenti melanggan e-mel tinjauan?',
    unsubscribeBody: (sender) => `Anda tidak akan menerima e-mel tinjauan daripada ${sender} lagi.`,
    unsubscribeConfirm: 'Berhenti langganan',
    unsubscribeDoneTitle: 'Selesai: anda telah berhenti melanggan',
    unsubscribeDoneBody: 'Kami tidak akan menghantar e-mel tinjauan kepada anda lagi. Maaf atas gangguan.',
    tooManyRequests: 'Terlalu banyak cubaan dari sini. Sila tunggu seminit dan cuba lagi.',
  },
}

export const messages: Record<Locale, Messages> = { en, ru, zh, ms }

function isLocale(value: string): value is Locale {
  return Object.hasOwn(messages, value)
}

/** The catalog for a stakeholder's stored locale; anything unknown reads English. */
export function t(locale: string | null | undefined): Messages {
  return locale && isLocale(locale) ? messages[locale] : messages.en
}

/** The BCP 47 tag Intl formats with: the region picks the conventions our respondents read
    (Simplified Chinese as in mainland China, Malay as in Malaysia). */
export const INTL_LOCALES: Record<Locale, string> = { en: 'en', ru: 'ru', zh: 'zh-CN', ms: 'ms-MY' }

function intlLocale(locale: string | null | undefined): string {
  return INTL_LOCALES[locale && isLocale(locale) ? locale : 'en']
}

/** A close date as people read it in that locale ("March 1, 2025", "1 марта 2025 г.", "2025年3月1日", "1 Mac 2025"). */
export function formatDate(locale: string | null | undefined, iso: string): string {
  const date = new Date(iso)
  // A bad value still says something rather than throwing a RangeError into a page or email.
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(date)
}

/** A number as people write it in that locale (grouping and decimal signs). */
export function formatNumber(locale: string | null | undefined, value: number): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(value)
}

/**
 * The hate question a wave asks one person. Waves store their own wording per level and
 * language; a wave saved before a language existed has none in it, so that person reads the
 * level's default wording in their own language rather than someone else's words.
 */
export function waveQuestion(questions: Partial<Record<Level, Partial<Record<Locale, string>>>>, level: Level, locale: Locale): string {
  return questions[level]?.[locale]?.trim() || t(locale).defaultQuestion[level]
}

/** The wave's follow-up question in that language, or the default one when the wave has none. */
export function waveFollowUp(followUp: Partial<Record<Locale, string>>, locale: Locale): string {
  return followUp[locale]?.trim() || t(locale).defaultFollowUp
}
