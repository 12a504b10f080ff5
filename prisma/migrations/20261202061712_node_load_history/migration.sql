-- AlterTable
ALTER TABLE "node_load_sample" ADD COLUMN     "memTotalBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "queueTotal" INTEGER,
ADD COLUMN     "sessionsHttp" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sessionsImap" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sessionsPop" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sessionsSmtp" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "node_load_rollup" (
    "nodeId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "cpuMin" DOUBLE PRECISION NOT NULL,
    "cpuAvg" DOUBLE PRECISION NOT NULL,
    "cpuMax" DOUBLE PRECISION NOT NULL,
    "memUsedMin" DOUBLE PRECISION NOT NULL,
    "memUsedAvg" DOUBLE PRECISION NOT NULL,
    "memUsedMax" DOUBLE PRECISION NOT NULL,
    "memTotalBytes" DOUBLE PRECISION NOT NULL,
    "sessionsMin" INTEGER NOT NULL,
    "sessionsAvg" DOUBLE PRECISION NOT NULL,
    "sessionsMax" INTEGER NOT NULL,
    "sessionsImap" DOUBLE PRECISION NOT NULL,
    "sessionsPop" DOUBLE PRECISION NOT NULL,
    "sessionsSmtp" DOUBLE PRECISION NOT NULL,
    "sessionsHttp" DOUBLE PRECISION NOT NULL,
    "accountsAvg" DOUBLE PRECISION NOT NULL,
    "accountsMax" INTEGER NOT NULL,
    "queueAvg" DOUBLE PRECISION,
    "queueMax" INTEGER,

    CONSTRAINT "node_load_rollup_pkey" PRIMARY KEY ("nodeId","resolution","at")
);

-- CreateIndex
CREATE INDEX "node_load_rollup_resolution_at_idx" ON "node_load_rollup"("resolution", "at");

-- AddForeignKey
ALTER TABLE "node_load_rollup" ADD CONSTRAINT "node_load_rollup_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
