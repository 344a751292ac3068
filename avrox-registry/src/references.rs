//! Resolving a schema's references, without doing any I/O: the walk says
//! which registered schema it needs next, the client fetches it and hands
//! it back, and at the end the walk parses them all, each referenced
//! schema before the schemas that use its names.

use std::collections::HashSet;

use avrox::Schema;
use avrox::schema::Parser;

use crate::error::{Error, ReferenceError, Result};
use crate::model::{SchemaReference, SchemaSource, Version};

/// What the walk needs next.
#[derive(Debug)]
pub(crate) enum Step {
    /// Fetch this version of this subject and [`supply`](Walk::supply) it.
    Fetch(String, Version),
    /// Every reference is resolved: the parsed schema.
    Done(Schema),
}

#[derive(Debug)]
struct Frame {
    /// `subject version`; `None` for the root.
    key: Option<String>,
    text: String,
    references: Vec<SchemaReference>,
    next: usize,
}

/// A depth-first walk over the references of one schema.
#[derive(Debug)]
pub(crate) struct Walk {
    what: String,
    stack: Vec<Frame>,
    /// Schemas already on the way out, not fetched twice (a diamond).
    done: HashSet<String>,
    /// Texts in the order they must be parsed: each after those it uses.
    ordered: Vec<String>,
    pending: Option<String>,
    fetched: usize,
    max_depth: usize,
    max_schemas: usize,
}

impl Walk {
    /// A walk from `root`, named `what` in errors.
    pub(crate) fn new(
        what: String,
        root: SchemaSource,
        max_depth: usize,
        max_schemas: usize,
    ) -> Result<Walk> {
        if !root.is_avro() {
            return Err(Error::Schema {
                what,
                reason: format!(
                    "it is a {} schema, not Avro",
                    root.schema_type.unwrap_or_default()
                ),
            });
        }
        Ok(Walk {
            what,
            stack: vec![Frame {
                key: None,
                text: root.schema,
                references: root.references,
                next: 0,
            }],
            done: HashSet::new(),
            ordered: Vec::new(),
            pending: None,
            fetched: 0,
            max_depth,
            max_schemas,
        })
    }

    /// The next step.
    pub(crate) fn next(&mut self) -> Result<Step> {
        loop {
            let depth = self.stack.len();
            let Some(top) = self.stack.last_mut() else {
                return self.parse();
            };
            if let Some(reference) = top.references.get(top.next).cloned() {
                top.next += 1;
                let version = reference.version_selector();
                let key = format!("{} {version}", reference.subject);
                if self.done.contains(&key) {
                    continue;
                }
                if let Some(at) = self.stack.iter().position(|f| f.key.as_ref() == Some(&key)) {
                    let mut chain: Vec<String> = self.stack[at..]
                        .iter()
                        .filter_map(|f| f.key.clone())
                        .collect();
                    chain.push(key);
                    return Err(Error::References(ReferenceError::Cycle(chain)));
                }
                if depth > self.max_depth {
                    return Err(Error::References(ReferenceError::TooDeep {
                        limit: self.max_depth,
                    }));
                }
                if self.fetched >= self.max_schemas {
                    return Err(Error::References(ReferenceError::TooMany {
                        limit: self.max_schemas,
                    }));
                }
                self.fetched += 1;
                let subject = reference.subject;
                self.pending = Some(key);
                return Ok(Step::Fetch(subject, version));
            }
            if let Some(frame) = self.stack.pop() {
                if let Some(key) = frame.key {
                    self.done.insert(key);
                }
                // One schema reached twice (as version 2 and as `latest`,
                // say) defines its names once.
                if !self.ordered.contains(&frame.text) {
                    self.ordered.push(frame.text);
                }
            }
        }
    }

    /// The schema the last [`Step::Fetch`] asked for.
    pub(crate) fn supply(&mut self, source: SchemaSource) -> Result<()> {
        let key = self.pending.take().unwrap_or_default();
        if !source.is_avro() {
            return Err(Error::Schema {
                what: key,
                reason: "a referenced schema is not Avro".into(),
            });
        }
        self.stack.push(Frame {
            key: Some(key),
            text: source.schema,
            references: source.references,
            next: 0,
        });
        Ok(())
    }

    fn parse(&mut self) -> Result<Step> {
        let mut parser = Parser::new();
        let mut texts = std::mem::take(&mut self.ordered);
        let root = texts.pop().unwrap_or_default();
        for text in &texts {
            parser.parse(text).map_err(|e| Error::Schema {
                what: format!("a schema {} references", self.what),
                reason: e.to_string(),
            })?;
        }
        let schema = parser.parse(&root).map_err(|e| Error::Schema {
            what: self.what.clone(),
            reason: e.to_string(),
        })?;
        Ok(Step::Done(schema))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(subject: &str) -> SchemaReference {
        SchemaReference::new(subject, subject, 1)
    }

    #[test]
    fn a_diamond_fetches_each_schema_once_and_parses_leaves_first() {
        // root -> a, b; a -> d; b -> d
        let root = SchemaSource::avro_with_references(
            r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "A"}, {"name": "b", "type": "B"}]}"#,
            vec![reference("A"), reference("B")],
        );
        let mut walk = Walk::new("root".into(), root, 8, 8).unwrap();
        let mut fetched = Vec::new();
        loop {
            match walk.next().unwrap() {
                Step::Fetch(subject, _) => {
                    let source = match subject.as_str() {
                        "A" => SchemaSource::avro_with_references(
                            r#"{"type": "record", "name": "A", "fields": [{"name": "d", "type": "D"}]}"#,
                            vec![reference("D")],
                        ),
                        "B" => SchemaSource::avro_with_references(
                            r#"{"type": "record", "name": "B", "fields": [{"name": "d", "type": "D"}]}"#,
                            vec![reference("D")],
                        ),
                        _ => SchemaSource::avro(r#"{"type": "fixed", "name": "D", "size": 2}"#),
                    };
                    fetched.push(subject);
                    walk.supply(source).unwrap();
                }
                Step::Done(schema) => {
                    assert!(schema.lookup("D").is_some());
                    break;
                }
            }
        }
        assert_eq!(fetched, ["A", "D", "B"]);
    }
}
