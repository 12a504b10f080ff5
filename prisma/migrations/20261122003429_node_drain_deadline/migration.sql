-- AlterTable
ALTER TABLE "node" ADD COLUMN     "drainDeadline" TIMESTAMP(3),
ADD COLUMN     "drainRequestedAt" TIMESTAMP(3);
