-- ---------------------------------------------------------------------------------------------------------
-- Hand-written: the typo corrector asks for the one nearest known word (trigram distance, LIMIT 1), which a
-- GiST trigram index answers directly as a nearest-neighbour search. The GIN index could only fetch every word
-- sharing a trigram and sort them (about 10 ms a word at 10,000 articles). Same name as before, so the list of
-- hand-made indexes stays true. See docs/kb.md, "Search".
-- ---------------------------------------------------------------------------------------------------------
DROP INDEX IF EXISTS "KbWord_word_trgm_idx";
CREATE INDEX "KbWord_word_trgm_idx" ON "KbWord" USING gist (word gist_trgm_ops);
