-- CreateEnum
CREATE TYPE "KbArticleStatus" AS ENUM ('DRAFT', 'PUBLISHED');

-- CreateTable
CREATE TABLE "KbArticle" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "locale" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "tags" TEXT[],
    "categories" "TicketCategory"[],
    "status" "KbArticleStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "authorId" UUID,
    "updatedById" UUID,
    "publishedAt" TIMESTAMP(3),
    "searchDocument" tsvector,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KbArticle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KbArticleVersion" (
    "id" UUID NOT NULL,
    "articleId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "tags" TEXT[],
    "categories" "TicketCategory"[],
    "action" TEXT NOT NULL,
    "restoredFrom" INTEGER,
    "editorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KbArticleVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KbFeedback" (
    "id" UUID NOT NULL,
    "articleId" UUID NOT NULL,
    "helpful" BOOLEAN NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KbFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KbView" (
    "id" UUID NOT NULL,
    "articleId" UUID NOT NULL,
    "sessionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KbView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KbSearch" (
    "id" UUID NOT NULL,
    "query" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "results" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KbSearch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KbDeflection" (
    "id" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "suggestedArticleIds" UUID[],
    "openedArticleIds" UUID[],
    "openedAt" TIMESTAMP(3),
    "ticketId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KbDeflection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KbWord" (
    "word" TEXT NOT NULL,

    CONSTRAINT "KbWord_pkey" PRIMARY KEY ("word")
);

-- CreateTable
CREATE TABLE "KbImage" (
    "id" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "uploaderId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KbImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KbArticle_status_locale_section_idx" ON "KbArticle"("status", "locale", "section");

-- CreateIndex
CREATE INDEX "KbArticle_groupId_idx" ON "KbArticle"("groupId");

-- CreateIndex
CREATE INDEX "KbArticle_updatedAt_idx" ON "KbArticle"("updatedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "KbArticle_slug_key" ON "KbArticle"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "KbArticleVersion_articleId_version_key" ON "KbArticleVersion"("articleId", "version");

-- CreateIndex
CREATE INDEX "KbFeedback_articleId_createdAt_idx" ON "KbFeedback"("articleId", "createdAt");

-- CreateIndex
CREATE INDEX "KbFeedback_createdAt_idx" ON "KbFeedback"("createdAt");

-- CreateIndex
CREATE INDEX "KbView_createdAt_articleId_idx" ON "KbView"("createdAt", "articleId");

-- CreateIndex
CREATE INDEX "KbView_articleId_createdAt_idx" ON "KbView"("articleId", "createdAt");

-- CreateIndex
CREATE INDEX "KbSearch_createdAt_idx" ON "KbSearch"("createdAt");

-- CreateIndex
CREATE INDEX "KbDeflection_createdAt_idx" ON "KbDeflection"("createdAt");

-- CreateIndex
CREATE INDEX "KbDeflection_ticketId_idx" ON "KbDeflection"("ticketId");

-- CreateIndex
CREATE UNIQUE INDEX "KbImage_storageKey_key" ON "KbImage"("storageKey");

-- AddForeignKey
ALTER TABLE "KbArticleVersion" ADD CONSTRAINT "KbArticleVersion_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KbArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KbFeedback" ADD CONSTRAINT "KbFeedback_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KbArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KbView" ADD CONSTRAINT "KbView_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KbArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------
-- Hand-written (Prisma cannot express these): the knowledge base Polish search. See docs/kb.md, "Search".
-- ---------------------------------------------------------------------------------------------------------

-- Both are contrib extensions (Debians postgresql package, PGlites contrib), the embedded server and the shadow
-- database of db:new-migration load them.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- PL/pgSQL bodies write ⁏ (U+204F) for the semicolon, which the driver adapter would split on (see the
-- agent_queue_search migration), this session-local helper puts it back.
CREATE OR REPLACE FUNCTION pg_temp.vouchie_exec(script text) RETURNS void LANGUAGE plpgsql AS E'BEGIN EXECUTE replace(script, chr(8271), chr(59))\073 END';

-- Lower case, no accents ("Źródło" → "zrodlo", "ł" → "l"). IMMUTABLE so it may serve indexes, the unaccent rules
-- file does not change under a running server.
CREATE FUNCTION kb_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT unaccent('unaccent'::regdictionary, lower(t)) $$;

-- kb_search starts as `simple`, kb_refresh_search_config() maps words to the Polish ispell dictionary when its
-- files are installed (src/server/kb/polish-dictionary.ts). Altering the mapping keeps the configurations OID,
-- so running sessions and stored documents are never left pointing at a dropped configuration.
CREATE TEXT SEARCH CONFIGURATION kb_search (COPY = simple);

SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION kb_refresh_search_config() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'kb_polish') THEN
    BEGIN
      CREATE TEXT SEARCH DICTIONARY kb_polish (TEMPLATE = ispell, DictFile = kb_polish, AffFile = kb_polish)⁏
    EXCEPTION WHEN others THEN
      -- No dictionary files in this the server tsearch_data (e.g. the embedded PGlite): stay on simple + unaccent.
      RETURN 'simple'⁏
    END⁏
  END IF⁏
  ALTER TEXT SEARCH CONFIGURATION kb_search
    ALTER MAPPING FOR asciiword, word, hword, hword_part, hword_asciipart, asciihword WITH kb_polish, simple⁏
  -- Rebuild every document with the new mapping (the trigger writes them).
  UPDATE "KbArticle" SET title = title⁏
  RETURN 'polish'⁏
END $$
$sql$);

-- An articles text as lexemes: Polish lemmas (or plain words), the words folded, and the lemmas folded, so
-- "voucherów" / "vouchery" meet "voucher", "zrodlo" meets "źródło" and "platnosc" meets "płatnościami".
CREATE FUNCTION kb_document(t text) RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('kb_search', coalesce(t, ''))
      || to_tsvector('simple', kb_fold(coalesce(t, '')))
      || coalesce((SELECT array_to_tsvector(array_agg(DISTINCT kb_fold(lexeme)))
                   FROM unnest(to_tsvector('kb_search', coalesce(t, '')))), ''::tsvector)
$$;

-- A query from words (already cut to letters and digits by src/server/kb/search.ts, so to_tsquery cannot fail on
-- syntax): each word as its lemma or folded, OR-ed, the last word also as a prefix while it is being typed.
CREATE AGGREGATE kb_tsquery_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);
CREATE FUNCTION kb_query(words text[], prefix text) RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT kb_tsquery_or(q) FROM (
    SELECT to_tsquery('kb_search', w) || to_tsquery('simple', kb_fold(w)) AS q FROM unnest(words) AS w
    UNION ALL
    SELECT to_tsquery('simple', kb_fold(prefix) || ':*') WHERE coalesce(prefix, '') <> ''
  ) AS parts
$$;

SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION kb_article_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchDocument" := setweight(kb_document(NEW.title), 'A')
    || setweight(kb_document(NEW.summary || ' ' || array_to_string(NEW.tags, ' ')), 'B')
    || kb_document(left(NEW.body, 100000))⁏
  -- Published words feed the typo corrector, words of deleted articles stay (harmless: they find nothing).
  IF NEW.status = 'PUBLISHED' THEN
    INSERT INTO "KbWord" (word)
      SELECT DISTINCT w FROM regexp_split_to_table(kb_fold(NEW.title || ' ' || NEW.summary || ' ' || left(NEW.body, 100000)), '[^a-z0-9]+') AS w
      WHERE length(w) BETWEEN 4 AND 40
      ON CONFLICT DO NOTHING⁏
  END IF⁏
  RETURN NEW⁏
END $$
$sql$);
CREATE TRIGGER kb_article_search BEFORE INSERT OR UPDATE OF title, summary, tags, body, status ON "KbArticle"
  FOR EACH ROW EXECUTE FUNCTION kb_article_search();

CREATE INDEX "KbArticle_searchDocument_idx" ON "KbArticle" USING gin ("searchDocument");
CREATE INDEX "KbWord_word_trgm_idx" ON "KbWord" USING gin (word gin_trgm_ops);

SELECT kb_refresh_search_config();
