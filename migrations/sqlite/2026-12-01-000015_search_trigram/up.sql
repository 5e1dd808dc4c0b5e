-- Nothing on SQLite: the PostgreSQL migration of this name adds a trigram index for
-- the name search; SQLite searches the account's rows in the list order.
SELECT 1;
