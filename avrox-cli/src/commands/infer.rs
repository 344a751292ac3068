//! `avrox infer`: a schema that fits every line of a JSON lines file, as a
//! starting point to edit.
//!
//! Each line's JSON is read as a set of the kinds of value seen at each
//! place, merged over the lines: numbers widen (int, long, double), a place
//! seen as `null` or missing from some objects becomes a union with `null`
//! first (defaulting to null), several kinds become a union, objects become
//! records, and an object with a key that cannot be an Avro name becomes a
//! map.

use indexmap::IndexMap;
use serde_json::{Map, Value as Json, json};

use super::{flush, print_json, stdout};
use crate::cli::InferArgs;
use crate::error::{CliError, CliResult};
use crate::input;
use crate::jsonl::TextLines;

pub fn run(args: InferArgs) -> CliResult {
    let input = input::open(&args.file, "input", false)?;
    let mut lines = TextLines::new(input, &args.file);
    let mut shape = Shape::default();
    let mut seen = 0_u64;
    while let Some(json) = lines.next_json()? {
        shape.add(&json);
        seen += 1;
    }
    if seen == 0 {
        return Err(CliError::about(
            &args.file,
            "no JSON lines to infer a schema from",
        ));
    }
    let mut names = Names::default();
    let schema = shape.to_schema(&args.name, &mut names);
    // What is printed must be a schema avrox accepts.
    avrox::Schema::parse_json(&schema).map_err(|e| CliError::about(&args.file, e))?;
    let mut out = stdout();
    print_json(&mut out, &schema, true)?;
    flush(&mut out)
}

/// The kinds of value seen at one place.
#[derive(Debug, Default)]
struct Shape {
    null: bool,
    boolean: bool,
    number: Option<Number>,
    string: bool,
    /// The items of every array seen here (an empty shape if all were empty).
    array: Option<Box<Shape>>,
    object: Option<Object>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Number {
    Int,
    Long,
    Double,
}

#[derive(Debug)]
enum Object {
    /// Fields in the order first seen, each with the number of objects
    /// that had it; `count` objects in all.
    Record {
        fields: IndexMap<String, (Shape, u64)>,
        count: u64,
    },
    Map(Box<Shape>),
}

impl Shape {
    fn add(&mut self, json: &Json) {
        match json {
            Json::Null => self.null = true,
            Json::Bool(_) => self.boolean = true,
            Json::Number(n) => {
                let kind = match n.as_i64() {
                    Some(i) if i32::try_from(i).is_ok() => Number::Int,
                    Some(_) => Number::Long,
                    None => Number::Double,
                };
                self.number = self.number.max(Some(kind));
            }
            Json::String(_) => self.string = true,
            Json::Array(items) => {
                let shape = self.array.get_or_insert_with(Box::default);
                for item in items {
                    shape.add(item);
                }
            }
            Json::Object(entries) => self.add_object(entries),
        }
    }

    fn add_object(&mut self, entries: &Map<String, Json>) {
        let map_like = entries.keys().any(|k| !is_avro_name(k));
        let object = self.object.get_or_insert_with(|| Object::Record {
            fields: IndexMap::new(),
            count: 0,
        });
        if map_like && let Object::Record { fields, .. } = object {
            // Everything seen as fields so far becomes the map's values.
            let mut values = Shape::default();
            for (shape, _) in std::mem::take(fields).into_values() {
                values.merge(shape);
            }
            *object = Object::Map(Box::new(values));
        }
        match object {
            Object::Record { fields, count } => {
                *count += 1;
                for (key, value) in entries {
                    let (shape, seen) = fields.entry(key.clone()).or_default();
                    shape.add(value);
                    *seen += 1;
                }
            }
            Object::Map(values) => {
                for value in entries.values() {
                    values.add(value);
                }
            }
        }
    }

    /// Adds the kinds of `other`.
    fn merge(&mut self, other: Shape) {
        self.null |= other.null;
        self.boolean |= other.boolean;
        self.number = self.number.max(other.number);
        self.string |= other.string;
        if let Some(items) = other.array {
            self.array.get_or_insert_with(Box::default).merge(*items);
        }
        if let Some(object) = other.object {
            let values = match object {
                Object::Record { fields, .. } => {
                    let mut values = Shape::default();
                    for (shape, _) in fields.into_values() {
                        values.merge(shape);
                    }
                    values
                }
                Object::Map(values) => *values,
            };
            match &mut self.object {
                Some(Object::Map(mine)) => mine.merge(values),
                _ => self.object = Some(Object::Map(Box::new(values))),
            }
        }
    }

    /// The schema: one type, or a union (null first) of several.
    fn to_schema(&self, name: &str, names: &mut Names) -> Json {
        let mut branches = Vec::new();
        if self.null {
            branches.push(json!("null"));
        }
        if self.boolean {
            branches.push(json!("boolean"));
        }
        match self.number {
            Some(Number::Int) => branches.push(json!("int")),
            Some(Number::Long) => branches.push(json!("long")),
            Some(Number::Double) => branches.push(json!("double")),
            None => {}
        }
        if self.string {
            branches.push(json!("string"));
        }
        if let Some(items) = &self.array {
            let items = items.to_schema(&format!("{name}Item"), names);
            branches.push(json!({"type": "array", "items": items}));
        }
        match &self.object {
            Some(Object::Record { fields, count }) => {
                // Named before its fields are: a field of the same name
                // yields to the record around it (`--name` is kept).
                let record_name = names.take(name);
                let fields: Vec<Json> = fields
                    .iter()
                    .map(|(key, (shape, seen))| {
                        let mut shape = shape.clone_kinds();
                        // Missing from some objects: null when absent.
                        shape.null |= seen < count;
                        let mut field = json!({
                            "name": key,
                            "type": shape.to_schema(&pascal(key), names),
                        });
                        if shape.null && shape.kind_count() > 1 {
                            field["default"] = Json::Null;
                        }
                        field
                    })
                    .collect();
                branches.push(json!({"type": "record", "name": record_name, "fields": fields}));
            }
            Some(Object::Map(values)) => {
                let values = values.to_schema(&format!("{name}Value"), names);
                branches.push(json!({"type": "map", "values": values}));
            }
            None => {}
        }
        match branches.len() {
            // Only empty arrays were seen here: nothing says what the items are.
            0 => json!("null"),
            1 => branches.remove(0),
            _ => Json::Array(branches),
        }
    }

    fn kind_count(&self) -> usize {
        usize::from(self.null)
            + usize::from(self.boolean)
            + usize::from(self.number.is_some())
            + usize::from(self.string)
            + usize::from(self.array.is_some())
            + usize::from(self.object.is_some())
    }

    /// A copy, for the `null` a missing field adds.
    fn clone_kinds(&self) -> Shape {
        Shape {
            null: self.null,
            boolean: self.boolean,
            number: self.number,
            string: self.string,
            array: self.array.as_ref().map(|a| Box::new(a.clone_kinds())),
            object: self.object.as_ref().map(|o| match o {
                Object::Record { fields, count } => Object::Record {
                    fields: fields
                        .iter()
                        .map(|(k, (s, n))| (k.clone(), (s.clone_kinds(), *n)))
                        .collect(),
                    count: *count,
                },
                Object::Map(values) => Object::Map(Box::new(values.clone_kinds())),
            }),
        }
    }
}

/// Record names, each used once.
#[derive(Debug, Default)]
struct Names(std::collections::HashSet<String>);

impl Names {
    fn take(&mut self, wanted: &str) -> String {
        let base = if is_avro_name(wanted) {
            wanted.to_owned()
        } else {
            "Record".to_owned()
        };
        let mut name = base.clone();
        let mut n = 1;
        while !self.0.insert(name.clone()) {
            n += 1;
            name = format!("{base}{n}");
        }
        name
    }
}

/// Whether `key` is a valid Avro name: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_avro_name(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `user_address` as `UserAddress`, a record's name from its field's.
fn pascal(key: &str) -> String {
    key.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(lines: &[&str]) -> Json {
        let mut shape = Shape::default();
        for line in lines {
            shape.add(&serde_json::from_str(line).unwrap());
        }
        let schema = shape.to_schema("Root", &mut Names::default());
        avrox::Schema::parse_json(&schema).unwrap();
        schema
    }

    #[test]
    fn numbers_widen_and_missing_fields_become_optional() {
        let schema = infer(&[
            r#"{"id": 1, "score": 2, "tags": [], "who": {"name": "a"}}"#,
            r#"{"id": 5000000000, "score": 2.5, "tags": ["x"], "note": null}"#,
        ]);
        assert_eq!(
            schema,
            json!({"type": "record", "name": "Root", "fields": [
                {"name": "id", "type": "long"},
                {"name": "score", "type": "double"},
                {"name": "tags", "type": {"type": "array", "items": "string"}},
                {"name": "who", "type": ["null", {"type": "record", "name": "Who", "fields": [
                    {"name": "name", "type": "string"}]}], "default": null},
                {"name": "note", "type": "null"}
            ]})
        );
    }

    #[test]
    fn mixed_kinds_are_unions_and_odd_keys_make_maps() {
        let schema = infer(&[
            r#"{"v": 1, "m": {"a b": 1}}"#,
            r#"{"v": "x", "m": {"c": 2.0}}"#,
        ]);
        assert_eq!(schema["fields"][0]["type"], json!(["int", "string"]));
        assert_eq!(
            schema["fields"][1]["type"],
            json!({"type": "map", "values": "double"})
        );
        assert_eq!(infer(&["[]"]), json!({"type": "array", "items": "null"}));
        assert_eq!(infer(&["1", "null"]), json!(["null", "int"]));
    }
}
