-- AlterTable
ALTER TABLE "node_status" ADD COLUMN     "peers" JSONB NOT NULL DEFAULT '[]';
