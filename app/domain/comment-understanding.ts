/* What a client's comment says about the account (SPEC "Account health and risk signals"; issue 16):
   per sentence, in the language the sentence is written in (en, ru, zh, ms), with negation and the
   other senses of a word turned off. Pure; measured against test/corpus by `npm run corpus`. */

export const COMMENT_LANGUAGES = ['en', 'ru', 'zh', 'ms'] as const
export type CommentLanguage = (typeof COMMENT_LANGUAGES)[number]
export const COMMENT_SIGNALS = ['churn', 'non_renewal', 'competitor', 'budget'] as const
export type CommentSignal = (typeof COMMENT_SIGNALS)[number]

export type Finding = { signal: CommentSignal; sentence: string; matched: string; language: CommentLanguage }
export type Understanding = { language: CommentLanguage; findings: Finding[] }

// ——— Patterns: one table per language; each signal's patterns are alternatives ———

type Table = Record<CommentSignal, RegExp[]>

/** A whole-word pattern for alphabetic scripts: JS `\b` is ASCII-only, so Cyrillic needs lookarounds. */
const w = (source: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'iu')
/** Chinese has no spaces: patterns are character sequences, objects spelled out to skip other senses. */
const zh = (source: string) => new RegExp(source, 'u')
const L = '\\p{L}*' // the rest of a word (inflection)
const ANY = (n: number) => `(?:[\\p{L}\\p{N}'’-]+\\s+){0,${n}}?` // up to n words in between

const TABLES: Record<CommentLanguage, Table> = {
  en: {
    churn: [
      // an object is required so "cancel the meeting" / "cancelled the weekly call" stay quiet
      w(`cancel${L}\\s+${ANY(2)}(?:contracts?|subscriptions?|services?|agreements?|partnership|account|us)`),
      w(`(?:will|'ll|going to|want to|plan to|have to|decided to|notice to)\\s+(?:cancel|terminate|leave)(?=\\s*[.!]?\\s*$)`),
      w(`discontinu${L}\\s+${ANY(2)}(?:services?|contracts?|subscriptions?|partnership|relationship|cooperation)|part ways|pull(?:ing)? the plug|stop (?:using|working with) (?:you|your)`),
      w(`termin(?:a)?t${L}\\s+${ANY(2)}(?:contracts?|agreements?|services?|partnership|relationship|cooperation)`),
      w(`(?:notice of|start the|begin the)\\s+termination|termination (?:process|notice|letter)`),
      w(`end(?:ing)?\\s+(?:the|our|this)\\s+(?:contract|agreement|partnership|relationship|cooperation)`),
      w(`leav(?:e|ing)\\s+(?:you|your company)`),
      w(`(?:we(?:'re| are)|we'll be)\\s+(?:leaving|cancel${L})(?=\\s*[.!]?\\s*$)|(?:service|services|you) (?:is|are) no longer needed`),
      w(`moving on from you|done with you|want out of (?:this|the|our) contract`),
    ],
    non_renewal: [
      // negation is the signal here: "won't renew", "not renewing"
      w(`(?:won'?t|will not|not|never|don'?t|no longer)\\s+${ANY(3)}renew${L}`),
      w(`(?:last|final) (?:year|term) with you|no (?:renewal|extension)|against renewal|renewal is off|renewal (?:is not|isn'?t|won'?t be|will not be) (?:happening|an option|on the table)|doubt (?:that )?we (?:will|would|'ll) renew`),
      w(`let(?:ting)? (?:the |our |this )?(?:contract|agreement|subscription) (?:expire|lapse|run out)|(?:won'?t|will not|not) extend${L} (?:the |our )?(?:contract|agreement)`),
    ],
    competitor: [
      w(`competitors?(?! analysis)|alternatives?|evaluting alternatives`),
      w(`(?:other|another|different|new)\\s+(?:\\p{L}+\\s+)?(?:providers?|vendors?|suppliers?|compan(?:y|ies)|platforms?|agenc(?:y|ies)|firms?|contractors?|integrators?|outsourcers?)`),
      w(`(?:dump|export|copy|archive|backup)\\s+of\\s+(?:all\\s+)?(?:our|the)\\s+(?:\\p{L}+\\s+)?(?:data|tickets|records|files)|full (?:data )?export`),
      w(`switch(?:ing)?\\s+(?:to|provider|vendor|away)|considering switching|switching`),
      w(`migrat${L}\\s+(?:to|away)\\s+(?:an?other|other|a different)|migrat${L}\\s+(?:our\\s+)?(?:data\\s+)?(?:out|away|elsewhere)`),
      w(`(?:made|sent|gave) us (?:an? )?(?:offer|quote|proposal)|(?:offer|quote|proposal) from (?:another|a different|other)`),
      w(`moving (?:our|all our|all) (?:tickets|data|services?|support|helpdesk|accounts?|systems?|workloads?|infrastructure) to|move elsewhere|moving elsewhere`),
      w(`export${L}\\s+(?:all|everything)|data export|export (?:of )?(?:all )?(?:our )?data`),
    ],
    budget: [
      w(`to{1,2}\\s+(?:expensive|costly|pricey|high)|expensive|overpriced|pricey|discount${L}`),
      w(`budget\\s+${ANY(3)}(?:is|was|has been|got|are)\\s+(?:frozen|cut|reduced|slashed)|budget freeze|costs? (?:are|is) out of control`),
      w(`(?:froze|freez${L}|frozen)\\s+${ANY(2)}(?:spend${L}|budgets?|costs?)|pay${L} too much|too much (?:money|for)`),
      w(`(?:cut|reduce|lower)\\s+${ANY(2)}(?:spend${L}|costs?|budgets?)|cut(?:ting)?\\s+costs?|cost[- ]cutting|budget cuts?|budget (?:was|has been|got|is being) cut|(?:lower|reduce|reducing) (?:costs?|spend)`),
      w(`cheaper|half the price|can(?:not|'?t) afford|price increase|reviewing all (?:vendors|suppliers|contracts)`),
    ],
  },
  ru: {
    churn: [
      w(`раст[оа]рг${L}|расторжени${L}`),
      w(`отка[жз]${L}\\s+от\\s+(?:вас|ваш${L}|услуг${L}|сотрудничеств${L}|поддержк${L}|договор${L}|контракт${L})`),
      w(`от\\s+(?:вас|ваших\\s+услуг)\\s+(?:отка[жз]${L}|уйд${L}|уход${L})`),
      w(`(?:уход${L}|уйд${L}|уйти)\\s+от\\s+вас|мы\\s+уходим(?=\\s*[.!]?\\s*$)`),
      w(`(?:разрыв|разорв)${L}\\s+(?:договор|контракт|отношени|сотрудничеств)${L}`),
      w(`прекра${L}\\s+(?:сотрудничеств${L}|работу\\s+с\\s+вами|договор${L}|контракт${L})`),
      w(`сотрудничеств${L}\\s+(?:будем\\s+)?заверш${L}|заверш${L}\\s+сотрудничеств${L}`),
      w(`с\\s+вами\\s+(?:мы\\s+)?больше\\s+(?:не\\s+)?работать\\s+не\\s+будем|больше\\s+не\\s+(?:хотим|будем)\\s+(?:с\\s+вами\\s+)?работать`),
    ],
    non_renewal: [
      w(`не\\s+${ANY(2)}продл${L}`),
      w(`продл${L}\\s+${ANY(4)}не\\s+(?:будем|станем|планируем|собираемся|хотим)`),
      w(`продлени${L}\\s+${ANY(2)}не\\s+(?:будет|ждите|планиру${L}|рассматрива${L})|вряд\\s+ли\\s+${ANY(1)}продл${L}`),
    ],
    competitor: [
      w(`(?<!анализ\\s)конкурент${L}|альтернатив${L}`),
      w(`(?:друг${L}|ин${L})\\s+(?:подрядчик|поставщик|провайдер|платформ|компани|исполнител|вендор)${L}`),
      w(`(?:сделали|прислали|дали)\\s+(?:нам\\s+)?предложени${L}|перен[оеё]с${L}\\s+(?:всех\\s+)?наш${L}\\s+данн${L}|к\\s+друг${L}|(?:думаем|хотим|планируем)\\s+перейти|(?:перей|переход)${L}\\s+(?:к|на)\\s+(?:друг${L}|конкурент${L})`),
      w(`(?:архив|копи${L}|выгрузк${L})\\s+(?:всех\\s+)?наш${L}|выгруз${L}\\s+(?:\\p{L}+\\s+)?(?:данных|все${L})|экспорт${L}\\s+(?:всех\\s+)?данных|миграци${L}\\s+(?:к|на)\\s+друг${L}`),
    ],
    budget: [
      w(`(?:слишком|очень)\\s+(?:дорог${L}|дорага|высок${L})|дорого|дороговат${L}|скидк${L}`),
      w(`бюджет${L}\\s+${ANY(3)}(?:замор[оа][жз]${L}|урез${L}|сокра[тщ]${L})|заморозк${L}\\s+бюджет${L}`),
      w(`замор[оа][жз]${L}\\s+${ANY(2)}(?:расход|затрат|бюджет)${L}|плат${L}\\s+слишком\\s+много|слишком\\s+много\\s+(?:плат|денег)${L}`),
      w(`сокра[тщ]${L}\\s+(?:расход${L}|бюджет${L}|затрат${L})|бюджет${L}\\s+(?:урезал${L}|сократил${L}|порезал${L})|урез${L}\\s+${ANY(1)}(?:расход|бюджет|затрат)${L}`),
      w(`пересматрива${L}\\s+всех\\s+(?:подрядчик|поставщик)${L}|сни[зж]${L}\\s+затрат${L}|повышени${L}\\s+цен${L}`),
      w(`не\\s+можем\\s+(?:себе\\s+)?позволить|(?:по)?дешевле|цены\\s+выросли|подорожа${L}`),
    ],
  },
  zh: {
    churn: [
      zh('(?:终止|终至|停止|结束)(?:与[\\p{Script=Han}]{0,6})?(?:合同|合作|协议|服务|通知)|解除[^，。,]{0,4}(?:合同|合作|协议|关系)|解约|不再合作|不再需要'),
      zh('取消[\\p{Script=Han}]{0,2}?(?:服务|合同|订阅|合作)'),
      zh('不(?:想|再)再?(?:和你们合作|用你们|使用你们)|换掉你们|退订|结束合作|最后一个月使用|离开你们|停止使用(?:你们|贵司)'),
    ],
    non_renewal: [zh('不[再会想打算要准备]*(?:续(?:约|签|费|越|了|合同)?|延期|延长)|最后一年|没有续约的?计划|续[约签][^，。,]{0,4}(?:不(?:考虑|打算|用)|算了)|到期[^，。,]{0,6}不再')],
    competitor: [
      zh('竞争对手(?!分析)|(?:其他|别的)(?:供应|平台|服务商|公司|机构|厂商|外包)|另(?:外)?一家|别家|换(?:供应|服务商)|考虑换'),
      zh('(?:所有|全部)[^，。,]{0,10}(?:导出|打包|备份)|(?:导出|打包|备份)[^，。,]{0,8}(?:所有|全部)'),
      zh('导出[^，。,]{0,6}数据|数据[^，。,]{0,3}导出|(?:全部|都)导出|迁移到(?:其他|别的|另)|考虑迁移|迁到|迁出|迁走|在比较|给我们报了?价'),
    ],
    budget: [
      zh('太贵|(?:价格|费用|成本)[^，。,]{0,8}太高|削减(?:成本|预算|开支)|预算(?:被砍|削减|缩减)|压缩开支|控制开支'),
      zh('冻结[^，。,]{0,6}(?:开支|预算|支出)|(?:开支|预算|支出)[^，。,]{0,4}冻结|钱太多|花费太多|付[^，。,]{0,3}太多|预算[^，。,]{0,4}(?:冻结|减少)|打折|折扣|降价|(?:费用|价格|成本)[^，。,]{0,4}(?:有点|偏|过)高'),
      zh('(?:开支|支出|成本|费用)[^，。,]{0,4}削减|削减[^，。,]{0,6}(?:开支|支出|成本|费用)'),
      zh('降低[^，。,]{0,4}成本|(?:审查|重新评估)所有供应商|涨价|负担不起|便宜|报价比你们低'),
    ],
  },
  ms: {
    churn: [
      w(`(?:mem)?batal${L}\\s+${ANY(1)}(?:kontrak|perkhidmatan|langganan|servis|perjanjian)`),
      w(`(?:me)?(?:namat|tamat)kan\\s+${ANY(1)}(?:kontrak|perkhidmatan|kerjasama|perjanjian|servis)|penamatan`),
      w(`(?:meng)?hentikan\\s+${ANY(1)}(?:kontrak|perkhidmatan|kerjasama|servis|langganan)|berhenti\\s+(?:menggunakan|guna)|tinggalkan\\s+(?:syarikat\\s+anda|anda|kamu)|bulan\\s+terakhir\\s+kami\\s+guna|putuskan\\s+(?:kontrak|hubungan|kerjasama)`),
      w(`(?:tak|tidak)\\s+(?:nak|mahu|mau)\\s+guna\\s+(?:servis|perkhidmatan)|(?:perkhidmatan|servis)\\s+anda\\s+(?:tidak|tak)\\s+(?:diperlukan|perlu)\\s+lagi`),
      w(`kami\\s+(?:akan\\s+)?(?:mem)?batalkan(?=\\s*[.!]?\\s*$)`),
    ],
    non_renewal: [
      w(`(?:tidak|tak|takkan|tiada|tanpa)\\s+${ANY(3)}(?:memperbaharui|diperbaharui|perbaharui|renew|sambung|disambung|menyambung|pembaharuan|dilanjutkan|melanjutkan|lanjutkan)`),
      w(`(?:dibiarkan|biar(?:kan)?)\\s+(?:kontrak\\s+)?tamat`),
    ],
    competitor: [
      w(`(?:pembekal|penyedia|vendor|syarikat|platform|agensi|firma|kontraktor)\\s+(?:\\p{L}+\\s+)?(?:lain|lian)|(?<!analisis\\s)pesaing`),
      w(`(?:nak\\s+)?tukar\\s+(?:pembekal|vendor|penyedia)|nak\\s+tukar|berpindah\\s+ke\\s+(?:platform|pembekal|vendor|penyedia|sistem)|(?:untuk|nak|akan)\\s+berpindah(?=\\s*[.!?]?\\s*$)|pindahkan\\s+(?:\\p{L}+\\s+){1,2}?(?:ke|keluar)|(?:beri|bagi|hantar)\\s+(?:kami\\s+)?(?:tawaran|sebut\\s+harga)|(?:sedang|tengah)\\s+bandingkan`),
      w(`(?:hantar|salin|beri)\\s+semua\\s+(?:data|tiket|rekod|fail)|(?:meng)?eksport\\s+(?:penuh\\s+)?(?:semua|data)|data\\s+(?:\\p{L}+\\s+)?dieksport|eksport\\s+data`),
    ],
    budget: [
      w(`terlalu\\s+(?:mahal|mhal|tinggi)|kenaikan\\s+harga|(?:tidak|tak)\\s+mampu|lebih\\s+(?:murah|rendah)`),
      w(`(?:meng|k)urangkan\\s+kos|potong(?:an)?\\s+(?:bajet|perbelanjaan|kos)|bajet\\s+${ANY(2)}(?:dipotong|dikurangkan)|berjimat`),
      w(`menyemak\\s+(?:semula\\s+)?semua\\s+(?:vendor|pembekal)|mahal|diskaun|potongan\\s+harga|(?:kos|harga)\\s+(?:agak|sangat)\\s+tinggi`),
      w(`bajet\\s+${ANY(2)}(?:dibekukan|beku)|pembekuan\\s+bajet|membekukan\\s+${ANY(2)}(?:perbelanjaan|bajet|kos)|bayar\\s+terlalu\\s+banyak`),
    ],
  },
}

// ——— Negation: a negator earlier in the clause turns a match off ———

const NEGATORS: Record<CommentLanguage, (word: string) => boolean> = {
  en: (t) => /^(?:not|never|no|nobody|none|nothing|neither|nor|cannot|wont|dont|doesnt|didnt)$/.test(t) || /n['’]t$/.test(t),
  ru: (t) => /^(?:не|нет|ни|никогда|никто|ничего|нельзя)$/.test(t),
  // NOTE: 不错/不少/不断 are praise and quantity, not negation
  zh: (t) => /^(?:不|没|无|别|未|从未|从来没|从没)/.test(t) && !/^(?:不错|不少|不断|不同|不仅|不过)$/.test(t),
  ms: (t) => /^(?:tidak|tak|takkan|bukan|tiada|belum|jangan|tanpa)$/.test(t),
}
/** Russian puts the negation after an infinitive: "расторгать договор не собираемся". */
const RU_NEGATED_AFTER = /^\s*(?:[\p{L}-]+\s+){0,3}?не\s+(?:собира|планир|хоти|хотим|будем|станем|намер)/iu
/** Where a clause ends inside a sentence: the negation of one clause does not reach the next. */
const CLAUSE_BREAK = /[,;:，；：、]|\s(?:but|however|но|а|однако|tapi|tetapi|namun)\s|但是|但|不过|可是/giu
const ABBREVIATION_END = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|т\.е|т\.к|т\.н|напр|см|др)\.\s*$/iu

const wordSegmenters = new Map<CommentLanguage, Intl.Segmenter>()
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' })

function words(text: string, language: CommentLanguage): string[] {
  let segmenter = wordSegmenters.get(language)
  if (!segmenter) wordSegmenters.set(language, (segmenter = new Intl.Segmenter(language, { granularity: 'word' })))
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment.toLowerCase())
}

/** Sentences as written, not cut after "e.g." or "т.е." (ICU breaks there before a capital). */
export function sentences(text: string): string[] {
  const out: string[] = []
  for (const { segment } of sentenceSegmenter.segment(text)) {
    if (out.length && ABBREVIATION_END.test(out[out.length - 1])) out[out.length - 1] += segment
    else out.push(segment)
  }
  return out.map((s) => s.trim()).filter(Boolean)
}

// ——— Language: script first, then stop words to tell English from Malay ———

const MS_WORDS = new Set(
  'yang tidak dan kami akan ini itu dengan untuk saya anda sudah belum boleh tak nak kontrak perkhidmatan tapi tetapi sila tolong terima kasih lagi sangat terlalu harga je dah ada tiada bukan juga lebih baru semua kenapa macam mana buat masa bulan tahun minggu hari kos bajet laporan pasukan usaha teruskan mahu sedang pada dari daripada kerana secara keseluruhan bagus baik lambat cepat staf harap berpatutan ke di oleh jadi komen tiket jawapan tengah tengok sekarang'.split(' '),
)
const EN_WORDS = new Set(
  'the a an is are was were we you our your us to of and for with not this that it be will have has please thanks thank too very but so all from at on in by can do does did would could should they them their my me i its just more than been being what why how when'.split(' '),
)

const LATIN_WORD = /[\p{Script=Latin}'’]+/gu

const countOf = (text: string, re: RegExp) => text.match(re)?.length ?? 0

/** Letters per candidate language in one piece of text; Latin split between en and ms by their words. */
function languageScores(text: string): Record<CommentLanguage, number> & { latinWords: number } {
  const han = countOf(text, /\p{Script=Han}/gu)
  const cyrillic = countOf(text, /\p{Script=Cyrillic}/gu)
  const latin = countOf(text, /\p{Script=Latin}/gu)
  let en = 0
  let ms = 0
  // Latin words are space-separated: a regex finds them at a tenth of a segmenter's cost, and
  // this runs for every sentence of every comment the daily recompute reads (P3).
  for (const word of latin ? (text.toLowerCase().match(LATIN_WORD) ?? []) : []) {
    if (MS_WORDS.has(word) || /^\p{L}{3,}(?:kan|nya)$/u.test(word)) ms++
    else if (EN_WORDS.has(word)) en++
  }
  // NOTE: Han counts double: one character carries about as much as two Latin letters
  return { zh: han * 2, ru: cyrillic, en: en + ms ? (latin * en) / (en + ms) : latin, ms: en + ms ? (latin * ms) / (en + ms) : 0, latinWords: en + ms }
}

export function detectLanguage(text: string): CommentLanguage {
  const scores = languageScores(text)
  return COMMENT_LANGUAGES.reduce((best, l) => (scores[l] > scores[best] ? l : best), 'en' as CommentLanguage)
}

/** The languages worth trying on one sentence: every script it contains, and both Latin
    languages when the stop words do not tell them apart (uncertain detection). */
function sentenceLanguages(sentence: string): CommentLanguage[] {
  const s = languageScores(sentence)
  const found: CommentLanguage[] = []
  if (s.zh) found.push('zh')
  if (s.ru) found.push('ru')
  if (s.en || s.ms) {
    const uncertain = s.latinWords === 0
    if (s.en > 2 * s.ms && !uncertain) found.push('en')
    else if (s.ms > 2 * s.en) found.push('ms')
    else found.push('en', 'ms')
  }
  return found
}

// ——— Matching ———

function clauses(sentence: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = []
  let start = 0
  for (const m of sentence.matchAll(CLAUSE_BREAK)) {
    out.push({ start, text: sentence.slice(start, m.index) })
    start = m.index! + m[0].length
  }
  out.push({ start, text: sentence.slice(start) })
  return out
}

function negated(clause: string, index: number, end: number, signal: CommentSignal, language: CommentLanguage): boolean {
  // non_renewal carries its own negation ("won't renew", "不续约"): a negator is the signal
  if (signal === 'non_renewal') return false
  if (words(clause.slice(0, index), language).some(NEGATORS[language])) return true
  return language === 'ru' && signal !== 'budget' && RU_NEGATED_AFTER.test(clause.slice(end))
}

function findIn(sentence: string, language: CommentLanguage): Finding[] {
  const findings: Finding[] = []
  for (const clause of clauses(sentence)) {
    for (const signal of COMMENT_SIGNALS) {
      for (const pattern of TABLES[language][signal]) {
        const m = pattern.exec(clause.text)
        if (!m || negated(clause.text, m.index, m.index + m[0].length, signal, language)) continue
        if (!findings.some((f) => f.signal === signal)) findings.push({ signal, sentence, matched: m[0], language })
      }
    }
  }
  return findings
}

/** The comment's language and each signal it carries, one finding per signal and sentence. */
export function understandComment(text: string): Understanding {
  const findings: Finding[] = []
  for (const sentence of sentences(text)) {
    for (const language of sentenceLanguages(sentence)) {
      for (const f of findIn(sentence, language)) if (!findings.some((x) => x.signal === f.signal && x.sentence === f.sentence)) findings.push(f)
    }
  }
  return { language: detectLanguage(text), findings }
}
