-- annals schema 2: a person's corrections. The history of every change to an event, the
-- fields a person fixed (re-extraction never overwrites them), and tombstones that keep
-- re-extraction from re-creating what a person deleted, or re-joining what they split.
-- Never edit a landed migration: add 0003_... instead.

-- Event ids are what a person edits by (`annals event edit 12`, the id column of an
-- exported CSV), so an id must never come back for another event after a deletion: make
-- `events` AUTOINCREMENT. With foreign keys on, renaming `events` rewrites the references
-- of event_actors / event_sources to the old name, so those two tables are rebuilt as well
-- (same columns, same indexes) before the old events table is dropped.
ALTER TABLE events RENAME TO events_before_0002;
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO events (id, date_start, date_end, precision, status, type, mode, cameo, summary,
                    location, created_at, updated_at)
    SELECT id, date_start, date_end, precision, status, type, mode, cameo, summary,
           location, created_at, updated_at
    FROM events_before_0002;

CREATE TABLE event_actors_2 (
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
INSERT INTO event_actors_2 SELECT event, position, actor_key, name, name_norm, kind, country, role
    FROM event_actors;
DROP TABLE event_actors;
ALTER TABLE event_actors_2 RENAME TO event_actors;
CREATE INDEX event_actors_actor ON event_actors (actor_key, event);
CREATE INDEX event_actors_actor_nocase ON event_actors (actor_key COLLATE NOCASE, event);
CREATE INDEX event_actors_name ON event_actors (name_norm, event);

CREATE TABLE event_sources_2 (
    id              INTEGER PRIMARY KEY,
    event           INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    evidence        TEXT NOT NULL,
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL,
    time_expression TEXT,
    attributed_to   TEXT
);
INSERT INTO event_sources_2 SELECT id, event, article, evidence, evidence_start, evidence_end,
                                   time_expression, attributed_to
    FROM event_sources;
DROP TABLE event_sources;
ALTER TABLE event_sources_2 RENAME TO event_sources;
CREATE INDEX event_sources_event ON event_sources (event);
CREATE INDEX event_sources_article ON event_sources (article);

DROP TABLE events_before_0002;
CREATE INDEX events_dates ON events (date_start, date_end);
CREATE INDEX events_type_dates ON events (type, date_start);

-- One row per change to one event. `who` is 'user' (a person, by the CLI or a CSV import)
-- or 'ingest' (extraction adding or merging reports). `before` / `after` are JSON objects
-- holding only the fields that changed (the whole event for add and delete).
CREATE TABLE history (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    who    TEXT NOT NULL CHECK (who IN ('user', 'ingest')),
    action TEXT NOT NULL,                     -- add, edit, delete, merge, split, import, ...
    event  INTEGER,                           -- no foreign key: deleted events keep history
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after  TEXT CHECK (after IS NULL OR json_valid(after)),
    note   TEXT
);
CREATE INDEX history_event ON history (event, id);

-- Events a person touched. `fields` lists, comma-separated, the fields whose values the
-- person set (date, status, type, mode, cameo, summary, location, actors); ingest keeps
-- them. Any row here also means ingest never folds the event into another one.
CREATE TABLE event_locks (
    event  INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    fields TEXT NOT NULL DEFAULT ''
);

-- A report (source) whose fate a person decided. Keyed by the article and the evidence
-- offsets, and by the normalised evidence sentence (so a corrected copy of the article, or
-- the same wire copy from another publisher, is recognised), and by the event type (one
-- sentence can tell several events). kind 'deleted': extraction must not bring the event
-- back; kind 'placed': the report belongs to `event` (split or merged by hand).
CREATE TABLE tombstones (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('deleted', 'placed')),
    event          INTEGER,
    type           TEXT NOT NULL,
    article        INTEGER NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    evidence_norm  TEXT NOT NULL,
    at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (article, evidence_start, evidence_end, type, evidence_norm)
);
CREATE INDEX tombstones_evidence ON tombstones (evidence_norm, type);
CREATE INDEX tombstones_event ON tombstones (event);
