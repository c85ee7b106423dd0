CREATE TABLE "redaction_documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" integer NOT NULL,
	"source_attachment_id" integer NOT NULL,
	"filename" text NOT NULL,
	"source_kind" text NOT NULL,
	"page_count" integer NOT NULL,
	"disclosed_attachment_id" integer,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redactions" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_id" integer NOT NULL,
	"page" integer NOT NULL,
	"rects" jsonb NOT NULL,
	"source" text NOT NULL,
	"basis" text NOT NULL,
	"what" text NOT NULL,
	"reason" text,
	"law" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "redaction_documents" ADD CONSTRAINT "redaction_documents_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redaction_documents" ADD CONSTRAINT "redaction_documents_source_attachment_id_attachments_id_fk" FOREIGN KEY ("source_attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redaction_documents" ADD CONSTRAINT "redaction_documents_disclosed_attachment_id_attachments_id_fk" FOREIGN KEY ("disclosed_attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redaction_documents" ADD CONSTRAINT "redaction_documents_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redaction_documents" ADD CONSTRAINT "redaction_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redactions" ADD CONSTRAINT "redactions_document_id_redaction_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."redaction_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redactions" ADD CONSTRAINT "redactions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "redaction_documents_app_idx" ON "redaction_documents" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "redactions_document_idx" ON "redactions" USING btree ("document_id");