-- A tsvector holds at most 1 MB of lexemes and positions ("string is too long for tsvector",
-- SQLSTATE 54000, program_limit_exceeded). English text never comes near it, but distinct words in
-- other scripts do: about 450,000 characters of Cyrillic words (two bytes a letter) or 315,000 of
-- two-character CJK words (three bytes a character) are past it, so the search triggers refused
-- such a source (500,000 characters are indexed) or a briefing with long sections (all of its
-- text is). A byte cap cannot be set safely: hyphenated words, URLs and e-mail addresses give
-- several lexemes per word, so the bytes a text needs depend on what it says. Instead the text is
-- indexed whole when it fits, as before, and when it does not its first half is tried, then its
-- first quarter, and so on: what searches find in ordinary texts is unchanged, and a text past the
-- limit is stored and findable by the words it starts with.
--
-- CREATE OR REPLACE keeps the functions' identity, so the triggers need no change; processes that
-- start together migrate in turn (the start-up lock, then Prisma's migration lock).
CREATE OR REPLACE FUNCTION search_vector(title text, body text) RETURNS tsvector AS $$
DECLARE
  head tsvector := setweight(to_tsvector('english', coalesce(title, '')), 'A');
  chars int := length(coalesce(body, ''));
BEGIN
  LOOP
    BEGIN
      RETURN head || setweight(to_tsvector('english', left(coalesce(body, ''), chars)), 'B');
    EXCEPTION WHEN program_limit_exceeded THEN
      IF chars = 0 THEN
        RAISE;
      END IF;
      chars := chars / 2;
    END;
  END LOOP;
END
$$ LANGUAGE plpgsql STABLE;

CREATE OR REPLACE FUNCTION source_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search := search_vector(NEW.title, left(NEW.text, 500000));
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION publication_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search := search_vector(NEW.title, NEW."bodyText");
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
