CREATE TABLE `concession_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`concession_id` integer NOT NULL,
	`decision` text NOT NULL,
	`by_id` integer,
	`limit_at_decision` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`concession_id`) REFERENCES `concessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `concession_decisions_one_uq` ON `concession_decisions` (`concession_id`);--> statement-breakpoint
CREATE TABLE `concessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`type` text NOT NULL,
	`percent` integer NOT NULL,
	`term` text NOT NULL,
	`rationale` text NOT NULL,
	`expected_result` text NOT NULL,
	`expiry` text NOT NULL,
	`arr` integer NOT NULL,
	`risk` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`proposed_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `queue_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `concessions_item_idx` ON `concessions` (`item_id`);--> statement-breakpoint
CREATE TABLE `letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_name` text NOT NULL,
	`to_email` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`queue_item_id` integer,
	`stakeholder_id` integer,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`queue_item_id`) REFERENCES `queue_items`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`stakeholder_id`) REFERENCES `stakeholders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `queue_dirty` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`marked_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `queue_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`signals` text,
	`health` integer,
	`by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `queue_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `queue_events_item_idx` ON `queue_events` (`item_id`,`id`);--> statement-breakpoint
CREATE TABLE `queue_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`risk` text NOT NULL,
	`health` integer NOT NULL,
	`signals` text NOT NULL,
	`triage` text NOT NULL,
	`effort` text NOT NULL,
	`priority` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	`outcome_reason` text,
	`closed_by_id` integer,
	`arr_at_open` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queue_items_one_open_uq` ON `queue_items` (`account_id`) WHERE "queue_items"."status" = 'open';--> statement-breakpoint
CREATE INDEX `queue_items_status_priority_idx` ON `queue_items` (`status`,`priority`);--> statement-breakpoint
CREATE INDEX `queue_items_account_idx` ON `queue_items` (`account_id`,`id`);--> statement-breakpoint
CREATE TABLE `queue_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`owner_label` text NOT NULL,
	`assignee_id` integer,
	`due_at` integer NOT NULL,
	`done_at` integer,
	`skipped_at` integer,
	`skip_reason` text,
	FOREIGN KEY (`item_id`) REFERENCES `queue_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queue_steps_item_key_uq` ON `queue_steps` (`item_id`,`key`);--> statement-breakpoint
CREATE INDEX `queue_steps_due_idx` ON `queue_steps` (`due_at`);--> statement-breakpoint
CREATE TABLE `recovery_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`issue` text NOT NULL,
	`root_cause` text NOT NULL,
	`fix` text NOT NULL,
	`owner` text NOT NULL,
	`deadline` text NOT NULL,
	`metric` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `queue_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recovery_issues_item_idx` ON `recovery_issues` (`item_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`invitation_id` integer,
	`letter_id` integer,
	`idempotency_key` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`not_before` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`batch_key` text,
	`claimed_at` integer,
	`provider_id` text,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`letter_id`) REFERENCES `letters`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "kind", "invitation_id", "letter_id", "idempotency_key", "status", "not_before", "attempts", "batch_key", "claimed_at", "provider_id", "last_error", "sent_at", "created_at") SELECT "id", "kind", "invitation_id", NULL, "idempotency_key", "status", "not_before", "attempts", "batch_key", "claimed_at", "provider_id", "last_error", "sent_at", "created_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_uq` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_status_due_idx` ON `outbox` (`status`,`not_before`);--> statement-breakpoint
CREATE INDEX `outbox_batch_idx` ON `outbox` (`batch_key`);--> statement-breakpoint
CREATE INDEX `outbox_provider_idx` ON `outbox` (`provider_id`);--> statement-breakpoint
CREATE INDEX `outbox_invitation_idx` ON `outbox` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `outbox_letter_idx` ON `outbox` (`letter_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `approval_limit` integer;