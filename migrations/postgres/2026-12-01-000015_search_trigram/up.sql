-- PostgreSQL only (the SQLite migration of this name does nothing): a trigram index
-- for the list's name and identity search (`q`), where the pg_trgm extension can be
-- created (it is a trusted extension: a database owner may create it). With it, a
-- search for a rare name or identity reads its matches instead of walking the
-- account's rows; a common one still walks the list order. Without it, searching
-- works as before.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm cannot be created here (%): searching names walks the account''s connections', SQLERRM;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS connections_search_trgm ON connections
            USING gin (search_text gin_trgm_ops);
    END IF;
END $$;
