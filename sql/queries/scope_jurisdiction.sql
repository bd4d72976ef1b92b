-- The jurisdiction a scheme scope belongs to (NULL when the scope code is unknown).
-- $1 text: scope ('jurisdiction' | 'department' | 'item'), $2 text: scope code
SELECT CASE $1
         WHEN 'jurisdiction' THEN (SELECT code FROM jurisdictions WHERE code = $2)
         WHEN 'department' THEN (SELECT jurisdiction_code FROM departments WHERE code = $2)
         WHEN 'item' THEN (SELECT d.jurisdiction_code FROM items i JOIN departments d ON d.code = i.department_code WHERE i.code = $2)
       END AS jurisdiction_code
