-- AlterTable
ALTER TABLE "node_status" ADD COLUMN     "diskTotalBytes" DOUBLE PRECISION,
ADD COLUMN     "diskUsedBytes" DOUBLE PRECISION;
