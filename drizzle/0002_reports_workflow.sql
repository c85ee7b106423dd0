ALTER TABLE "reports" ADD COLUMN "kind" text DEFAULT 'agency' NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "sources" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "parts" jsonb;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "view_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "published_date" date;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;