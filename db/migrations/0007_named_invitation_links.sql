DROP INDEX `invitations_token_uq`;--> statement-breakpoint
DROP INDEX `invitations_unsubscribe_uq`;--> statement-breakpoint
ALTER TABLE `invitations` ADD `link_format` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
-- Links already sent are bare MACs: their rows keep format 1 and stay findable by hash.
UPDATE `invitations` SET `link_format` = 1;--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_uq` ON `invitations` (`token_hash`) WHERE "invitations"."link_format" = 1;--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_unsubscribe_uq` ON `invitations` (`unsubscribe_hash`) WHERE "invitations"."link_format" = 1;