CREATE TABLE "catalogue_subcategories" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_id" integer NOT NULL,
	"name" text NOT NULL,
	"parent_category" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "removed_by" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "subcategory_id" integer;--> statement-breakpoint
ALTER TABLE "catalogue_subcategories" ADD CONSTRAINT "catalogue_subcategories_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_subcategories_name_uq" ON "catalogue_subcategories" USING btree ("agency_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_subcategories_agency_uq" ON "catalogue_subcategories" USING btree ("id","agency_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_subcategory_fk" FOREIGN KEY ("subcategory_id","agency_id") REFERENCES "public"."catalogue_subcategories"("id","agency_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_subcategory_idx" ON "documents" USING btree ("subcategory_id");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_category_once" CHECK ("documents"."category" is null or "documents"."subcategory_id" is null);