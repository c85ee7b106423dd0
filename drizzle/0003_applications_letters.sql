CREATE TABLE "application_letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"letter_date" date NOT NULL,
	"data" jsonb NOT NULL,
	"template" jsonb,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "action" text;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "status" text;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "issuer" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search_vector" "tsvector";--> statement-breakpoint
ALTER TABLE "application_letters" ADD CONSTRAINT "application_letters_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_letters" ADD CONSTRAINT "application_letters_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_letters" ADD CONSTRAINT "application_letters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "application_letters_number_uq" ON "application_letters" USING btree ("agency_id","year","seq");--> statement-breakpoint
CREATE INDEX "application_letters_app_idx" ON "application_letters" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "documents_search_idx" ON "documents" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "documents_published_idx" ON "documents" USING btree ("status","published_date");