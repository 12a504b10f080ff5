-- CreateTable
CREATE TABLE "port_check_run" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "actorEmail" TEXT,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cells" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "port_check_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "port_check_run_startedAt_idx" ON "port_check_run"("startedAt");
