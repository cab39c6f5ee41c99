-- Prevention capacity: regional organisations and their early-warning mechanisms, Member
-- State memberships with dates, Member State commitments. Reference rows (real facts,
-- shipped in queries/reference/) have source 'reference'; users correct and extend them
-- with `atrisk import memberships|commitments FILE` (source 'user' or their own).

CREATE TABLE IF NOT EXISTS regional_orgs (
    org_code             VARCHAR PRIMARY KEY,     -- AU, ECOWAS, ...
    name                 VARCHAR NOT NULL,
    kind                 VARCHAR,
    headquarters         VARCHAR,
    founded_on           DATE,
    early_warning        VARCHAR,                 -- the mechanism's name; NULL: none recorded
    early_warning_since  DATE,
    source_url           VARCHAR NOT NULL,
    as_of                DATE NOT NULL,
    source               VARCHAR NOT NULL
);

-- One row per membership (and per suspension of it: a second suspension is a second row
-- with the same joined_on). A member on day D: joined_on <= D < left_on (left_on NULL while
-- a member; joined_on NULL: counted from the organisation's founded_on). Suspended on D:
-- suspended_from <= D < suspended_to (NULL: still suspended). See memberships_on.sql.
CREATE TABLE IF NOT EXISTS org_memberships (
    org_code        VARCHAR NOT NULL,
    iso3            VARCHAR NOT NULL,
    joined_on       DATE,
    left_on         DATE,
    suspended_from  DATE,
    suspended_to    DATE,
    source_url      VARCHAR,
    as_of           DATE,
    source          VARCHAR NOT NULL,
    batch_id        INTEGER,
    CHECK (left_on IS NULL OR joined_on IS NULL OR joined_on < left_on),
    CHECK (suspended_to IS NULL OR suspended_from < suspended_to)
);

-- A Member State's steps: party to the Genocide Convention or the Rome Statute, a national
-- R2P focal point, a national atrocity-prevention committee or mechanism. One row per
-- country and commitment: an import replaces the reference row it corrects.
CREATE TABLE IF NOT EXISTS commitments (
    iso3         VARCHAR NOT NULL,
    commitment   VARCHAR NOT NULL,   -- genocide_convention | rome_statute | r2p_focal_point | national_mechanism
    status       VARCHAR NOT NULL,   -- party | signatory | withdrawn | not_party | yes | no
    since        DATE,               -- ratification / accession / appointment, where known
    until        DATE,               -- a withdrawal took effect
    source_url   VARCHAR,
    as_of        DATE,
    source       VARCHAR NOT NULL,
    batch_id     INTEGER,
    PRIMARY KEY (iso3, commitment)
);
