CREATE TABLE `champion_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`kind` text NOT NULL,
	`from_stakeholder_id` integer,
	`to_stakeholder_id` integer,
	`reason` text,
	`source` text NOT NULL,
	`pending` integer DEFAULT false NOT NULL,
	`refers_to` integer,
	`wave_id` integer,
	`suggested_name` text,
	`suggested_email` text,
	`note` text DEFAULT '' NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`from_stakeholder_id`) REFERENCES `stakeholders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`to_stakeholder_id`) REFERENCES `stakeholders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`wave_id`) REFERENCES `waves`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `champion_events_account_idx` ON `champion_events` (`account_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `champion_events_resolution_uq` ON `champion_events` (`refers_to`) WHERE "champion_events"."refers_to" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `champion_events_detection_uq` ON `champion_events` (`kind`,`from_stakeholder_id`,`wave_id`) WHERE "champion_events"."wave_id" is not null;