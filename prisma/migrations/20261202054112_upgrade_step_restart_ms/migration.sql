-- AlterTable
ALTER TABLE "upgrade_step" ADD COLUMN     "restartMs" INTEGER;
