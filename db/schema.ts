/* The database schema. Tables are plural snake_case; TypeScript names camelCase.
   Migrations are generated from this file by `npm run db:generate` and committed. */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import {
  ACCOUNT_STATUSES,
  LEVELS,
  LOCALES,
  RELATIONSHIP_ROLES,
  STAFF_ROLES,
  STAKEHOLDER_STATUSES,
} from '../app/domain/vocabulary'

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
