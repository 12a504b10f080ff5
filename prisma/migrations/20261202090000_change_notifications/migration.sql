-- Every console process keeps answers in memory that these tables decide, and learns of changes
-- through LISTEN/NOTIFY (packages/api/src/change-feed.ts). The payload names what changed; a
-- notification is sent when the change commits, and never for a change rolled back.

-- Cached session checks (packages/api/src/session-cache.ts): the user whose sessions to check again.
CREATE FUNCTION cc_notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('cc_auth', '*');
  ELSIF TG_TABLE_NAME = 'user' THEN
    PERFORM pg_notify('cc_auth', OLD.id);
  ELSE
    PERFORM pg_notify('cc_auth', OLD."userId");
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER user_notify_auth_change AFTER UPDATE OR DELETE ON "user"
  FOR EACH ROW EXECUTE FUNCTION cc_notify_auth_change();
CREATE TRIGGER user_notify_auth_truncate AFTER TRUNCATE ON "user"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_notify_auth_change();
CREATE TRIGGER session_notify_auth_change AFTER UPDATE OR DELETE ON "session"
  FOR EACH ROW EXECUTE FUNCTION cc_notify_auth_change();
CREATE TRIGGER session_notify_auth_truncate AFTER TRUNCATE ON "session"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_notify_auth_change();

-- The Single Service Image snapshot (packages/api/src/services/nodes/ssi-snapshot.ts): which table
-- changed, once per statement (a collector flush of a thousand nodes is one notification).
CREATE FUNCTION cc_notify_ssi_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cc_ssi', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER node_notify_ssi_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "node"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_notify_ssi_change();
CREATE TRIGGER node_status_notify_ssi_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "node_status"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_notify_ssi_change();
CREATE TRIGGER collector_lease_notify_ssi_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "collector_lease"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_notify_ssi_change();
