-- How many users exist.
SELECT count(*) AS n FROM users
