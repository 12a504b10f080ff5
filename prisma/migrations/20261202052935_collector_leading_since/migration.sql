-- AlterTable
ALTER TABLE "collector_lease" ADD COLUMN     "leadingSince" TIMESTAMP(3),
ADD COLUMN     "previousHeartbeatAt" TIMESTAMP(3);
