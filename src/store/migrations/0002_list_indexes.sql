CREATE INDEX "apps_users_live" ON "apps" USING btree ("user_count" DESC NULLS LAST,"id") WHERE "apps"."removed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "apps_last_used_live" ON "apps" USING btree ("last_used_at" DESC NULLS LAST,"id") WHERE "apps"."removed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "apps_name_live" ON "apps" USING btree (lower("name"),"id") WHERE "apps"."removed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "apps_first_seen_live" ON "apps" USING btree ("first_seen_at","id") WHERE "apps"."removed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "change_events_app" ON "change_events" USING btree ("integration_id","app_key","id" DESC NULLS LAST);