/* The database schema. Tables are plural snake_case; TypeScript names camelCase.
   Migrations are generated from this file by `npm run db:generate` and committed. */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import {
  ACCOUNT_STATUSES,
  ANONYMITY_MODES,
  INVITATION_STATES,
  LEVELS,
  LOCALES,
  OUTBOX_KINDS,
  OUTBOX_STATUSES,
  RELATIONSHIP_ROLES,
  RESPONSE_CATEGORIES,
  STAFF_ROLES,
  STAKEHOLDER_STATUSES,
  CHAMPION_EVENT_KINDS,
  CHAMPION_REASONS,
  CHAMPION_SOURCES,
  CONCESSION_STATUSES,
  CONCESSION_TYPES,
  EFFORTS,
  QUEUE_EVENT_KINDS,
  QUEUE_STATUSES,
  RISK_LEVELS,
  type Level,
} from '../app/domain/vocabulary'
import type { Signal } from '../app/domain/signals'
import type { Triage } from '../app/domain/queue'
import type { ReminderPolicy, WaveFollowUp, WaveQuestions } from '../app/domain/waves'

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`)

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: STAFF_ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Concession approval limit in percent; null means the role's default (app/domain/triage.ts). */
  approvalLimit: integer('approval_limit'),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
})

// NOTE: only a SHA-256 of the session token is stored; the cookie carries the token.
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

// One row per throttled key ("email:…" or "ip:…"); see app/domain/login-throttle.ts.
export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: integer('last_failure_at', { mode: 'timestamp_ms' }).notNull(),
})

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    domain: text('domain').notNull(),
    industry: text('industry'),
    arr: integer('arr').notNull().default(0),
    renewalDate: text('renewal_date'),
    strategic: integer('strategic', { mode: 'boolean' }).notNull().default(false),
    ownerId: integer('owner_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: ACCOUNT_STATUSES }).notNull().default('active'),
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('accounts_domain_uq').on(t.domain),
    index('accounts_owner_idx').on(t.ownerId),
    index('accounts_name_idx').on(t.name),
  ],
)

export const accountTeamMembers = sqliteTable(
  'account_team_members',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] }), index('account_team_user_idx').on(t.userId)],
)

export const stakeholders = sqliteTable(
  'stakeholders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    title: text('title').notNull().default(''),
    level: text('level', { enum: LEVELS }).notNull(),
    role: text('role', { enum: RELATIONSHIP_ROLES }).notNull(),
    locale: text('locale', { enum: LOCALES }).notNull().default('en'),
    isChampion: integer('is_champion', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: STAKEHOLDER_STATUSES }).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('stakeholders_account_email_uq').on(t.accountId, t.email),
    // At most one current champion per account, enforced by the database itself.
    uniqueIndex('stakeholders_one_champion_uq').on(t.accountId).where(sql`${t.isChampion} = 1`),
    index('stakeholders_account_level_idx').on(t.accountId, t.level),
  ],
)

// ——— The survey loop (issue 3) ———

/** Admin-editable settings as JSON values (sender name now; triage defaults later). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
})

export type { ReminderPolicy, WaveQuestions }

export const waves = sqliteTable(
  'waves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    levels: text('levels', { mode: 'json' }).$type<Level[]>().notNull(),
    questions: text('questions', { mode: 'json' }).$type<WaveQuestions>().notNull(),
    followUp: text('follow_up', { mode: 'json' }).$type<WaveFollowUp>().notNull(),
    askCategory: integer('ask_category', { mode: 'boolean' }).notNull().default(true),
    anonymity: text('anonymity', { enum: ANONYMITY_MODES }).notNull().default('confidential'),
    minAnswers: integer('min_answers').notNull().default(3),
    reminderPolicy: text('reminder_policy', { mode: 'json' }).$type<ReminderPolicy>().notNull(),
    sendAt: integer('send_at', { mode: 'timestamp_ms' }).notNull(),
    closesAt: integer('closes_at', { mode: 'timestamp_ms' }).notNull(),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('waves_send_at_idx').on(t.sendAt)],
)

export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    waveId: integer('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    stakeholderId: integer('stakeholder_id')
      .notNull()
      .references(() => stakeholders.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // Level, role and locale as they were when the wave was sent.
    level: text('level', { enum: LEVELS }).notNull(),
    role: text('role', { enum: RELATIONSHIP_ROLES }).notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    // NOTE: links are derived from this salt with a server key (app/utils/link-tokens.server.ts);
    // only their SHA-256 hashes are stored, so the database alone cannot open a survey.
    tokenSalt: text('token_salt').notNull(),
    tokenHash: text('token_hash').notNull(),
    unsubscribeHash: text('unsubscribe_hash').notNull(),
    // 1: links are the bare MAC, found by hash; 2: `<id>.<MAC>`, found by id (link-tokens.server.ts).
    linkFormat: integer('link_format').notNull().default(2),
    state: text('state', { enum: INVITATION_STATES }).notNull().default('queued'),
    remindersSent: integer('reminders_sent').notNull().default(0),
    lastSentAt: integer('last_sent_at', { mode: 'timestamp_ms' }),
    failureReason: text('failure_reason'),
    reportedLeftAt: integer('reported_left_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_wave_stakeholder_uq').on(t.waveId, t.stakeholderId),
    // Format-1 links only: format-2 rows are found by id, and a wave's random hashes
    // would otherwise dirty a page of each index per invitation.
    uniqueIndex('invitations_token_uq').on(t.tokenHash).where(sql`${t.linkFormat} = 1`),
    uniqueIndex('invitations_unsubscribe_uq').on(t.unsubscribeHash).where(sql`${t.linkFormat} = 1`),
    index('invitations_wave_state_idx').on(t.waveId, t.state),
    index('invitations_account_idx').on(t.accountId),
    // Covering index for asked / answered per wave, account and level.
    index('invitations_summary_idx').on(t.waveId, t.accountId, t.level, t.role, t.state),
  ],
)

/** One current answer per invitation; every submitted version is kept in response_revisions. */
export const responses = sqliteTable(
  'responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invitationId: integer('invitation_id')
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    waveId: integer('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    stakeholderId: integer('stakeholder_id')
      .notNull()
      .references(() => stakeholders.id, { onDelete: 'cascade' }),
    level: text('level', { enum: LEVELS }).notNull(),
    role: text('role', { enum: RELATIONSHIP_ROLES }).notNull(),
    score: integer('score').notNull(),
    comment: text('comment').notNull().default(''),
    category: text('category', { enum: RESPONSE_CATEGORIES }),
    revisions: integer('revisions').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('responses_invitation_uq').on(t.invitationId),
    // A person's earlier answers (champion cooling, successor ranking).
    index('responses_stakeholder_idx').on(t.stakeholderId, t.waveId),
    // Covering index for the sentiment summaries: every column they group or count.
    // (wave, account, …) so one account's summaries use both; the portfolio's are cached.
    // NOTE: it also serves every (wave, account) lookup. A shorter (wave, account, level)
    // index used to sit beside it: the planner picked that one and then read each row
    // from the table, and every answer paid one more index write (dropped in 0008).
    index('responses_summary_idx').on(t.waveId, t.accountId, t.level, t.role, t.score, t.stakeholderId),
    index('responses_account_level_idx').on(t.accountId, t.level),
  ],
)

export const responseRevisions = sqliteTable(
  'response_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    responseId: integer('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    // The form's one-time id: a double click or a retried POST carries the same one.
    submissionId: text('submission_id').notNull(),
    score: integer('score').notNull(),
    comment: text('comment').notNull(),
    category: text('category', { enum: RESPONSE_CATEGORIES }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('response_revisions_submission_uq').on(t.responseId, t.submissionId)],
)

/** Outgoing messages. Rendered at dispatch time, so no link token is ever stored. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    // Exactly one of the two: a survey message for an invitation, or a letter.
    invitationId: integer('invitation_id').references(() => invitations.id, { onDelete: 'cascade' }),
    letterId: integer('letter_id').references(() => letters.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    notBefore: integer('not_before', { mode: 'timestamp_ms' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    batchKey: text('batch_key'),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_uq').on(t.idempotencyKey),
    index('outbox_status_due_idx').on(t.status, t.notBefore),
    index('outbox_batch_idx').on(t.batchKey),
    index('outbox_provider_idx').on(t.providerId),
    index('outbox_invitation_idx').on(t.invitationId),
    index('outbox_letter_idx').on(t.letterId),
  ],
)

/**
 * A message with no survey link: an alert to the account's owner and team, or a draft
 * the account team edited and sent to a client's people. Its text is stored as written
 * (it carries no secret), and it goes out through the outbox like every other email.
 */
export const letters = sqliteTable('letters', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  toName: text('to_name').notNull(),
  toEmail: text('to_email').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  queueItemId: integer('queue_item_id').references(() => queueItems.id, { onDelete: 'set null' }),
  stakeholderId: integer('stakeholder_id').references(() => stakeholders.id, { onDelete: 'set null' }),
  createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
})

/** Where messages go when no RESEND_API_KEY is set: admins read them at /dev/mailbox. */
export const devMailbox = sqliteTable('dev_mailbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  outboxId: integer('outbox_id')
    .notNull()
    .unique()
    .references(() => outbox.id, { onDelete: 'cascade' }),
  from: text('from').notNull(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  html: text('html').notNull(),
  text: text('text').notNull(),
  headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  createdAt: createdAt(),
})

/** "Someone else should answer this": a person suggested by a respondent. */
export const stakeholderSuggestions = sqliteTable(
  'stakeholder_suggestions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    invitationId: integer('invitation_id')
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('suggestions_invitation_email_uq').on(t.invitationId, t.email)],
)

/** Webhook deliveries already applied, by svix-id: providers retry, we apply once. */
export const webhookEvents = sqliteTable('webhook_events', {
  svixId: text('svix_id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: createdAt(),
})

// ——— Champions (issue 5) ———

/**
 * The champion log: append-only. A detected change (respondent says they left, a bounce,
 * a re-import without the champion, cooling) is a pending event; the owner's confirmation
 * or dismissal is another event that refers to it. Nothing here is ever updated or deleted.
 */
export const championEvents = sqliteTable(
  'champion_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CHAMPION_EVENT_KINDS }).notNull(),
    fromStakeholderId: integer('from_stakeholder_id').references(() => stakeholders.id, { onDelete: 'set null' }),
    toStakeholderId: integer('to_stakeholder_id').references(() => stakeholders.id, { onDelete: 'set null' }),
    reason: text('reason', { enum: CHAMPION_REASONS }),
    source: text('source', { enum: CHAMPION_SOURCES }).notNull(),
    /** Detected events wait for the owner; manual ones take effect at once. */
    pending: integer('pending', { mode: 'boolean' }).notNull().default(false),
    refersTo: integer('refers_to'),
    waveId: integer('wave_id').references(() => waves.id, { onDelete: 'set null' }),
    suggestedName: text('suggested_name'),
    suggestedEmail: text('suggested_email'),
    note: text('note').notNull().default(''),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('champion_events_account_idx').on(t.accountId, t.id),
    // One resolution per pending event; one detection of each kind per person and wave.
    uniqueIndex('champion_events_resolution_uq').on(t.refersTo).where(sql`${t.refersTo} is not null`),
    uniqueIndex('champion_events_detection_uq').on(t.kind, t.fromStakeholderId, t.waveId).where(sql`${t.waveId} is not null`),
  ],
)

// ——— The at-risk queue (issue 6) ———

/**
 * One item per slipping account; at most one open item per account (a partial unique
 * index). Its current picture (signals, health, triage) is kept on the row for the list;
 * every change to it is also an event in queue_events, so the history stays whole.
 */
export const queueItems = sqliteTable(
  'queue_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    status: text('status', { enum: QUEUE_STATUSES }).notNull().default('open'),
    risk: text('risk', { enum: RISK_LEVELS }).notNull(),
    health: integer('health').notNull(),
    signals: text('signals', { mode: 'json' }).$type<Signal[]>().notNull(),
    triage: text('triage', { mode: 'json' }).$type<Triage>().notNull(),
    effort: text('effort', { enum: EFFORTS }).notNull(),
    /** Sort key: risk × value × runway (app/domain/queue.ts). */
    priority: integer('priority').notNull(),
    openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    outcomeReason: text('outcome_reason'),
    closedById: integer('closed_by_id').references(() => users.id, { onDelete: 'set null' }),
    /** ARR when opened: what a save is worth. */
    arrAtOpen: integer('arr_at_open').notNull(),
  },
  (t) => [
    uniqueIndex('queue_items_one_open_uq').on(t.accountId).where(sql`${t.status} = 'open'`),
    index('queue_items_status_priority_idx').on(t.status, t.priority),
    index('queue_items_account_idx').on(t.accountId, t.id),
  ],
)

/** The item's history and activity log: appended, never rewritten. */
export const queueEvents = sqliteTable(
  'queue_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => queueItems.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: QUEUE_EVENT_KINDS }).notNull(),
    text: text('text').notNull().default(''),
    /** For opened/updated/escalated: the signals at that moment. */
    signals: text('signals', { mode: 'json' }).$type<Signal[]>(),
    health: integer('health'),
    byId: integer('by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('queue_events_item_idx').on(t.itemId, t.id)],
)

/** The playbook's dated steps of one item (due counted from opening). */
export const queueSteps = sqliteTable(
  'queue_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => queueItems.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    title: text('title').notNull(),
    ownerLabel: text('owner_label').notNull(),
    assigneeId: integer('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    doneAt: integer('done_at', { mode: 'timestamp_ms' }),
    skippedAt: integer('skipped_at', { mode: 'timestamp_ms' }),
    skipReason: text('skip_reason'),
  },
  (t) => [uniqueIndex('queue_steps_item_key_uq').on(t.itemId, t.key), index('queue_steps_due_idx').on(t.dueAt)],
)

/** The recovery plan: every issue with root cause, fix, owner, deadline and success metric. */
export const recoveryIssues = sqliteTable(
  'recovery_issues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => queueItems.id, { onDelete: 'cascade' }),
    issue: text('issue').notNull(),
    rootCause: text('root_cause').notNull(),
    fix: text('fix').notNull(),
    owner: text('owner').notNull(),
    deadline: text('deadline').notNull(),
    metric: text('metric').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_issues_item_idx').on(t.itemId)],
)

export const concessions = sqliteTable(
  'concessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => queueItems.id, { onDelete: 'cascade' }),
    type: text('type', { enum: CONCESSION_TYPES }).notNull(),
    /** Size in percent of ARR (0 for non-monetary concessions). */
    percent: integer('percent').notNull(),
    term: text('term').notNull(),
    rationale: text('rationale').notNull(),
    expectedResult: text('expected_result').notNull(),
    expiry: text('expiry').notNull(),
    arr: integer('arr').notNull(),
    risk: text('risk', { enum: RISK_LEVELS }).notNull(),
    status: text('status', { enum: CONCESSION_STATUSES }).notNull().default('pending'),
    proposedById: integer('proposed_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('concessions_item_idx').on(t.itemId)],
)

/** The approval chain: every decision on a concession, by whom, with their limit then. */
export const concessionDecisions = sqliteTable(
  'concession_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    concessionId: integer('concession_id')
      .notNull()
      .references(() => concessions.id, { onDelete: 'cascade' }),
    decision: text('decision', { enum: ['approved', 'rejected'] }).notNull(),
    byId: integer('by_id').references(() => users.id, { onDelete: 'set null' }),
    limitAtDecision: integer('limit_at_decision'),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('concession_decisions_one_uq').on(t.concessionId)],
)

/**
 * Accounts whose queue picture may have changed (an answer, a champion event, an account
 * edit). Marking is one tiny write in the writer's transaction, so the respondent's hot
 * path stays cheap; readers of the queue and the dispatcher bring these up to date.
 */
export const queueDirty = sqliteTable('queue_dirty', {
  accountId: integer('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  markedAt: integer('marked_at', { mode: 'timestamp_ms' }).notNull(),
})

/**
 * The audit trail: one row per staff write, appended in the write's own transaction.
 * Append-only: the app has no update or delete for it, and triggers (migration 0009)
 * make the database refuse both. No foreign keys on purpose: the trail outlives what it
 * is about, and the actor's name and email are copied as they were at the time.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    /** Null only for a script's write (the demo seed), recorded as "system". */
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    actorEmail: text('actor_email').notNull(),
    clientAddress: text('client_address').notNull(),
    /** What happened, as `entity.verb` (e.g. "account.updated"). */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    /** The account the change belongs to, when there is one (the page's account filter). */
    accountId: integer('account_id'),
    before: text('before', { mode: 'json' }).$type<Record<string, unknown>>(),
    after: text('after', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  // Each filter's index ends in the rowid, so "newest first" within it needs no sort.
  (t) => [index('audit_events_at_idx').on(t.at), index('audit_events_actor_idx').on(t.actorId), index('audit_events_account_idx').on(t.accountId)],
)
