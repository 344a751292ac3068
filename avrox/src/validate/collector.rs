//! Collecting failures while walking a value, with the path to each.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value as Json};

use super::report::{Code, Failure, Report, shorten};

/// Gathers the failures of a value as its fields and items are walked.
///
/// Derived types use it in their generated checks; a hand-written
/// [`AvroSchema`](crate::AvroSchema) impl whose type has constraints
/// implements its hidden `collect_failures` hook with it the same way:
/// enter a field, index or key, record failures, leave.
///
/// ```
/// use avrox::validate::{Code, Collector};
///
/// let mut c = Collector::new();
/// c.enter_field("lines");
/// c.enter_index(2);
/// c.fail(Code::NonEmpty, &[], &"", "must not be empty");
/// c.leave();
/// c.leave();
/// let report = c.finish().unwrap_err();
/// assert_eq!(report.failures()[0].path(), "lines[2]");
/// ```
#[derive(Debug, Default)]
pub struct Collector {
    path: Vec<Part>,
    failures: Vec<Failure>,
}

#[derive(Debug)]
enum Part {
    Field(Cow<'static, str>),
    Index(usize),
    Key(String),
}

impl Collector {
    /// An empty collector at the top of a value.
    pub fn new() -> Collector {
        Collector::default()
    }

    /// Goes into a record field.
    pub fn enter_field(&mut self, name: &'static str) {
        self.path.push(Part::Field(Cow::Borrowed(name)));
    }

    /// Goes into a record field whose name is not `'static` (a schema's).
    pub(crate) fn enter_field_owned(&mut self, name: String) {
        self.path.push(Part::Field(Cow::Owned(name)));
    }

    /// Goes into an array item.
    pub fn enter_index(&mut self, index: usize) {
        self.path.push(Part::Index(index));
    }

    /// Goes into a map value.
    pub fn enter_key(&mut self, key: &str) {
        self.path.push(Part::Key(key.to_owned()));
    }

    /// Comes back out of the last field, item or value entered.
    pub fn leave(&mut self) {
        self.path.pop();
    }

    /// How many failures there are so far.
    #[doc(hidden)]
    pub fn len(&self) -> usize {
        self.failures.len()
    }

    /// Whether no failure was recorded so far.
    #[doc(hidden)]
    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }

    /// Records a failure at the current path. `params` are the constraint's
    /// parameters as (name, JSON) pairs.
    pub fn fail(
        &mut self,
        code: Code,
        params: &[(&str, Json)],
        value: &dyn fmt::Debug,
        message: &str,
    ) {
        let params: Map<String, Json> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        self.push(code, params, format!("{value:?}"), message.to_owned());
    }

    pub(crate) fn push(
        &mut self,
        code: Code,
        params: Map<String, Json>,
        value: String,
        message: String,
    ) {
        self.failures.push(Failure {
            path: self.path_string(),
            code,
            params,
            value: shorten(value, Report::VALUE_CHARS),
            message,
        });
    }

    /// `Ok` when nothing failed, else the report of every failure.
    pub fn finish(self) -> Result<(), Report> {
        if self.failures.is_empty() {
            Ok(())
        } else {
            Err(Report {
                failures: self.failures,
            })
        }
    }

    fn path_string(&self) -> String {
        let mut out = String::new();
        for part in &self.path {
            match part {
                Part::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Part::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Part::Key(k) => {
                    out.push('[');
                    out.push_str(&Json::String(k.clone()).to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}
