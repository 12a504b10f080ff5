-- AlterTable
ALTER TABLE "node" ADD COLUMN     "allowPlainHttp" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "tlsFingerprint" TEXT;

-- Nodes registered before TLS talk plain HTTP: keep them working, as the explicit choice it now is.
UPDATE "node" SET "allowPlainHttp" = true WHERE "adminUrl" LIKE 'http://%';
