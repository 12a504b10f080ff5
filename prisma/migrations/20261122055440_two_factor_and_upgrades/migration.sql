-- AlterTable
ALTER TABLE "user" ADD COLUMN     "twoFactorEnabled" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "two_factor" (
    "id" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "backupCodes" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT true,
    "failedVerificationCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "two_factor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "release" (
    "version" TEXT NOT NULL,
    "releasedAt" TIMESTAMP(3) NOT NULL,
    "notes" TEXT NOT NULL,
    "minFromVersion" TEXT,
    "frontendsAfterBackends" BOOLEAN NOT NULL DEFAULT false,
    "maxMixedHours" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "release_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "upgrade_run" (
    "id" TEXT NOT NULL,
    "targetVersion" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "request" TEXT,
    "pauseAfterEachNode" BOOLEAN NOT NULL DEFAULT false,
    "drainDeadlineSeconds" INTEGER NOT NULL,
    "deadlineAction" TEXT NOT NULL,
    "message" TEXT,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "upgrade_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upgrade_step" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "nodeId" TEXT NOT NULL,
    "nodeName" TEXT NOT NULL,
    "nodeRole" "NodeRole" NOT NULL,
    "fromVersion" TEXT,
    "phase" TEXT NOT NULL DEFAULT 'pending',
    "phaseStartedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "drainedAt" TIMESTAMP(3),
    "upgradedAt" TIMESTAMP(3),
    "readyAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "sessionsAtStart" INTEGER,
    "sessionsEnded" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "upgrade_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upgrade_event" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "nodeName" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "upgrade_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "two_factor_secret_idx" ON "two_factor"("secret");

-- CreateIndex
CREATE INDEX "two_factor_userId_idx" ON "two_factor"("userId");

-- CreateIndex
CREATE INDEX "upgrade_run_state_idx" ON "upgrade_run"("state");

-- CreateIndex
CREATE INDEX "upgrade_run_createdAt_id_idx" ON "upgrade_run"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "upgrade_step_runId_position_key" ON "upgrade_step"("runId", "position");

-- CreateIndex
CREATE INDEX "upgrade_event_runId_id_idx" ON "upgrade_event"("runId", "id");

-- AddForeignKey
ALTER TABLE "two_factor" ADD CONSTRAINT "two_factor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upgrade_step" ADD CONSTRAINT "upgrade_step_runId_fkey" FOREIGN KEY ("runId") REFERENCES "upgrade_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upgrade_event" ADD CONSTRAINT "upgrade_event_runId_fkey" FOREIGN KEY ("runId") REFERENCES "upgrade_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
