-- CreateTable
CREATE TABLE "health_finding" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "subjects" JSONB NOT NULL DEFAULT '[]',
    "domainId" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "summary" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "suggestedAction" TEXT NOT NULL,
    "links" JSONB NOT NULL DEFAULT '[]',
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "acknowledgeReason" TEXT,
    "silencedUntil" TIMESTAMP(3),
    "silencedBy" TEXT,
    "silenceReason" TEXT,

    CONSTRAINT "health_finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "thresholds" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "health_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channel" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "minSeverity" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secretEnc" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" BIGSERIAL NOT NULL,
    "channelId" TEXT NOT NULL,
    "findingId" TEXT,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "health_finding_closedAt_openedAt_idx" ON "health_finding"("closedAt", "openedAt");

-- CreateIndex
CREATE INDEX "health_finding_key_closedAt_idx" ON "health_finding"("key", "closedAt");

-- CreateIndex
CREATE INDEX "health_finding_domainId_idx" ON "health_finding"("domainId");

-- CreateIndex
CREATE UNIQUE INDEX "notification_channel_name_key" ON "notification_channel"("name");

-- CreateIndex
CREATE INDEX "notification_delivery_status_nextAttemptAt_idx" ON "notification_delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "notification_delivery_channelId_id_idx" ON "notification_delivery"("channelId", "id");

-- CreateIndex
CREATE INDEX "notification_delivery_findingId_idx" ON "notification_delivery"("findingId");

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "notification_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "health_finding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The one settings row (thresholds default in services/health/settings.ts).
INSERT INTO "health_settings" ("id", "updatedAt") VALUES (1, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING;
