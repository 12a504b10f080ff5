-- AlterEnum
ALTER TYPE "AuditOutcome" ADD VALUE 'STARTED';

-- DropIndex
DROP INDEX "audit_event_action_at_idx";

-- DropIndex
DROP INDEX "audit_event_actorId_at_idx";

-- DropIndex
DROP INDEX "audit_event_targetType_targetId_at_idx";

-- DropIndex
DROP INDEX "audit_event_at_idx";

-- AlterTable
-- Entries written before the chain existed get '' (no hash); audit_config."legacyUpTo" below records
-- where they end, and verification starts after it. New entries must name both hashes (no default).
-- A constant default fills existing rows without rewriting them, so the append-only trigger is not involved.
ALTER TABLE "audit_event" ADD COLUMN     "hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "prevHash" TEXT NOT NULL DEFAULT '';
ALTER TABLE "audit_event" ALTER COLUMN "hash" DROP DEFAULT, ALTER COLUMN "prevHash" DROP DEFAULT;

-- Byte order (Prisma cannot express it): "action LIKE 'prefix%'" can use the (action, id) index.
ALTER TABLE "audit_event" ALTER COLUMN "action" SET DATA TYPE TEXT COLLATE "C";

-- CreateTable
CREATE TABLE "audit_config" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "syslogEnabled" BOOLEAN NOT NULL DEFAULT false,
    "syslogHost" TEXT NOT NULL DEFAULT '',
    "syslogPort" INTEGER NOT NULL DEFAULT 514,
    "syslogProtocol" TEXT NOT NULL DEFAULT 'udp',
    "syslogAppName" TEXT NOT NULL DEFAULT 'cluster-console',
    "retentionDays" INTEGER,
    "legacyUpTo" BIGINT NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "audit_config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_forward_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "lastId" BIGINT NOT NULL DEFAULT 0,
    "holder" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastSentAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),

    CONSTRAINT "audit_forward_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_archive" (
    "id" SERIAL NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstId" BIGINT NOT NULL,
    "lastId" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "firstPrevHash" TEXT NOT NULL,
    "lastHash" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "actorEmail" TEXT,

    CONSTRAINT "audit_archive_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_archive_lastId_key" ON "audit_archive"("lastId");

-- CreateIndex
CREATE INDEX "audit_event_at_id_idx" ON "audit_event"("at", "id");

-- CreateIndex
CREATE INDEX "audit_event_actorEmail_id_idx" ON "audit_event"("actorEmail", "id");

-- CreateIndex
CREATE INDEX "audit_event_action_id_idx" ON "audit_event"("action", "id");

-- CreateIndex
CREATE INDEX "audit_event_targetType_id_idx" ON "audit_event"("targetType", "id");

-- CreateIndex
CREATE INDEX "audit_event_targetId_id_idx" ON "audit_event"("targetId", "id");

-- CreateIndex
CREATE INDEX "audit_event_targetName_id_idx" ON "audit_event"("targetName", "id");

-- CreateIndex
CREATE INDEX "audit_event_domain_id_idx" ON "audit_event"("domain", "id");

-- CreateIndex
CREATE INDEX "audit_event_outcome_id_idx" ON "audit_event"("outcome", "id");

-- The chain starts after the entries that exist now; the syslog forwarder sends only later ones.
INSERT INTO "audit_config" ("id", "legacyUpTo", "updatedAt") SELECT 1, COALESCE(max("id"), 0), now() FROM "audit_event";
INSERT INTO "audit_forward_state" ("id", "lastId") SELECT 1, COALESCE(max("id"), 0) FROM "audit_event";

-- Still append-only, with one exception: the retention archive may delete entries that an
-- audit_archive row already records, inside its own transaction (it sets cc.audit_archiving locally).
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('cc.audit_archiving', true) = 'on' AND EXISTS (
    SELECT 1 FROM "audit_archive" a WHERE a."lastId" >= OLD."id" AND a."firstId" <= OLD."id"
  ) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- Archive records are as permanent as the entries they replace.
CREATE TRIGGER audit_archive_append_only BEFORE UPDATE OR DELETE ON "audit_archive"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
