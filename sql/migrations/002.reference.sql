-- Jurisdictions (行政区划), departments (部门, a tree under a jurisdiction) and the item catalogue (事项).
CREATE TABLE jurisdictions (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('county', 'city', 'province')),
  parent_code text REFERENCES jurisdictions (code),
  time_zone   text NOT NULL DEFAULT 'Asia/Shanghai'
);

CREATE TABLE departments (
  code              text PRIMARY KEY,
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  parent_code       text REFERENCES departments (code),
  name              text NOT NULL,
  short_name        text,
  kind              text NOT NULL DEFAULT 'agency' CHECK (kind IN ('agency', 'town', 'street', 'centre', 'other')),
  division_code     text,
  sort_order        int NOT NULL DEFAULT 0,
  active            boolean NOT NULL DEFAULT true
);
CREATE INDEX departments_parent ON departments (parent_code);
CREATE INDEX departments_jurisdiction ON departments (jurisdiction_code);

CREATE TABLE items (
  code              text PRIMARY KEY,
  department_code   text NOT NULL REFERENCES departments (code),
  name              text NOT NULL,
  case_type         text NOT NULL CHECK (case_type IN ('immediate', 'promised', 'joint', 'escalated', 'returned', 'supplemented')),
  legal_limit       int CHECK (legal_limit >= 0),
  legal_unit        text NOT NULL DEFAULT 'workday' CHECK (legal_unit IN ('workday', 'day')),
  promised_limit    int CHECK (promised_limit >= 0),
  promised_unit     text NOT NULL DEFAULT 'workday' CHECK (promised_unit IN ('workday', 'day')),
  fee_standard      numeric(12, 2) NOT NULL DEFAULT 0 CHECK (fee_standard >= 0),
  stage_set         text[] NOT NULL DEFAULT ARRAY['accepted', 'undertaken', 'reviewed', 'approved', 'concluded'],
  special_procedure boolean NOT NULL DEFAULT false,
  supplement_mode   text NOT NULL DEFAULT 'restart' CHECK (supplement_mode IN ('restart', 'pause')),
  active            boolean NOT NULL DEFAULT true
);
CREATE INDEX items_department ON items (department_code);
