-- Accord schema, version 1.
--
-- Portable SQL: it must run unchanged on DuckDB and on PostgreSQL, so it uses plain
-- types (VARCHAR, INTEGER, BIGINT, DOUBLE PRECISION, BOOLEAN, DATE, TIMESTAMP) and no
-- engine-specific features.
--
-- There are no FOREIGN KEY clauses: DuckDB's foreign keys cannot cascade and refuse
-- to delete a referenced row even inside the transaction that deletes its children.
-- The store keeps every child row pointing at a stored article by writing and
-- deleting an article's rows in one transaction (see accord/store/store.py).
--
-- Provenance: every coded row carries article_id, sentence_index and the character
-- span (char_start, char_end) in the article text it came from.

-- The last id handed out for each kind of row. Ids are never reused, even after a
-- recode deletes rows, so an event id seen in an export or a URL always means the same
-- event. (One counter row instead of engine sequences: DuckDB's nextval costs about a
-- millisecond a call, and a counter hands out a whole article's ids in one statement.)
CREATE TABLE id_counters (
    name VARCHAR PRIMARY KEY,
    last_id BIGINT NOT NULL
);
INSERT INTO id_counters (name, last_id) VALUES ('event', 0), ('mention', 0), ('fact', 0), ('fact_source', 0);

-- One row per distinct article text. content_hash (of the normalised text) is the
-- identity; article_id is a readable label, unique in the database: the id the input
-- gave, or that id with "~" and the first hex digits of the hash when another text
-- already holds that label.
CREATE TABLE articles (
    content_hash VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL UNIQUE,
    given_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    title VARCHAR,
    outlet VARCHAR,
    author VARCHAR,
    url VARCHAR,
    published DATE,
    origin VARCHAR,
    coder VARCHAR NOT NULL,
    coded_at TIMESTAMP NOT NULL
);

CREATE TABLE sentences (
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (article_id, sentence_index)
);

-- Canonical actors, shared by every article that names them.
CREATE TABLE actors (
    actor_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    name VARCHAR
);

-- Each place an article names an actor, with the code and role it gives them there;
-- an actor's roles are the distinct roles of its mentions.
CREATE TABLE actor_mentions (
    actor_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    role VARCHAR,
    rank VARCHAR,
    text VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

-- One row per event, however many articles told it. The coded columns hold the
-- representative report (the first mention, with the most precise date any mention
-- gives); num_* count the mentions. event_day is the first day of the event's date
-- at its precision, used to filter and sort.
CREATE TABLE events (
    event_id BIGINT PRIMARY KEY,
    event_day DATE,
    num_mentions INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    added_at TIMESTAMP NOT NULL,
    cameo VARCHAR NOT NULL,
    root VARCHAR NOT NULL,
    event_name VARCHAR NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    quad_class INTEGER NOT NULL,
    plover VARCHAR,
    plover_mode VARCHAR,
    plover_context VARCHAR,
    source_code VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    source_name VARCHAR,
    source_role VARCHAR,
    source_rank VARCHAR,
    source_kind VARCHAR,
    source_actor_id VARCHAR,
    source_text VARCHAR,
    source_start INTEGER,
    source_end INTEGER,
    target_code VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    target_name VARCHAR,
    target_role VARCHAR,
    target_rank VARCHAR,
    target_kind VARCHAR,
    target_actor_id VARCHAR,
    target_text VARCHAR,
    target_start INTEGER,
    target_end INTEGER,
    reciprocal BOOLEAN NOT NULL,
    date_value VARCHAR,
    date_precision VARCHAR,
    date_source VARCHAR,
    date_text VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE PRECISION,
    location_lon DOUBLE PRECISION,
    location_feature VARCHAR,
    location_geonameid BIGINT,
    location_start INTEGER,
    location_end INTEGER,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    trigger VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    confidence DOUBLE PRECISION NOT NULL,
    is_root_event BOOLEAN NOT NULL
);

-- Every place an event is told: the article, sentence and span, and everything that
-- article's coding said about it (so the representative can be chosen again when an
-- article is recoded or removed).
CREATE TABLE event_mentions (
    mention_id BIGINT PRIMARY KEY,
    event_id BIGINT NOT NULL,
    coded_event_id VARCHAR,
    cameo VARCHAR NOT NULL,
    root VARCHAR NOT NULL,
    event_name VARCHAR NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    quad_class INTEGER NOT NULL,
    plover VARCHAR,
    plover_mode VARCHAR,
    plover_context VARCHAR,
    source_code VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    source_name VARCHAR,
    source_role VARCHAR,
    source_rank VARCHAR,
    source_kind VARCHAR,
    source_actor_id VARCHAR,
    source_text VARCHAR,
    source_start INTEGER,
    source_end INTEGER,
    target_code VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    target_name VARCHAR,
    target_role VARCHAR,
    target_rank VARCHAR,
    target_kind VARCHAR,
    target_actor_id VARCHAR,
    target_text VARCHAR,
    target_start INTEGER,
    target_end INTEGER,
    reciprocal BOOLEAN NOT NULL,
    date_value VARCHAR,
    date_precision VARCHAR,
    date_source VARCHAR,
    date_text VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE PRECISION,
    location_lon DOUBLE PRECISION,
    location_feature VARCHAR,
    location_geonameid BIGINT,
    location_start INTEGER,
    location_end INTEGER,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    trigger VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    confidence DOUBLE PRECISION NOT NULL,
    is_root_event BOOLEAN NOT NULL
);

-- One row per reported figure; countries_key is the sorted, comma-joined country
-- codes ("AZE,TUR"), so the same set of countries always has the same key.
CREATE TABLE facts (
    fact_id BIGINT PRIMARY KEY,
    num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    added_at TIMESTAMP NOT NULL,
    indicator VARCHAR NOT NULL,
    countries_key VARCHAR NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    currency VARCHAR,
    unit VARCHAR,
    period_start DATE,
    period_end DATE,
    period_text VARCHAR,
    kind VARCHAR NOT NULL,
    rank INTEGER,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    confidence DOUBLE PRECISION NOT NULL
);

-- Every article sentence that reported a fact, with what that article said.
CREATE TABLE fact_sources (
    source_id BIGINT PRIMARY KEY,
    fact_id BIGINT NOT NULL,
    coded_fact_id VARCHAR,
    indicator VARCHAR NOT NULL,
    countries_key VARCHAR NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    currency VARCHAR,
    unit VARCHAR,
    period_start DATE,
    period_end DATE,
    period_text VARCHAR,
    kind VARCHAR NOT NULL,
    rank INTEGER,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    confidence DOUBLE PRECISION NOT NULL
);

-- The filters the CLI, the APIs and the dashboard use most.
CREATE INDEX events_by_day ON events (event_day);
CREATE INDEX events_by_source_country ON events (source_country);
CREATE INDEX events_by_target_country ON events (target_country);
CREATE INDEX events_by_root ON events (root);
CREATE INDEX event_mentions_by_event ON event_mentions (event_id);
CREATE INDEX event_mentions_by_article ON event_mentions (article_id);
CREATE INDEX actor_mentions_by_actor ON actor_mentions (actor_id);
CREATE INDEX actor_mentions_by_article ON actor_mentions (article_id);
CREATE INDEX facts_by_indicator ON facts (indicator);
CREATE INDEX fact_sources_by_fact ON fact_sources (fact_id);
CREATE INDEX fact_sources_by_article ON fact_sources (article_id);
