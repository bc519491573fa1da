/* The demo portfolio as plain data: ~25 client accounts across industries and
   sizes, people at every level in both roles, champions on most accounts.
   Deterministic (seeded PRNG) so every newcomer sees the same portfolio. */
import type { AccountStatus, Level, Locale, RelationshipRole, StaffRole } from '../app/domain/vocabulary'

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
  status: AccountStatus
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
        let first: string, last: string, slug: string
        do {
          first = ru ? pick(FIRST_RU) : pick(FIRST_EN)
          last = ru ? pick(LAST_RU) : pick(LAST_EN)
          slug = `${ru ? TRANSLIT[first] : first.toLowerCase()}.${ru ? String(LAST_RU.indexOf(last)) : last.toLowerCase()}`
        } while (used.has(slug))
        used.add(slug)
        const [title, role] = pick(TITLES[level])
        people.push({ name: `${first} ${last}`, email: `${slug}@${domain}`, title, level, role, locale: ru ? 'ru' : 'en', isChampion: false, status: rand() < 0.05 ? 'left' : 'active' })
      }
    }
    // Champions on most accounts: usually a manager or head who is still there.
    if (i % 6 !== 4) {
      const candidate = people.find((p) => p.status === 'active' && (p.level === 'head' || p.level === 'manager'))
      if (candidate) candidate.isChampion = true
    }
    const status: AccountStatus = i % 9 === 2 ? 'at_risk' : i === 23 ? 'churned' : i === 13 ? 'saved' : 'active'
    const team = [teamPool[i % teamPool.length], ...(size === 'large' ? [teamPool[(i + 1) % teamPool.length]] : [])]
    return {
      name,
      domain,
      industry,
      arr,
      renewalInDays: 10 + Math.floor(rand() * 340),
      strategic: size === 'large' || i % 8 === 1,
      status,
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
