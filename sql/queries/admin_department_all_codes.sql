-- Every department code with whether it is active (the catalogue import checks rows against it).
SELECT code, active FROM departments
