-- annals schema: interval queries by precision (issue 6, BENCHMARKS.md).
-- 0003 bounded "events overlapping [from, to]" from below by the longest stored span. One
-- year-precision event ("earlier this year") makes that span 365 days, and every search
-- then walks a year of events: the merge search at ingest (whose window also widened to
-- whole years) grew with the database again. Spans are short within a precision (a day
-- event lasts days, a month event a month), so each precision is searched on its own,
-- bounded by its own longest span, which `events_prec_span` gives in one probe.
DROP INDEX events_span;
DROP INDEX events_type_dates;
CREATE INDEX events_prec_span ON events (precision, (julianday(date_end) - julianday(date_start)));
CREATE INDEX events_type_prec_start ON events (type, precision, date_start);
-- date_end too, so the timeline's window test reads the index alone: the events rows are
-- read for the matches only (timeline actor + month at 1M events: 37 -> 20 ms).
CREATE INDEX events_prec_start ON events (precision, date_start, date_end);
