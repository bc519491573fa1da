/* The product's words (SPEC.md "Core concepts") as closed lists. Every table,
   form and page takes its options from here so the words stay the same everywhere. */

export const LEVELS = ['executor', 'manager', 'head', 'top'] as const
export type Level = (typeof LEVELS)[number]
export const LEVEL_LABELS: Record<Level, string> = {
  executor: 'Executors',
  manager: 'Managers',
  head: 'Heads',
  top: 'Top management',
}

export const RELATIONSHIP_ROLES = ['user', 'buyer', 'both'] as const
export type RelationshipRole = (typeof RELATIONSHIP_ROLES)[number]

/** Languages we write to respondents in (SPEC "Languages"): zh is Simplified Chinese, ms is Bahasa Melayu. */
export const LOCALES = ['en', 'ru', 'zh', 'ms'] as const
export type Locale = (typeof LOCALES)[number]
/** Each language named in English, for staff forms. */
export const LOCALE_LABELS: Record<Locale, string> = {
  en: 'English',
  ru: 'Russian',
  zh: 'Simplified Chinese',
  ms: 'Malay',
}

export const STAKEHOLDER_STATUSES = ['active', 'left', 'bounced', 'unsubscribed'] as const
export type StakeholderStatus = (typeof STAKEHOLDER_STATUSES)[number]

export const ACCOUNT_STATUSES = ['active', 'at_risk', 'saved', 'churned'] as const
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number]
export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  active: 'Active',
  at_risk: 'At risk',
  saved: 'Saved',
  churned: 'Churned',
}

export const STAFF_ROLES = ['admin', 'service_manager', 'account_team'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  admin: 'Admin',
  service_manager: 'Service manager',
  account_team: 'Account team',
}

/** Answer categories (SPEC "Core concepts": response). */
export const RESPONSE_CATEGORIES = ['support', 'quality', 'deadlines', 'communication', 'pricing', 'product', 'other'] as const
export type ResponseCategory = (typeof RESPONSE_CATEGORIES)[number]

export const ANONYMITY_MODES = ['named', 'confidential'] as const
export type AnonymityMode = (typeof ANONYMITY_MODES)[number]

/** Delivery state of one invitation (SPEC "Core concepts": invitation). */
export const INVITATION_STATES = ['queued', 'sent', 'delivered', 'bounced', 'opened', 'answered', 'failed'] as const
export type InvitationState = (typeof INVITATION_STATES)[number]

/** 'letter': a message written by staff or the queue (no survey link), its text in `letters`. */
export const OUTBOX_KINDS = ['invitation', 'reminder', 'letter'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/** Champion log (SPEC "Core concepts": champion; issue 5). Every change is an event; none is rewritten. */
export const CHAMPION_EVENT_KINDS = [
  'designated', // someone became champion (manual or import)
  'replaced', // the champion was replaced by someone else
  'removed', // the champion flag was taken away, no successor yet
  'left', // the person reported or is believed to have left the company (pending until confirmed)
  'at_risk', // the champion's email bounced
  'possibly_left', // a re-import no longer lists the champion
  'successor_suggested', // the champion named someone else to answer
  'cooling', // the champion's score worsened by 3+ or they stopped answering
  'confirmed', // the owner confirmed a pending event (refers to it)
  'dismissed', // the owner dismissed a pending event (refers to it)
] as const
export type ChampionEventKind = (typeof CHAMPION_EVENT_KINDS)[number]

export const CHAMPION_REASONS = ['left_company', 'changed_role', 'replaced', 'bounced', 'cooled'] as const
export type ChampionReason = (typeof CHAMPION_REASONS)[number]

export const CHAMPION_SOURCES = ['manual', 'respondent', 'bounce', 'import', 'survey_pattern'] as const
export type ChampionSource = (typeof CHAMPION_SOURCES)[number]

export const CHAMPION_STATUSES = ['unconfirmed', 'left', 'cooling', 'none', 'active'] as const
export type ChampionStatus = (typeof CHAMPION_STATUSES)[number]

/** The at-risk queue (SPEC "At-risk item"; issue 6). */
export const QUEUE_STATUSES = ['open', 'saved', 'churned', 'dismissed'] as const
export type QueueStatus = (typeof QUEUE_STATUSES)[number]
export const QUEUE_OUTCOMES = ['saved', 'churned', 'dismissed'] as const
export type QueueOutcome = (typeof QUEUE_OUTCOMES)[number]

export const RISK_LEVELS = ['low', 'medium', 'high'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const EFFORTS = ['full', 'standard', 'light', 'none'] as const
export type Effort = (typeof EFFORTS)[number]

/** The item's history and activity log: appended, never rewritten. */
export const QUEUE_EVENT_KINDS = [
  'opened',
  'updated', // signals changed, health not worse
  'escalated', // signals changed and health worse (new signal, e.g. a champion left)
  'step_done',
  'step_skipped',
  'step_assigned',
  'note',
  'message_sent',
  'plan_issue',
  'concession_proposed',
  'concession_approved',
  'concession_rejected',
  'closed',
] as const
export type QueueEventKind = (typeof QUEUE_EVENT_KINDS)[number]

export const CONCESSION_TYPES = ['discount', 'payment_terms', 'extra_support', 'shorter_term', 'dedicated_csm', 'performance_guarantee', 'other'] as const
export type ConcessionType = (typeof CONCESSION_TYPES)[number]
export const CONCESSION_STATUSES = ['pending', 'approved', 'rejected'] as const
export type ConcessionStatus = (typeof CONCESSION_STATUSES)[number]
