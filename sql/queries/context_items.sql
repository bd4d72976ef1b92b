-- The item catalogue's clock and fee fields (clock context).
SELECT code, promised_limit, promised_unit, legal_limit, legal_unit, fee_standard, supplement_mode, case_type FROM items
