-- The fault test's reference data (npm run chaos): a jurisdiction, its departments and one item
-- (ITEM-001, the item of domain/events/fixtures.ts's cases, with a fee standard so fees are judged).
-- $1 text: jurisdiction code, $2 text: jurisdiction name, $3 text[]: department codes, $4 text[]: department names
WITH j AS (
  INSERT INTO jurisdictions (code, name, level) VALUES ($1, $2, 'county') ON CONFLICT DO NOTHING RETURNING code
), d AS (
  INSERT INTO departments (code, jurisdiction_code, name)
  SELECT unnest($3::text[]), $1, unnest($4::text[])
  ON CONFLICT DO NOTHING RETURNING code
)
INSERT INTO items (code, department_code, name, case_type, legal_limit, promised_limit, fee_standard)
SELECT 'ITEM-001', ($3::text[])[1], '食品经营许可', 'promised', 20, 10, 80
WHERE EXISTS (SELECT 1 FROM d) OR EXISTS (SELECT 1 FROM departments WHERE code = ($3::text[])[1])
ON CONFLICT DO NOTHING
