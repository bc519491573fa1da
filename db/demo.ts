/* The demo portfolio as plain data: ~25 client accounts across industries and
   sizes, people at every level in both roles, champions on most accounts, and the
   at-risk queue's stories (who was flagged, what the team did, who was saved or lost).
   Deterministic (seeded PRNG) so every newcomer sees the same portfolio. */
import type { ConcessionType, Level, Locale, QueueOutcome, RelationshipRole, StaffRole } from '../app/domain/vocabulary'

export const DEMO_ADMIN_EMAIL = 'admin@hatescale.demo'

export type DemoStaff = { key: string; name: string; email: string; role: StaffRole }
export type DemoPerson = { name: string; email: string; title: string; level: Level; role: RelationshipRole; locale: Locale; isChampion: boolean; status: 'active' | 'left' }
export type DemoAccount = {
  name: string
  domain: string
  industry: string
  arr: number
  renewalInDays: number
  strategic: boolean
  owner: string
  team: string[]
  people: DemoPerson[]
}

export const DEMO_STAFF: DemoStaff[] = [
  { key: 'admin', name: 'Alex Admin', email: DEMO_ADMIN_EMAIL, role: 'admin' },
  { key: 'maria', name: 'Maria Lopez', email: 'maria@hatescale.demo', role: 'service_manager' },
  { key: 'david', name: 'David Chen', email: 'david@hatescale.demo', role: 'service_manager' },
  { key: 'olga', name: 'Olga Petrova', email: 'olga@hatescale.demo', role: 'service_manager' },
  { key: 'sam', name: 'Sam Taylor', email: 'sam@hatescale.demo', role: 'account_team' },
  { key: 'priya', name: 'Priya Nair', email: 'priya@hatescale.demo', role: 'account_team' },
  { key: 'ivan', name: 'Ivan Sokolov', email: 'ivan@hatescale.demo', role: 'account_team' },
  { key: 'emma', name: 'Emma Brown', email: 'emma@hatescale.demo', role: 'account_team' },
]

const COMPANIES: [name: string, domain: string, industry: string, locale: Locale][] = [
  ['Northwind Logistics', 'northwind-logistics.com', 'Logistics', 'en'],
  ['Contoso Health', 'contoso-health.com', 'Healthcare', 'en'],
  ['Fabrikam Retail', 'fabrikam-retail.com', 'Retail', 'en'],
  ['Tailspin Airlines', 'tailspin-air.com', 'Aviation', 'en'],
  ['Volga Bank', 'volgabank.ru', 'Banking', 'ru'],
  ['Adatum Insurance', 'adatum-insurance.com', 'Insurance', 'en'],
  ['Litware Software', 'litware.io', 'Software', 'en'],
  ['Proseware Media', 'proseware.media', 'Media', 'en'],
  ['Uralsteel', 'uralsteel.ru', 'Manufacturing', 'ru'],
  ['Wingtip Toys', 'wingtiptoys.com', 'Consumer goods', 'en'],
  ['Woodgrove Financial', 'woodgrove.finance', 'Financial services', 'en'],
  ['Blue Yonder Energy', 'blueyonder-energy.com', 'Energy', 'en'],
  ['Coho Vineyard', 'cohovineyard.com', 'Food and drink', 'en'],
  ['Lucerne Publishing', 'lucernepublishing.com', 'Publishing', 'en'],
  ['Sibirtelecom', 'sibirtelecom.ru', 'Telecom', 'ru'],
  ['Margie Travel', 'margiestravel.com', 'Travel', 'en'],
  ['Humongous Insurance', 'humongousinsurance.com', 'Insurance', 'en'],
  ['Trey Research', 'treyresearch.net', 'Pharma', 'en'],
  ['Baltic Freight', 'balticfreight.ru', 'Logistics', 'ru'],
  ['Alpine Ski House', 'alpineskihouse.com', 'Hospitality', 'en'],
  ['Relecloud', 'relecloud.com', 'Cloud services', 'en'],
  ['Southridge Video', 'southridgevideo.com', 'Media', 'en'],
  ['City Power & Light', 'cpandl.com', 'Utilities', 'en'],
  ['Graphic Design Institute', 'graphicdesigninstitute.com', 'Education', 'en'],
  ['Nod Publishers', 'nodpublishers.com', 'Publishing', 'en'],
  ['Kazan Pharma', 'kazanpharma.ru', 'Pharma', 'ru'],
]

const FIRST_EN = ['Anna', 'Ben', 'Carla', 'Dan', 'Eva', 'Frank', 'Grace', 'Hugo', 'Iris', 'Jack', 'Kim', 'Leo', 'Mia', 'Noah', 'Olivia', 'Paul', 'Quinn', 'Rosa', 'Steve', 'Tara']
const LAST_EN = ['Adams', 'Baker', 'Clark', 'Davis', 'Evans', 'Fisher', 'Green', 'Hall', 'Irwin', 'Jones', 'King', 'Lewis', 'Moore', 'Nash', 'Owens', 'Parker', 'Reed', 'Scott', 'Turner', 'Walsh']
const FIRST_RU = ['Алексей', 'Мария', 'Дмитрий', 'Елена', 'Сергей', 'Ольга', 'Андрей', 'Наталья', 'Павел', 'Ирина']
const LAST_RU = ['Иванов', 'Смирнова', 'Кузнецов', 'Попова', 'Волков', 'Соколова', 'Морозов', 'Лебедева', 'Новиков', 'Орлова']
const FIRST_ZH = ['Wei', 'Jing', 'Hao', 'Min', 'Lei', 'Yan', 'Tao', 'Xin', 'Jun', 'Fang']
const LAST_ZH = ['Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou']
const FIRST_MS = ['Aisyah', 'Farid', 'Nurul', 'Hafiz', 'Siti', 'Amir', 'Zainab', 'Irfan', 'Liyana', 'Azman']
const LAST_MS = ['Ismail', 'Rahman', 'Abdullah', 'Hassan', 'Yusof', 'Ahmad', 'Osman', 'Salleh', 'Aziz', 'Hamid']
/** Accounts whose hands-on people read Chinese or Malay (issue 16): their executors get that locale. */
const EXECUTOR_LOCALE: Record<string, 'zh' | 'ms'> = { 'Lucerne Publishing': 'zh', 'Wingtip Toys': 'ms' }
const TRANSLIT: Record<string, string> = { Алексей: 'alexey', Мария: 'maria', Дмитрий: 'dmitry', Елена: 'elena', Сергей: 'sergey', Ольга: 'olga', Андрей: 'andrey', Наталья: 'natalia', Павел: 'pavel', Ирина: 'irina' }

const TITLES: Record<Level, [title: string, role: RelationshipRole][]> = {
  executor: [['Support engineer', 'user'], ['Analyst', 'user'], ['Developer', 'user'], ['Operations specialist', 'user']],
  manager: [['Team lead', 'user'], ['Service owner', 'both'], ['Project manager', 'user'], ['Procurement manager', 'buyer']],
  head: [['Head of IT', 'both'], ['Head of Operations', 'user'], ['Finance director', 'buyer'], ['Head of Procurement', 'buyer']],
  top: [['CEO', 'buyer'], ['CIO', 'both'], ['CFO', 'buyer'], ['COO', 'both']],
}

/** Mulberry32: tiny, deterministic. */
function prng(seed: number) {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function demoPortfolio(seed = 42): DemoAccount[] {
  const rand = prng(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const managers = DEMO_STAFF.filter((s) => s.role === 'service_manager').map((s) => s.key)
  const teamPool = DEMO_STAFF.filter((s) => s.role === 'account_team').map((s) => s.key)

  return COMPANIES.map(([name, domain, industry, locale], i) => {
    const size = i % 5 === 0 ? 'large' : i % 3 === 0 ? 'small' : 'mid'
    const arr = size === 'large' ? 250_000 + Math.round(rand() * 40) * 10_000 : size === 'mid' ? 60_000 + Math.round(rand() * 18) * 5_000 : 12_000 + Math.round(rand() * 8) * 4_000
    const perLevel: Record<Level, number> =
      size === 'large' ? { executor: 6, manager: 3, head: 2, top: 2 } : size === 'mid' ? { executor: 4, manager: 2, head: 1, top: 1 } : { executor: 2, manager: 1, head: 1, top: 1 }
    // Some accounts have a gap: nobody at top level, or no hands-on user.
    if (i % 7 === 3) perLevel.top = 0
    if (i % 11 === 5) perLevel.executor = 0
    const used = new Set<string>()
    const people: DemoPerson[] = []
    for (const level of ['top', 'head', 'manager', 'executor'] as Level[]) {
      for (let n = 0; n < perLevel[level]; n++) {
        const ru = locale === 'ru' && rand() < 0.8
        // NOTE: no extra rand() draw here, so every other account's people stay as they were.
        const own = level === 'executor' ? EXECUTOR_LOCALE[name] : undefined
        let first: string, last: string, slug: string
        do {
          first = ru ? pick(FIRST_RU) : own === 'zh' ? pick(FIRST_ZH) : own === 'ms' ? pick(FIRST_MS) : pick(FIRST_EN)
          last = ru ? pick(LAST_RU) : own === 'zh' ? pick(LAST_ZH) : own === 'ms' ? pick(LAST_MS) : pick(LAST_EN)
          slug = `${ru ? TRANSLIT[first] : first.toLowerCase()}.${ru ? String(LAST_RU.indexOf(last)) : last.toLowerCase()}`
        } while (used.has(slug))
        used.add(slug)
        const [title, role] = pick(TITLES[level])
        people.push({ name: `${first} ${last}`, email: `${slug}@${domain}`, title, level, role, locale: ru ? 'ru' : (own ?? 'en'), isChampion: false, status: rand() < 0.05 ? 'left' : 'active' })
      }
    }
    // Champions on most accounts: usually a manager or head who is still there.
    if (i % 6 !== 4) {
      const candidate = people.find((p) => p.status === 'active' && (p.level === 'head' || p.level === 'manager'))
      if (candidate) candidate.isChampion = true
    }
    // Every account starts active: the at-risk queue sets at_risk, saved and churned (DEMO_QUEUE_STORIES).
    const team = [teamPool[i % teamPool.length], ...(size === 'large' ? [teamPool[(i + 1) % teamPool.length]] : [])]
    return {
      name,
      domain,
      industry,
      arr,
      // NOTE: rand() is drawn even when a story fixes the date, so the rest of the portfolio stays the same.
      renewalInDays: renewalOverride(name, 10 + Math.floor(rand() * 340)),
      strategic: size === 'large' || i % 8 === 1,
      owner: managers[i % managers.length],
      team,
      people,
    }
  })
}

// ——— Survey history (issue 3): three past waves and the answers people gave ———

export const DEMO_PAST_WAVES = [
  { name: 'Spring pulse', daysAgo: 150, openDays: 14 },
  { name: 'Summer pulse', daysAgo: 90, openDays: 14 },
  { name: 'Autumn pulse', daysAgo: 30, openDays: 14 },
] as const

type Comment = { text: string; category: 'support' | 'quality' | 'deadlines' | 'communication' | 'pricing' | 'product' | 'other' }

const COMMENTS: Record<Locale, { happy: Comment[]; meh: Comment[]; angry: Comment[] }> = {
  en: {
    happy: [
      { text: 'Support answers within the hour. Keep it up.', category: 'support' },
      { text: 'The new release fixed the reports we asked for.', category: 'product' },
      { text: 'Our account manager actually listens.', category: 'communication' },
    ],
    meh: [
      { text: 'Tickets get closed before the problem is really solved.', category: 'support' },
      { text: 'Status updates come late; we hear about incidents from our own users.', category: 'communication' },
      { text: 'The last two releases slipped by a week each.', category: 'deadlines' },
    ],
    angry: [
      { text: 'Third outage this month. We are evaluating Globex as an alternative.', category: 'quality' },
      { text: 'Too expensive for what we get. We have to cut costs next year.', category: 'pricing' },
      { text: 'Finance is reviewing all vendors and asked how we would export our data.', category: 'pricing' },
      { text: 'Promised features keep slipping. If this goes on we will not renew.', category: 'deadlines' },
      { text: 'Nobody owns our escalations; every ticket bounces between teams.', category: 'support' },
    ],
  },
  ru: {
    happy: [
      { text: 'Поддержка отвечает быстро, спасибо.', category: 'support' },
      { text: 'Новая версия отчётов — именно то, что мы просили.', category: 'product' },
      { text: 'С менеджером легко договориться.', category: 'communication' },
    ],
    meh: [
      { text: 'Заявки закрывают, не дождавшись решения.', category: 'support' },
      { text: 'Об инцидентах узнаём от своих пользователей, а не от вас.', category: 'communication' },
      { text: 'Сроки по доработкам снова сдвинулись.', category: 'deadlines' },
    ],
    angry: [
      { text: 'Третий сбой за месяц. Смотрим в сторону конкурента, Яндекс Облако уже предложило пилот.', category: 'quality' },
      { text: 'Слишком дорого. В следующем году нам нужно сократить расходы.', category: 'pricing' },
      { text: 'Руководство пересматривает всех подрядчиков и спросило про выгрузку данных.', category: 'pricing' },
      { text: 'Обещанное опять не сделано. Если так пойдёт дальше, не будем продлевать договор.', category: 'deadlines' },
    ],
  },
  zh: {
    happy: [
      { text: '技术支持一小时内就回复了，继续保持。', category: 'support' },
      { text: '新版本解决了我们提的报表问题。', category: 'product' },
      { text: '客户经理真的会听我们的意见。', category: 'communication' },
    ],
    meh: [
      { text: '问题还没真正解决，工单就被关闭了。', category: 'support' },
      { text: '状态更新太慢，故障都是我们的用户先告诉我们的。', category: 'communication' },
      { text: '最近两个版本各推迟了一周。', category: 'deadlines' },
    ],
    angry: [
      { text: '这个月第三次宕机了。我们正在评估其他供应商。', category: 'quality' },
      { text: '太贵了，性价比不高。明年我们必须削减成本。', category: 'pricing' },
      { text: '财务在审查所有供应商，还问我们怎么导出数据。', category: 'pricing' },
      { text: '承诺的功能一拖再拖。再这样下去，我们不会续约。', category: 'deadlines' },
      { text: '升级的问题没人负责，每个工单都在团队之间踢来踢去。', category: 'support' },
    ],
  },
  ms: {
    happy: [
      { text: 'Pasukan sokongan menjawab dalam masa sejam. Teruskan.', category: 'support' },
      { text: 'Keluaran baharu membetulkan laporan yang kami minta.', category: 'product' },
      { text: 'Pengurus akaun kami betul-betul mendengar.', category: 'communication' },
    ],
    meh: [
      { text: 'Tiket ditutup sebelum masalah benar-benar selesai.', category: 'support' },
      { text: 'Maklumat status lambat; kami tahu tentang insiden daripada pengguna kami sendiri.', category: 'communication' },
      { text: 'Dua keluaran terakhir masing-masing lewat seminggu.', category: 'deadlines' },
    ],
    angry: [
      { text: 'Gangguan kali ketiga bulan ini. Kami sedang menilai pembekal lain.', category: 'quality' },
      { text: 'Terlalu mahal untuk apa yang kami dapat. Tahun depan kami perlu mengurangkan kos.', category: 'pricing' },
      { text: 'Pihak kewangan sedang menyemak semua vendor dan bertanya cara mengeksport data kami.', category: 'pricing' },
      { text: 'Ciri yang dijanjikan asyik tertangguh. Kalau begini terus, kami tidak akan memperbaharui kontrak.', category: 'deadlines' },
      { text: 'Tiada siapa yang bertanggungjawab atas eskalasi kami; setiap tiket berpindah-pindah antara pasukan.', category: 'support' },
    ],
  },
}

export type DemoAnswer = { score: number; comment: string; category: Comment['category'] | null } | null

/**
 * What one demo person answered in one past wave (null: did not answer). Accounts
 * differ on purpose: some slide wave by wave, some have levels that disagree (the
 * people hate us, the top does not know), some top managers never answer.
 */
export function demoAnswer({ accountIndex, level, locale, waveIndex, personIndex }: { accountIndex: number; level: Level; locale: Locale; waveIndex: number; personIndex: number }): DemoAnswer {
  const rand = prng(accountIndex * 1000 + waveIndex * 100 + personIndex * 7 + LEVEL_SEED[level])
  const sliding = accountIndex % 4 === 1
  const misaligned = accountIndex % 5 === 2
  const silentTop = accountIndex % 6 === 3
  if (level === 'top' && silentTop) return null
  // Some levels go silent in the latest wave: silence is a signal too.
  if (waveIndex === 2 && accountIndex % 7 === 0 && level === 'manager') return null
  if (rand() > (level === 'top' ? 0.55 : 0.75)) return null
  const base = misaligned ? { executor: 8, manager: 7, head: 4, top: 2 }[level] : { executor: 3.5, manager: 3, head: 2.5, top: 2 }[level] + (accountIndex % 3) - 1
  const slide = sliding && (level === 'executor' || level === 'manager' || level === 'head') ? waveIndex * 2 : 0
  const score = Math.max(0, Math.min(10, Math.round(base + slide + (rand() * 3 - 1.5))))
  if (rand() < 0.45) return { score, comment: '', category: null }
  const pool = COMMENTS[locale][score <= 2 ? 'happy' : score <= 6 ? 'meh' : 'angry']
  const pick = pool[Math.floor(rand() * pool.length)]
  return { score, comment: pick.text, category: pick.category }
}

const LEVEL_SEED: Record<Level, number> = { executor: 1, manager: 2, head: 3, top: 4 }

// ——— The at-risk queue (issue 6): who was flagged, what the team did, who was saved or lost ———

export type DemoStepKey = 'contact' | 'team' | 'workaround' | 'rca' | 'fix'

/** One thing the account team did on the account's open item, `daysAgo` before the seed's today, as staff member `by`. */
export type DemoQueueWork = { daysAgo: number; by: string } & (
  | { do: 'done'; step: DemoStepKey }
  | { do: 'skip'; step: DemoStepKey; reason: string }
  | { do: 'assign'; step: DemoStepKey; to: string }
  | { do: 'note'; text: string }
  | { do: 'plan'; issue: string; rootCause: string; fix: string; owner: string; deadlineInDays: number; metric: string }
  | { do: 'message'; toLevels: Level[]; subject: string; body: string }
  | { do: 'propose'; type: ConcessionType; percent: number; term: string; rationale: string; expectedResult: string; expiryInDays: number }
  | { do: 'decide'; decision: 'approved' | 'rejected'; note: string }
  | { do: 'close'; outcome: QueueOutcome; reason: string }
)

export type DemoStory = {
  /** Renewal date in days from today, when the story needs one (a churned account renewed, or not, in the past). */
  renewalInDays?: number
  /** Answers that replace demoAnswer's for one person (by level and order within the level); null: did not answer. */
  answers?: { wave: 0 | 1 | 2; level: Level; nth: number; answer: DemoAnswer }[]
  work?: DemoQueueWork[]
}

/**
 * The queue's stories. Nothing here says "effort" or "risk": the seed plays the answers
 * and champion events through the real queue (recomputeQueue at the moments they
 * happened), and the triage arrives at (default settings):
 *   full     – Contoso Health, Adatum Insurance, Proseware Media, Trey Research (strategic or ≥ 100K,
 *              a real chance), Margie Travel (flagged two days ago: its champion vanished from an import);
 *   standard – Southridge Video, Coho Vineyard (30–100K: medium value; medium probability: alternatives named);
 *   light    – Kazan Pharma (570K strategic, but low probability: a competitor and "not renewing");
 *   none     – Litware Software (16K and low probability: switching vendor, will not renew);
 *   saved    – Uralsteel (a price complaint from the CEO in Summer; plan, 10% approved, renewed);
 *   churned  – Graphic Design Institute (flagged in Summer, went quiet, lost at renewal 12 days ago);
 *   dismissed – City Power & Light (a billing error in Summer, refunded).
 * Items opened after the Summer or Autumn pulse (87 and 27 days ago) have overdue steps; Margie
 * Travel's are on time.
 * NOTE: Northwind Logistics is kept out of the queue on purpose: its CEO Iris Scott (top, buyer) has
 * never answered and holds a live invitation in the open wave — the browser test answers 9 as her
 * and watches the item appear.
 */
export const DEMO_QUEUE_STORIES: Record<string, DemoStory> = {
  Uralsteel: {
    answers: [
      // Kim Davis, CEO (top, buyer): a price complaint in Summer, content again in Autumn.
      { wave: 1, level: 'top', nth: 0, answer: { score: 9, comment: 'Too expensive for what we get. We have to cut costs next year.', category: 'pricing' } },
      { wave: 2, level: 'top', nth: 0, answer: { score: 2, comment: 'The new release fixed the reports we asked for.', category: 'product' } },
    ],
    work: [
      { daysAgo: 86.6, by: 'sam', do: 'done', step: 'contact' },
      { daysAgo: 86.4, by: 'sam', do: 'note', text: 'Called Kim Davis. They pay for 400 seats and use 250; the budget for next year is cut by a fifth.' },
      { daysAgo: 86, by: 'olga', do: 'done', step: 'team' },
      {
        daysAgo: 85,
        by: 'sam',
        do: 'plan',
        issue: 'Licence cost above next year’s budget',
        rootCause: '400 seats bought, 250 in use',
        fix: 'Right-size the licence at renewal; a usage review every quarter',
        owner: 'Sam Taylor',
        deadlineInDays: -30,
        metric: 'Cost per active user down 25%',
      },
      { daysAgo: 85, by: 'sam', do: 'propose', type: 'discount', percent: 10, term: '12 months from renewal', rationale: 'Price is what the CEO wrote about; right-sizing plus 10% fits their budget.', expectedResult: 'Renewal signed for 12 months', expiryInDays: -40 },
      { daysAgo: 84.5, by: 'olga', do: 'decide', decision: 'approved', note: 'Within my limit, tied to the 12-month renewal.' },
      { daysAgo: 84.5, by: 'sam', do: 'done', step: 'workaround' },
      { daysAgo: 80, by: 'olga', do: 'done', step: 'rca' },
      { daysAgo: 60, by: 'olga', do: 'done', step: 'fix' },
      { daysAgo: 20, by: 'olga', do: 'close', outcome: 'saved', reason: 'Renewed for 12 months on the right-sized licence; Kim Davis answered 2 in the Autumn pulse.' },
    ],
  },
  'Graphic Design Institute': {
    renewalInDays: -12,
    answers: [
      // Olivia King, president (top, both), and a manager talking of not renewing; then silence.
      { wave: 1, level: 'top', nth: 0, answer: { score: 8, comment: 'Too expensive for what we get. We have to cut costs next year.', category: 'pricing' } },
      { wave: 1, level: 'manager', nth: 1, answer: { score: 7, comment: 'Promised features keep slipping. If this goes on we will not renew.', category: 'deadlines' } },
      { wave: 2, level: 'top', nth: 0, answer: null },
    ],
    work: [
      { daysAgo: 86.5, by: 'emma', do: 'done', step: 'contact' },
      { daysAgo: 85, by: 'olga', do: 'done', step: 'team' },
      { daysAgo: 84, by: 'emma', do: 'propose', type: 'discount', percent: 20, term: '12 months', rationale: 'Their budget is cut; the president wrote that we are too expensive.', expectedResult: 'Renewal at the reduced price', expiryInDays: -30 },
      { daysAgo: 83, by: 'admin', do: 'decide', decision: 'rejected', note: 'A discount does not fix the slipping features; offer the delivery plan first.' },
      { daysAgo: 83, by: 'emma', do: 'skip', step: 'workaround', reason: 'They declined a call until their budget review.' },
      { daysAgo: 76, by: 'olga', do: 'done', step: 'rca' },
      { daysAgo: 26, by: 'emma', do: 'note', text: 'Autumn pulse: Olivia King did not answer, and nobody at top level did. The vendor review is under way.' },
      { daysAgo: 12, by: 'olga', do: 'close', outcome: 'churned', reason: 'Did not renew: moved to a cheaper vendor after their budget review.' },
    ],
  },
  'Litware Software': {
    answers: [{ wave: 2, level: 'manager', nth: 0, answer: { score: 8, comment: 'We are switching to an alternative vendor and will not renew.', category: 'product' } }],
    work: [
      { daysAgo: 26.6, by: 'ivan', do: 'done', step: 'contact' },
      {
        daysAgo: 26.5,
        by: 'ivan',
        do: 'message',
        toLevels: ['manager', 'head'],
        subject: 'Litware Software: making the hand-over easy',
        body: 'Hello,\n\nWe understand you are moving on, and we respect that. A full export of your data, a hand-over session and support until the last day of the contract are yours.\n\nBest regards,\nIvan Sokolov',
      },
      ...(['team', 'workaround', 'rca', 'fix'] as const).map((step) => ({ daysAgo: 26.4, by: 'ivan', do: 'skip' as const, step, reason: 'Effort none: a graceful exit, no save attempt.' })),
    ],
  },
  'Trey Research': {
    work: [
      { daysAgo: 86.8, by: 'priya', do: 'done', step: 'contact' },
      { daysAgo: 86, by: 'olga', do: 'done', step: 'team' },
      { daysAgo: 84, by: 'priya', do: 'done', step: 'workaround' },
      { daysAgo: 80, by: 'olga', do: 'done', step: 'rca' },
      {
        daysAgo: 80,
        by: 'olga',
        do: 'plan',
        issue: 'Promised features keep slipping',
        rootCause: 'Their roadmap items were never given a release date',
        fix: 'A dated delivery plan for the three features they wait for, reviewed monthly with Anna Irwin',
        owner: 'Olga Petrova',
        deadlineInDays: 45,
        metric: 'All three features released by the dates agreed',
      },
      { daysAgo: 26, by: 'priya', do: 'note', text: 'Autumn pulse: they now say they will not renew if this goes on. The second feature slipped again.' },
    ],
  },
  'City Power & Light': {
    work: [
      { daysAgo: 86.5, by: 'ivan', do: 'done', step: 'contact' },
      { daysAgo: 85.5, by: 'david', do: 'done', step: 'team' },
      { daysAgo: 25, by: 'david', do: 'close', outcome: 'dismissed', reason: 'The buyer’s complaint was one billing error, refunded in August; the Autumn answers are back to normal.' },
    ],
  },
  'Coho Vineyard': {
    work: [
      { daysAgo: 86.5, by: 'sam', do: 'done', step: 'contact' },
      { daysAgo: 85, by: 'maria', do: 'done', step: 'team' },
      { daysAgo: 83, by: 'sam', do: 'done', step: 'workaround' },
      { daysAgo: 26, by: 'sam', do: 'note', text: 'Autumn: no more talk of leaving, but they still compare us with another vendor. The root-cause analysis is still owed.' },
    ],
  },
  'Contoso Health': {
    work: [
      { daysAgo: 26.7, by: 'priya', do: 'done', step: 'contact' },
      { daysAgo: 26.5, by: 'david', do: 'assign', step: 'team', to: 'david' },
      { daysAgo: 26, by: 'david', do: 'done', step: 'team' },
      { daysAgo: 24, by: 'priya', do: 'done', step: 'workaround' },
      { daysAgo: 23, by: 'priya', do: 'note', text: 'Anna Hall’s mailbox bounces: she has left. Iris Turner (CEO) is our contact until they name someone.' },
      {
        daysAgo: 20,
        by: 'david',
        do: 'plan',
        issue: 'Escalations bounce between teams',
        rootCause: 'No single owner for P1 tickets across support and engineering',
        fix: 'A named escalation manager for Contoso; P1 review every morning',
        owner: 'David Chen',
        deadlineInDays: 10,
        metric: 'No P1 ticket reassigned more than once; resolution within 8 hours',
      },
    ],
  },
  'Adatum Insurance': {
    work: [
      { daysAgo: 26, by: 'priya', do: 'done', step: 'contact' },
      { daysAgo: 26, by: 'olga', do: 'assign', step: 'team', to: 'olga' },
      { daysAgo: 25, by: 'ivan', do: 'propose', type: 'discount', percent: 20, term: '12 months', rationale: 'Finance is reviewing all vendors; a buyer answered 8.', expectedResult: 'Adatum stays through the vendor review', expiryInDays: 20 },
    ],
  },
  'Proseware Media': { work: [{ daysAgo: 14, by: 'david', do: 'assign', step: 'contact', to: 'emma' }] },
  'Southridge Video': {
    work: [
      { daysAgo: 26.5, by: 'priya', do: 'done', step: 'contact' },
      { daysAgo: 25, by: 'maria', do: 'done', step: 'team' },
    ],
  },
  'Kazan Pharma': {
    work: [
      { daysAgo: 26, by: 'ivan', do: 'done', step: 'contact' },
      { daysAgo: 25.5, by: 'ivan', do: 'note', text: 'Елена Волков: they have a pilot with a competitor; the decision is with the board. Low odds: one honest conversation, no discounts.' },
    ],
  },
  'Margie Travel': {
    work: [
      { daysAgo: 1.7, by: 'emma', do: 'done', step: 'contact' },
      { daysAgo: 1.2, by: 'maria', do: 'done', step: 'team' },
      { daysAgo: 1.1, by: 'maria', do: 'note', text: 'Paul Green is no longer in their directory. Steve Nash (head of operations) agreed to meet this week.' },
    ],
  },
}

function renewalOverride(accountName: string, drawn: number): number {
  return DEMO_QUEUE_STORIES[accountName]?.renewalInDays ?? drawn
}

/** A story's answer for this person, or undefined when the story says nothing about them. */
export function storyAnswer({ accountName, waveIndex, level, nth }: { accountName: string; waveIndex: number; level: Level; nth: number }): DemoAnswer | undefined {
  return DEMO_QUEUE_STORIES[accountName]?.answers?.find((a) => a.wave === waveIndex && a.level === level && a.nth === nth)?.answer
}
