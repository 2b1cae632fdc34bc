-- annals schema 2: a person's corrections. The history of every change to an event, the
-- fields a person fixed (re-extraction never overwrites them), and tombstones that keep
-- re-extraction from re-creating what a person deleted, or re-joining what they split.
-- Never edit a landed migration: add 0003_... instead.

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
