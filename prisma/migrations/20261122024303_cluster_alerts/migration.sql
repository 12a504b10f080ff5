-- CreateTable
CREATE TABLE "cluster_alert" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "domainId" TEXT,
    "accountId" TEXT,
    "text" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "authorEmail" TEXT,
    "postedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startsAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revision" BIGINT NOT NULL,
    "removedAt" TIMESTAMP(3),
    "removedBy" TEXT,
    "removedRevision" BIGINT,

    CONSTRAINT "cluster_alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cluster_alert_removedAt_postedAt_idx" ON "cluster_alert"("removedAt", "postedAt");

-- CreateIndex
CREATE INDEX "cluster_alert_domainId_idx" ON "cluster_alert"("domainId");

-- CreateIndex
CREATE INDEX "cluster_alert_accountId_idx" ON "cluster_alert"("accountId");

-- AddForeignKey
ALTER TABLE "cluster_alert" ADD CONSTRAINT "cluster_alert_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "shared_domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_alert" ADD CONSTRAINT "cluster_alert_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "mail_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
