-- Accounts listed in natural order (user2 before user10) by byte order of a derived key: PGlite has
-- no ICU, so no numeric collation. The database computes the key, so every writer (the console,
-- seed and bench scripts, raw SQL) keeps it right.

-- AlterTable (COLLATE "C" like "name": byte order, which Prisma cannot express)
ALTER TABLE "mail_account" ADD COLUMN     "sortKey" TEXT COLLATE "C" NOT NULL DEFAULT '';

-- Every digit run becomes its significant digits prefixed by their count as two digits (leading
-- zeros dropped, a lone 0 kept): 'user7' -> 'user017', 'user10' -> 'user0210'. A shorter number
-- then sorts first, equal lengths sort by digits. Local parts are at most 64 characters, so the
-- count always fits in two digits.
CREATE FUNCTION cc_natural_key(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(
           CASE WHEN r.m[1] ~ '^[0-9]' THEN lpad(length(z.d)::text, 2, '0') || z.d ELSE r.m[1] END,
           '' ORDER BY r.i), '')
  FROM regexp_matches(t, '[0-9]+|[^0-9]+', 'g') WITH ORDINALITY AS r(m, i),
       LATERAL (SELECT coalesce(nullif(ltrim(r.m[1], '0'), ''), '0') AS d) AS z
$$;

CREATE FUNCTION cc_mail_account_sort_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."sortKey" := cc_natural_key(NEW.name);
  RETURN NEW;
END $$;

-- Also on a write of "sortKey" itself, so the key can only ever be the name's.
CREATE TRIGGER mail_account_sort_key BEFORE INSERT OR UPDATE OF "name", "sortKey" ON "mail_account"
  FOR EACH ROW EXECUTE FUNCTION cc_mail_account_sort_key();

-- Backfill (the trigger sets the same value), before the indexes are built.
UPDATE "mail_account" SET "sortKey" = cc_natural_key("name");

-- CreateIndex
CREATE INDEX "mail_account_domainId_sortKey_name_idx" ON "mail_account"("domainId", "sortKey", "name");

-- CreateIndex
CREATE INDEX "mail_account_sortKey_name_domainId_idx" ON "mail_account"("sortKey", "name", "domainId");
