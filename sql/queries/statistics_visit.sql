-- Counts one page view (no user, no address, no cookie).
-- $1 timestamptz: when
-- $2 text: surface (wall, console, m, public, admin, window)
-- $3 text: page path (route path without query)
SELECT stat_count_page_view($1, $2, $3)
