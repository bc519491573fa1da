DROP INDEX `responses_summary_idx`;--> statement-breakpoint
CREATE INDEX `responses_summary_idx` ON `responses` (`wave_id`,`account_id`,`level`,`role`,`score`,`stakeholder_id`);