ALTER TABLE "saas_users" ADD COLUMN "app_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "saas_users" ADD COLUMN "max_risk_score" integer;--> statement-breakpoint
ALTER TABLE "saas_users" ADD COLUMN "max_risk_level" text;--> statement-breakpoint
CREATE INDEX "saas_users_rank" ON "saas_users" USING btree ((-COALESCE("max_risk_score", -1)),(-"app_count"),"integration_id","saas_id") WHERE "saas_users"."removed_at" IS NULL;--> statement-breakpoint
-- Existing inventories: each user's rank from the live grants and apps, as refreshUserRanks keeps it from now on.
UPDATE "saas_users" u SET "app_count" = p.app_count, "max_risk_score" = p.max_score, "max_risk_level" = p.max_level
FROM (
  SELECT integration_id, user_id, count(*)::int AS app_count, max(top) / 4 AS max_score,
    (ARRAY['low', 'medium', 'high', 'critical'])[max(top) % 4 + 1] AS max_level
  FROM (
    SELECT DISTINCT g.integration_id, g.user_id, a.id,
      4 * a.risk_score + CASE a.risk_level WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END AS top
    FROM grants g JOIN apps a ON a.integration_id = g.integration_id AND a.key = g.app_key AND a.removed_at IS NULL
    WHERE g.removed_at IS NULL AND g.user_id IS NOT NULL
  ) pairs
  GROUP BY integration_id, user_id
) p
WHERE u.integration_id = p.integration_id AND u.saas_id = p.user_id;
