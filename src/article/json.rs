//! JSON articles: JSON Lines (one object per line, the bulk format), a JSON array of
//! objects, or one object in a `.json` file. Field names vary by exporter (`body`, `text`,
//! `content`; `published`, `date`, `published_at`...), so keys are matched by meaning.
//! A broken line or a field of the wrong type fails that article alone.

use super::{date, field_of, normalise_line_ends, Article, Draft, Field, ReadOptions};
use crate::error::{Error, Result};
use serde_json::{Map, Value};

/// Read every article of a JSON input. `jsonl_name`: the file name says JSON Lines, so
/// each line is one article even when the first line alone would parse as a document.
pub(super) fn read(
    origin: &str,
    text: &str,
    jsonl_name: bool,
    opts: &ReadOptions,
) -> Vec<Result<Article>> {
    if !jsonl_name {
        if text.trim_start().starts_with('[') {
            return match serde_json::from_str::<Vec<Value>>(text) {
                Ok(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| article(&format!("{origin}#{}", i + 1), item, opts))
                    .collect(),
                Err(e) => vec![Err(Error::input(
                    origin,
                    format!("not a JSON array of article objects: {e}"),
                ))],
            };
        }
        // One pretty-printed object spans lines; JSON Lines would not parse as one value.
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return vec![article(origin, &value, opts)];
        }
    }
    text.split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let origin = format!("{origin}:{}", i + 1);
            match serde_json::from_str::<Value>(line) {
                Ok(value) => article(&origin, &value, opts),
                Err(e) => Err(Error::input(
                    origin,
                    format!(
                        "not valid JSON: {}",
                        e.to_string().replace(" at line 1 column", " at column")
                    ),
                )),
            }
        })
        .collect()
}

fn article(origin: &str, value: &Value, opts: &ReadOptions) -> Result<Article> {
    let Value::Object(map) = value else {
        return Err(Error::input(
            origin,
            format!(
                "expected a JSON object with 'title', 'published', 'body'..., found {}",
                type_name(value)
            ),
        ));
    };
    draft(map)
        .and_then(|d| d.finish(opts))
        .map(|a| a.with_origin(origin))
        .map_err(|message| Error::input(origin, message))
}

fn draft(map: &Map<String, Value>) -> std::result::Result<Draft, String> {
    let mut draft = Draft::default();
    let mut body: Option<String> = None;
    // serde_json keeps keys sorted, so when several keys name one field ("body" and
    // "text") the choice is stable: the first in alphabetical order, the rest go to extra.
    for (key, value) in map {
        if value.is_null() {
            continue;
        }
        let field = field_of(key);
        let taken = match field {
            Some(Field::Title) => draft.title.is_some(),
            Some(Field::Publisher) => draft.publisher.is_some(),
            Some(Field::Author) => draft.author.is_some(),
            Some(Field::Url) => draft.url.is_some(),
            Some(Field::Published) => draft.date.is_some(),
            Some(Field::Body) => body.is_some(),
            None => true,
        };
        if taken {
            draft.extra.push((key.clone(), render(value)));
            continue;
        }
        match field {
            Some(Field::Title) => draft.title = text_field(key, value)?,
            Some(Field::Url) => draft.url = text_field(key, value)?,
            Some(Field::Publisher) => draft.publisher = named(key, value)?,
            Some(Field::Author) => draft.author = named(key, value)?,
            Some(Field::Published) => {
                draft.date = text_field(key, value)?
                    .map(|v| date::parse_date_value(&v).map_err(|e| format!("field '{key}': {e}")));
            }
            Some(Field::Body) => body = text_field(key, value)?,
            None => {}
        }
    }
    let body = body.ok_or(
        "no article text: expected a 'body', 'text' or 'content' string field".to_string(),
    )?;
    draft.body = normalise_line_ends(body.trim());
    Ok(draft)
}

/// A string field; blank strings count as absent.
fn text_field(key: &str, value: &Value) -> std::result::Result<Option<String>, String> {
    match value {
        Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        other => Err(format!(
            "field '{key}' must be a string, not {}",
            type_name(other)
        )),
    }
}

/// A name that exporters write as a string, an object with a `name` (NewsAPI's
/// `source`), or a list of either (several authors).
fn named(key: &str, value: &Value) -> std::result::Result<Option<String>, String> {
    match value {
        Value::Object(obj) => match obj.get("name") {
            Some(name) => text_field(key, name),
            None => Err(format!("field '{key}' is an object without a 'name'")),
        },
        Value::Array(items) => {
            let names = items
                .iter()
                .map(|item| named(key, item))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let joined = names.into_iter().flatten().collect::<Vec<_>>().join(", ");
            Ok(Some(joined).filter(|s| !s.is_empty()))
        }
        other => text_field(key, other),
    }
}

/// An unknown value kept in `extra`: strings as they are, anything else as compact JSON.
fn render(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
