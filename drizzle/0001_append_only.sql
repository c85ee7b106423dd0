-- audit_log and application_events are append-only in the database itself: any UPDATE or DELETE
-- raises. Corrections are new rows (design.md: "Nothing is deleted").
CREATE OR REPLACE FUNCTION gongkai_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% 只能追加记录，不能修改或删除（%）', TG_TABLE_NAME, TG_OP USING ERRCODE = 'GK001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION gongkai_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_refuse_change();
--> statement-breakpoint
CREATE TRIGGER application_events_append_only BEFORE UPDATE OR DELETE ON application_events
  FOR EACH ROW EXECUTE FUNCTION gongkai_refuse_change();
--> statement-breakpoint
CREATE TRIGGER application_events_no_truncate BEFORE TRUNCATE ON application_events
  FOR EACH STATEMENT EXECUTE FUNCTION gongkai_refuse_change();
