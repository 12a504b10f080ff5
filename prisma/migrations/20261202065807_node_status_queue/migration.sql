-- AlterTable
ALTER TABLE "node_status" ADD COLUMN     "queueActive" INTEGER,
ADD COLUMN     "queueDeferred" INTEGER,
ADD COLUMN     "queueTotal" INTEGER;
