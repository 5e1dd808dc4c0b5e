-- The extension stays: it may have been there before, or serve something else.
DROP INDEX IF EXISTS connections_search_trgm;
