-- Keep case rows narrow: the folded state (1–2 KB of JSON per case) goes out of line (TOAST) as soon
-- as a row passes 128 bytes, so rewriting a case's clock columns (sweep, recompute, a level change)
-- writes a small heap row and leaves the state's TOAST value untouched. Applies to rows written
-- from now on (every projection rewrites its rows).
ALTER TABLE cases SET (toast_tuple_target = 128);
ALTER TABLE cases ALTER COLUMN state SET STORAGE EXTERNAL;
ALTER TABLE petitions SET (toast_tuple_target = 128);
ALTER TABLE petitions ALTER COLUMN state SET STORAGE EXTERNAL;
