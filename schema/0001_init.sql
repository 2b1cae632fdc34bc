-- annals schema 1: articles, actors and their aliases, events with their actors and
-- sources, and a full-text index over event summaries and evidence.
-- Dates are ISO 'YYYY-MM-DD' text (they sort and compare as dates); timestamps are
-- UTC 'YYYY-MM-DDTHH:MM:SSZ'. The store applies this file and the user_version bump in
-- one transaction. Never edit a landed migration: add 0002_... instead.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    hash           TEXT NOT NULL UNIQUE,      -- hex SHA-256 of the content
    origin         TEXT NOT NULL,             -- file, file:line, or '-'
    title          TEXT,
    publisher      TEXT,
    author         TEXT,
    url            TEXT,
    published      TEXT NOT NULL,             -- the anchor (DCT) of relative dates
    published_time TEXT,                      -- as printed: '16:12 KST'
    extra          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
    body           TEXT NOT NULL,
    ingested_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE actors (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,             -- 'PRK', 'kim-jong-un'
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    country TEXT,                             -- ISO 3166 alpha-3
    cameo   TEXT,
    qid     TEXT,
    parent  TEXT,                             -- key of the actor this one is part of
    origin  TEXT NOT NULL DEFAULT 'builtin' CHECK (origin IN ('builtin', 'user'))
);

CREATE TABLE actor_aliases (
    id     INTEGER PRIMARY KEY,
    alias  TEXT NOT NULL,                     -- as written: 'Kim Jong-un'
    norm   TEXT NOT NULL,                     -- normalised: 'kim jong un'
    actor  TEXT NOT NULL REFERENCES actors (key) ON DELETE CASCADE ON UPDATE CASCADE,
    origin TEXT NOT NULL DEFAULT 'builtin' CHECK (origin IN ('builtin', 'user')),
    UNIQUE (norm, actor)
);
CREATE INDEX actor_aliases_actor ON actor_aliases (actor);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    date_start TEXT NOT NULL,
    date_end   TEXT NOT NULL,
    precision  TEXT NOT NULL CHECK (precision IN ('day', 'week', 'month', 'quarter', 'year')),
    status     TEXT NOT NULL CHECK (status IN ('occurred', 'planned', 'ongoing')),
    type       TEXT NOT NULL,                 -- PLOVER type
    mode       TEXT,                          -- PLOVER mode
    cameo      TEXT NOT NULL,                 -- '042', leading zero kept
    summary    TEXT NOT NULL,
    location   TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (date_start <= date_end)
);
-- Timeline order and range overlap (date_end >= from AND date_start <= to).
CREATE INDEX events_dates ON events (date_start, date_end);
CREATE INDEX events_type_dates ON events (type, date_start);

-- An actor's part in an event. The name/kind/country are a snapshot taken when the event
-- was stored, so an event reads the same after the gazetteer changes; no foreign key to
-- actors because events may name actors the gazetteer does not (yet) hold.
CREATE TABLE event_actors (
    event     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    actor_key TEXT NOT NULL,
    name      TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    kind      TEXT NOT NULL,
    country   TEXT,
    role      TEXT NOT NULL CHECK (role IN ('source', 'target', 'participant', 'reporter')),
    PRIMARY KEY (event, position)
) WITHOUT ROWID;
-- actor -> events: exact keys when merging, any case for the --actor filter.
CREATE INDEX event_actors_actor ON event_actors (actor_key, event);
CREATE INDEX event_actors_actor_nocase ON event_actors (actor_key COLLATE NOCASE, event);
CREATE INDEX event_actors_name ON event_actors (name_norm, event);

CREATE TABLE event_sources (
    id              INTEGER PRIMARY KEY,
    event           INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    evidence        TEXT NOT NULL,
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL,
    time_expression TEXT,
    attributed_to   TEXT
);
CREATE INDEX event_sources_event ON event_sources (event);
CREATE INDEX event_sources_article ON event_sources (article);

-- rowid = events.id. The store rewrites an event's row here whenever the event or its
-- sources change (evidence is every source sentence, one per line).
CREATE VIRTUAL TABLE events_fts USING fts5 (
    summary,
    evidence,
    tokenize = 'unicode61 remove_diacritics 2'
);
