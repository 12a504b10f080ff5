-- AlterTable
ALTER TABLE "node_status" ADD COLUMN     "configRevision" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "cluster_defaults" (
    "family" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "cluster_defaults_pkey" PRIMARY KEY ("family")
);

-- CreateTable
CREATE TABLE "shared_domain" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shared_domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mail_account" (
    "id" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,
    -- Byte order (hand-added; Prisma cannot express collations): LIKE 'prefix%' and ORDER BY name use the btree indexes.
    "name" TEXT COLLATE "C" NOT NULL,
    "realName" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "passwordHash" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "mail_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "domain_admin" (
    "userId" TEXT NOT NULL,
    "domainId" TEXT NOT NULL,

    CONSTRAINT "domain_admin_pkey" PRIMARY KEY ("userId","domainId")
);

-- CreateTable
CREATE TABLE "config_revision" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorEmail" TEXT,
    "scope" TEXT NOT NULL,
    "domain" TEXT,
    "target" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "config_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "node_config_push" (
    "nodeId" TEXT NOT NULL,
    "revision" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,

    CONSTRAINT "node_config_push_pkey" PRIMARY KEY ("nodeId")
);

-- CreateIndex
CREATE UNIQUE INDEX "shared_domain_name_key" ON "shared_domain"("name");

-- CreateIndex
CREATE INDEX "mail_account_name_idx" ON "mail_account"("name");

-- CreateIndex
CREATE UNIQUE INDEX "mail_account_domainId_name_key" ON "mail_account"("domainId", "name");

-- CreateIndex
CREATE INDEX "domain_admin_domainId_idx" ON "domain_admin"("domainId");

-- CreateIndex
CREATE INDEX "config_revision_at_idx" ON "config_revision"("at");

-- CreateIndex
CREATE INDEX "config_revision_scope_target_version_idx" ON "config_revision"("scope", "target", "version");

-- AddForeignKey
ALTER TABLE "mail_account" ADD CONSTRAINT "mail_account_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "shared_domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domain_admin" ADD CONSTRAINT "domain_admin_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domain_admin" ADD CONSTRAINT "domain_admin_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "shared_domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "node_config_push" ADD CONSTRAINT "node_config_push_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One row per settings family; they only ever change through versioned updates (hand-added data).
INSERT INTO "cluster_defaults" ("family", "updatedAt") VALUES ('domain', now()), ('account', now()), ('prefs', now());
