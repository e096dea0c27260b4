CREATE TABLE "apps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"publisher" text,
	"description" text,
	"saas_id" text NOT NULL,
	"destination_host" text,
	"enabled" boolean,
	"created_at_saas" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"scopes" text[] NOT NULL,
	"categories" text[] NOT NULL,
	"risk_level" text NOT NULL,
	"risk_score" integer NOT NULL,
	"risk_reasons" jsonb NOT NULL,
	"risk_model" text NOT NULL,
	"user_count" integer NOT NULL,
	"grant_count" integer NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "change_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"type" text NOT NULL,
	"app_key" text NOT NULL,
	"app_name" text NOT NULL,
	"subject" text,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"saas" text NOT NULL,
	"tenant_url" text NOT NULL,
	"kind" text NOT NULL,
	"sanitized" jsonb NOT NULL,
	"ciphertext" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"app_key" text NOT NULL,
	"saas_id" text NOT NULL,
	"user_id" text,
	"scopes" text[] NOT NULL,
	"created_at_saas" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"saas" text NOT NULL,
	"tenant_url" text NOT NULL,
	"credential_id" uuid NOT NULL,
	"capabilities" text[] NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'connected' NOT NULL,
	"status_code" text,
	"status_message" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"schedule_minutes" integer DEFAULT 360 NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"next_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saas_users" (
	"integration_id" uuid NOT NULL,
	"saas_id" text NOT NULL,
	"name" text,
	"email" text,
	"role" text,
	"active" boolean,
	"suspended" boolean,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "saas_users_integration_id_saas_id_pk" PRIMARY KEY("integration_id","saas_id")
);
--> statement-breakpoint
CREATE TABLE "scopes" (
	"saas" text NOT NULL,
	"scope" text NOT NULL,
	"category" text NOT NULL,
	"risk" text NOT NULL,
	"description" text NOT NULL,
	"docs_url" text NOT NULL,
	CONSTRAINT "scopes_saas_scope_pk" PRIMARY KEY("saas","scope")
);
--> statement-breakpoint
CREATE TABLE "stage_apps" (
	"run_id" uuid NOT NULL,
	"key" text NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "stage_apps_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "stage_grants" (
	"run_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"app_key" text NOT NULL,
	"saas_id" text NOT NULL,
	"user_id" text,
	"scopes" text[] NOT NULL,
	"created_at_saas" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "stage_grants_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "stage_users" (
	"run_id" uuid NOT NULL,
	"saas_id" text NOT NULL,
	"name" text,
	"email" text,
	"role" text,
	"active" boolean,
	"suspended" boolean,
	CONSTRAINT "stage_users_run_id_saas_id_pk" PRIMARY KEY("run_id","saas_id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"job_id" text,
	"worker" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"apps" integer,
	"grants" integer,
	"users" integer,
	"api_calls" integer,
	"retries" integer,
	"rate_limit_waits" integer,
	"rate_limit_wait_ms" bigint,
	"warnings" jsonb,
	"error_code" text,
	"error_message" text
);
--> statement-breakpoint
ALTER TABLE "apps" ADD CONSTRAINT "apps_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_events" ADD CONSTRAINT "change_events_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saas_users" ADD CONSTRAINT "saas_users_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "apps_key" ON "apps" USING btree ("integration_id","key");--> statement-breakpoint
CREATE INDEX "apps_risk" ON "apps" USING btree ("integration_id","risk_score" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "apps_risk_all" ON "apps" USING btree ("risk_score" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "apps_kind" ON "apps" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "apps_last_used" ON "apps" USING btree ("last_used_at");--> statement-breakpoint
CREATE INDEX "apps_first_seen" ON "apps" USING btree ("first_seen_at");--> statement-breakpoint
CREATE INDEX "apps_name" ON "apps" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "apps_categories" ON "apps" USING gin ("categories");--> statement-breakpoint
CREATE INDEX "change_events_recent" ON "change_events" USING btree ("integration_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "change_events_type" ON "change_events" USING btree ("type");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_tenant" ON "credentials" USING btree ("saas","tenant_url");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_key" ON "grants" USING btree ("integration_id","app_key","saas_id");--> statement-breakpoint
CREATE INDEX "grants_user" ON "grants" USING btree ("integration_id","user_id");--> statement-breakpoint
CREATE INDEX "grants_last_used" ON "grants" USING btree ("last_used_at");--> statement-breakpoint
CREATE INDEX "integrations_due" ON "integrations" USING btree ("enabled","next_sync_at");--> statement-breakpoint
CREATE INDEX "saas_users_email" ON "saas_users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "stage_grants_app" ON "stage_grants" USING btree ("run_id","app_key","seq");--> statement-breakpoint
CREATE INDEX "sync_runs_integration" ON "sync_runs" USING btree ("integration_id","queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sync_runs_status" ON "sync_runs" USING btree ("status");