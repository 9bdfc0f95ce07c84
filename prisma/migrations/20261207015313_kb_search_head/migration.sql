-- AlterTable
ALTER TABLE "KbArticle" ADD COLUMN     "headDocument" tsvector;

-- ---------------------------------------------------------------------------------------------------------
-- Hand-written: the knowledge base ranks on a small document (title, summary, tags), so a word that most
-- articles hold does not make every search detoast and rank every body. See docs/kb.md, "Search".
-- ---------------------------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION pg_temp.vouchie_exec(script text) RETURNS void LANGUAGE plpgsql AS E'BEGIN EXECUTE replace(script, chr(8271), chr(59))\073 END';

SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION kb_article_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."headDocument" := setweight(kb_document(NEW.title), 'A')
    || setweight(kb_document(NEW.summary || ' ' || array_to_string(NEW.tags, ' ')), 'B')⁏
  NEW."searchDocument" := NEW."headDocument" || kb_document(left(NEW.body, 100000))⁏
  IF NEW.status = 'PUBLISHED' THEN
    INSERT INTO "KbWord" (word)
      SELECT DISTINCT w FROM regexp_split_to_table(kb_fold(NEW.title || ' ' || NEW.summary || ' ' || left(NEW.body, 100000)), '[^a-z0-9]+') AS w
      WHERE length(w) BETWEEN 4 AND 40
      ON CONFLICT DO NOTHING⁏
  END IF⁏
  RETURN NEW⁏
END $$
$sql$);

-- Existing rows: only the small part is computed here (the body part is unchanged).
ALTER TABLE "KbArticle" DISABLE TRIGGER kb_article_search;
UPDATE "KbArticle" SET "headDocument" = setweight(kb_document(title), 'A')
  || setweight(kb_document(summary || ' ' || array_to_string(tags, ' ')), 'B');
ALTER TABLE "KbArticle" ENABLE TRIGGER kb_article_search;

CREATE INDEX "KbArticle_headDocument_idx" ON "KbArticle" USING gin ("headDocument");
