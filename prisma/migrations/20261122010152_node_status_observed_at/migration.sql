-- AlterTable
ALTER TABLE "node_status" ADD COLUMN     "observedAt" TIMESTAMP(3);
