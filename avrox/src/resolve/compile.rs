//! Compiling a plan from a writer's schema and a reader's, by the rules of
//! the specification's "Schema Resolution".
//!
//! Each pair of (writer node, reader node) is compiled once: the memo makes
//! recursive types finite and shared types cheap. A failure is recorded
//! with the path (in the reader's names) and the rule, and compilation goes
//! on, so a compatibility check can report every place at once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::issue::{Incompatibility, ResolveError};
use super::plan::{FieldStep, Plan, Primitive, RecordStep, Step, StepId};
use crate::schema::{LogicalType, Name, Node, NodeId, Schema, Type};
use crate::value::json;

impl Plan {
    /// Compiles the plan that reads data written with `writer` as values of
    /// `reader`, or says every place where the two cannot resolve.
    ///
    /// Some data may still fail under a plan that compiles: a writer's
    /// union branch, or an enum symbol, that the reader cannot take is an
    /// error only when a datum uses it (as the specification says).
    pub fn new(writer: &Schema, reader: &Schema) -> Result<Plan, ResolveError> {
        let plan = compile(writer, reader);
        if plan.is_ok() {
            crate::observe::plan_compiled(reader);
        }
        plan
    }
}

pub(crate) fn compile(writer: &Schema, reader: &Schema) -> Result<Plan, ResolveError> {
    compile_all(writer, reader).0
}

/// The hard failures and the partial ones (union branches, enum symbols)
/// together, in schema order: what a compatibility check reports.
pub(crate) fn issues(writer: &Schema, reader: &Schema) -> Vec<Incompatibility> {
    compile_all(writer, reader).1
}

fn compile_all(
    writer: &Schema,
    reader: &Schema,
) -> (Result<Plan, ResolveError>, Vec<Incompatibility>) {
    let mut c = Compiler {
        w: writer,
        r: reader,
        steps: Vec::new(),
        memo: HashMap::new(),
        same_known: HashMap::new(),
        same_visiting: HashSet::new(),
        errors: Vec::new(),
        partial: Vec::new(),
        found: 0,
        // A path starts with the reader's record name (`Order.lines[]`).
        path: match &reader.root().ty {
            Type::Record(r) => r.name.name().to_owned(),
            _ => String::new(),
        },
    };
    let root = c.resolve(writer.root_id(), reader.root_id());
    let mut all: Vec<(usize, Incompatibility)> =
        c.errors.iter().chain(&c.partial).cloned().collect();
    all.sort_by_key(|(seq, _)| *seq);
    let all = dedup(all.into_iter().map(|(_, i)| i).collect());
    mark_same_fields(&mut c.steps);
    let plan = match root {
        Some(root) if c.errors.is_empty() => Ok(Plan {
            writer: writer.clone(),
            reader: reader.clone(),
            steps: c.steps,
            root,
            partial: dedup(c.partial.into_iter().map(|(_, i)| i).collect()),
            meter: crate::observe::Meter::default(),
        }),
        _ => Err(ResolveError {
            issues: dedup(c.errors.into_iter().map(|(_, i)| i).collect()),
        }),
    };
    (plan, all)
}

/// Marks the record fields whose step is `Same`, once every step is known
/// (a recursive reference is compiled after the field that points at it).
fn mark_same_fields(steps: &mut [Step]) {
    let same: Vec<bool> = steps
        .iter()
        .map(|s| matches!(s, Step::Same { .. }))
        .collect();
    for step in steps.iter_mut() {
        if let Step::Record(record) = step {
            for field in record.fields.iter_mut() {
                if let FieldStep::Read { step, same: s, .. } = field {
                    // `false` is always correct: it only takes the slow path.
                    *s = same.get(step.0 as usize).copied().unwrap_or(false);
                }
            }
        }
    }
}

fn dedup(mut issues: Vec<Incompatibility>) -> Vec<Incompatibility> {
    let mut seen = HashSet::new();
    issues.retain(|i| seen.insert((i.path.clone(), i.reason.clone())));
    issues
}

struct Compiler<'a> {
    w: &'a Schema,
    r: &'a Schema,
    steps: Vec<Step>,
    memo: HashMap<(NodeId, NodeId), StepId>,
    /// Pairs known to encode alike (or not).
    same_known: HashMap<(NodeId, NodeId), bool>,
    same_visiting: HashSet<(NodeId, NodeId)>,
    /// Each issue with its number in the order found, so hard and
    /// partial ones can be listed together in schema order.
    errors: Vec<(usize, Incompatibility)>,
    partial: Vec<(usize, Incompatibility)>,
    found: usize,
    path: String,
}

impl Compiler<'_> {
    fn fail(&mut self, reason: impl Into<String>) {
        self.found += 1;
        self.errors.push((
            self.found,
            Incompatibility {
                path: self.path.clone(),
                reason: reason.into(),
            },
        ));
    }

    fn fail_partially(&mut self, reason: String) {
        self.found += 1;
        self.partial.push((
            self.found,
            Incompatibility {
                path: self.path.clone(),
                reason,
            },
        ));
    }

    /// The step that reads writer node `w` as reader node `r`, or `None`
    /// after recording why it cannot.
    fn resolve(&mut self, w: NodeId, r: NodeId) -> Option<StepId> {
        if let Some(&id) = self.memo.get(&(w, r)) {
            if let Some(Step::Unreadable(why)) = self.steps.get(id.0 as usize) {
                let why = why.to_string();
                self.fail(why);
                return None;
            }
            return Some(id);
        }
        let id = StepId(self.steps.len() as u32);
        // A recursive type meets this pair again while it is compiled: it
        // refers to this slot, filled below.
        self.steps.push(Step::Pending);
        self.memo.insert((w, r), id);
        let before = self.errors.len();
        match self.build(w, r) {
            Some(step) if self.errors.len() == before => {
                self.set(id, step);
                Some(id)
            }
            _ => {
                let why = self.errors.get(before).map_or_else(
                    || "cannot be read".to_owned(),
                    |(_, e)| match e.path.is_empty() {
                        true => e.reason.clone(),
                        false => format!("{}: {}", e.path, e.reason),
                    },
                );
                self.set(id, Step::Unreadable(why.into()));
                None
            }
        }
    }

    /// Fills the slot `resolve` pushed for `id` (slots are never removed).
    fn set(&mut self, id: StepId, step: Step) {
        if let Some(slot) = self.steps.get_mut(id.0 as usize) {
            *slot = step;
        }
    }

    fn build(&mut self, w: NodeId, r: NodeId) -> Option<Step> {
        if self.same(w, r) {
            return Some(Step::Same { reader: r });
        }
        let (wn, rn) = (self.w.node(w), self.r.node(r));
        match (&wn.ty, &rn.ty) {
            (Type::Union(wu), _) => {
                let branches = wu
                    .variants
                    .clone()
                    .into_iter()
                    .enumerate()
                    .map(|(i, branch)| self.writer_branch(i, branch, r))
                    .collect();
                Some(Step::WriterUnion { branches })
            }
            (_, Type::Union(ru)) => {
                let found =
                    (ru.variants.iter().enumerate()).find(|&(_, &branch)| self.matches(w, branch));
                match found {
                    Some((index, &branch)) => {
                        let step = self.resolve(w, branch)?;
                        Some(Step::ReaderUnion {
                            index: index as u32,
                            step,
                            reader: r,
                        })
                    }
                    None => {
                        let reason = format!(
                            "writer {} matches no branch of the reader's union {}",
                            describe(self.w, w),
                            describe(self.r, r)
                        );
                        self.fail(reason);
                        None
                    }
                }
            }
            (Type::Record(wr), Type::Record(rr)) => {
                if !names_match(&wr.name, &rr.name, &rr.aliases) {
                    return self.mismatch(w, r);
                }
                self.record(w, r)
            }
            (Type::Enum(we), Type::Enum(re)) => {
                if !names_match(&we.name, &re.name, &re.aliases) {
                    return self.mismatch(w, r);
                }
                let default = re.default.as_deref().and_then(|d| re.symbol_index(d));
                let mut symbols = Vec::with_capacity(we.symbols.len());
                for symbol in &we.symbols {
                    let index = re.symbol_index(symbol).or(default);
                    if index.is_none() {
                        self.fail_partially(format!(
                            "writer symbol '{symbol}' is not in the reader's enum {}, which has no default",
                            re.name
                        ));
                    }
                    symbols.push(index.map(|i| i as u32));
                }
                Some(Step::Enum {
                    symbols: symbols.into(),
                    writer_symbols: we.symbols.clone().into(),
                    reader: r,
                })
            }
            (Type::Fixed(wf), Type::Fixed(rf)) => {
                if !names_match(&wf.name, &rf.name, &rf.aliases) {
                    return self.mismatch(w, r);
                }
                if wf.size != rf.size {
                    let reason = format!(
                        "writer fixed {} of {} bytes cannot be read as fixed {} of {} bytes",
                        wf.name, wf.size, rf.name, rf.size
                    );
                    self.fail(reason);
                    return None;
                }
                self.decimals(wn, rn).then_some(Step::Same { reader: r })
            }
            (Type::Array(wi), Type::Array(ri)) => {
                let len = self.path.len();
                self.path.push_str("[]");
                let items = self.resolve(*wi, *ri);
                self.path.truncate(len);
                Some(Step::Array {
                    items: items?,
                    writer_items: *wi,
                })
            }
            (Type::Map(wv), Type::Map(rv)) => {
                let len = self.path.len();
                self.path.push_str("{}");
                let values = self.resolve(*wv, *rv);
                self.path.truncate(len);
                Some(Step::Map {
                    values: values?,
                    writer_values: *wv,
                })
            }
            (wt, rt) => match (primitive(wt), primitive(rt)) {
                (Some(from), Some(to)) if from == to => {
                    self.decimals(wn, rn).then_some(Step::Same { reader: r })
                }
                (Some(from), Some(to)) if promotes(from, to) => Some(Step::Promote {
                    from,
                    to,
                    reader: r,
                }),
                _ => self.mismatch(w, r),
            },
        }
    }

    fn mismatch(&mut self, w: NodeId, r: NodeId) -> Option<Step> {
        let mut reason = format!(
            "writer {} cannot be read as {}",
            describe(self.w, w),
            describe(self.r, r)
        );
        let from = primitive(&self.w.node(w).ty);
        let to = primitive(&self.r.node(r).ty);
        if let (Some(from), Some(to)) = (from, to)
            && let Some(hint) = narrowing_hint(from, to)
        {
            reason.push_str(": ");
            reason.push_str(hint);
        }
        self.fail(reason);
        None
    }

    /// One branch of a writer's union, resolved against the whole reader's
    /// type. A branch that cannot be read fails only the data that uses it.
    fn writer_branch(
        &mut self,
        index: usize,
        branch: NodeId,
        r: NodeId,
    ) -> Result<StepId, Arc<str>> {
        let before = self.errors.len();
        let step = self.resolve(branch, r);
        let failed: Vec<(usize, Incompatibility)> = self.errors.drain(before..).collect();
        match step {
            Some(step) => Ok(step),
            None => {
                let prefix = format!("writer union branch {index} ({})", describe(self.w, branch));
                let mut first = None;
                for (seq, issue) in failed {
                    let reason = format!("{prefix}: {}", issue.reason);
                    first.get_or_insert_with(|| reason.clone());
                    self.partial.push((
                        seq,
                        Incompatibility {
                            path: issue.path,
                            reason,
                        },
                    ));
                }
                Err(first.unwrap_or(prefix).into())
            }
        }
    }

    // `source` has a slot per writer field and `taken` one per reader
    // field; every index into them, and into the fields, comes from
    // enumerating those same fields (or `field_position` in them).
    #[allow(clippy::indexing_slicing)]
    fn record(&mut self, w: NodeId, r: NodeId) -> Option<Step> {
        let (Type::Record(wr), Type::Record(rr)) = (&self.w.node(w).ty, &self.r.node(r).ty) else {
            self.fail("a record step of nodes that are not both records");
            return None;
        };
        // Each reader field takes the writer field of its name, or else
        // the first writer field named by one of its aliases.
        let mut source: Vec<Option<usize>> = vec![None; wr.fields.len()];
        let mut taken = vec![false; rr.fields.len()];
        for (j, rf) in rr.fields.iter().enumerate() {
            if let Some(i) = wr.field_position(&rf.name) {
                source[i] = Some(j);
                taken[j] = true;
            }
        }
        for (j, rf) in rr.fields.iter().enumerate() {
            if taken[j] {
                continue;
            }
            let by_alias = wr
                .fields
                .iter()
                .enumerate()
                .find(|(i, wf)| source[*i].is_none() && rf.aliases.contains(&wf.name));
            if let Some((i, _)) = by_alias {
                source[i] = Some(j);
                taken[j] = true;
            }
        }
        let mut ok = true;
        let mut fields = Vec::with_capacity(wr.fields.len());
        for (i, wf) in wr.fields.iter().enumerate() {
            match source[i] {
                Some(j) => {
                    let rf = &rr.fields[j];
                    let len = self.path.len();
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    self.path.push_str(&rf.name);
                    let step = self.resolve(wf.schema, rf.schema);
                    self.path.truncate(len);
                    match step {
                        Some(step) => fields.push(FieldStep::Read {
                            field: j,
                            step,
                            same: false,
                        }),
                        None => ok = false,
                    }
                }
                None => fields.push(FieldStep::Skip { writer: wf.schema }),
            }
        }
        let mut defaults = Vec::new();
        for (j, rf) in rr.fields.iter().enumerate() {
            if taken[j] {
                continue;
            }
            let len = self.path.len();
            if !self.path.is_empty() {
                self.path.push('.');
            }
            self.path.push_str(&rf.name);
            match &rf.default {
                Some(default) => match json::from_json(self.r, rf.schema, default) {
                    Ok(value) => defaults.push((j, value)),
                    Err(e) => {
                        self.fail(format!("the reader's default cannot be used: {e}"));
                        ok = false;
                    }
                },
                None => {
                    self.fail("reader field is not in the writer's record and has no default");
                    ok = false;
                }
            }
            self.path.truncate(len);
        }
        let read_order: Vec<usize> = fields
            .iter()
            .filter_map(|f| match f {
                FieldStep::Read { field, .. } => Some(*field),
                FieldStep::Skip { .. } => None,
            })
            .collect();
        let in_order = read_order.is_sorted_by(|a, b| a < b);
        ok.then(|| {
            Step::Record(RecordStep {
                fields: fields.into(),
                defaults: defaults.into(),
                reader: r,
                in_order,
            })
        })
    }

    /// The decimal rule: two decimals match only with equal precision and
    /// scale. A decimal and a plain type resolve by their underlying types.
    fn decimals(&mut self, wn: &Node, rn: &Node) -> bool {
        match (wn.logical_type(), rn.logical_type()) {
            (
                Some(LogicalType::Decimal {
                    precision: wp,
                    scale: ws,
                }),
                Some(LogicalType::Decimal {
                    precision: rp,
                    scale: rs,
                }),
            ) if (wp, ws) != (rp, rs) => {
                self.fail(format!(
                    "writer decimal({wp}, {ws}) cannot be read as decimal({rp}, {rs}): precision and scale must be equal"
                ));
                false
            }
            _ => true,
        }
    }

    /// Whether the writer's node and the reader's encode alike, so the
    /// reader's own decoder reads the writer's data: the same types, names
    /// that match, the same fields in the same order, the same symbols.
    ///
    /// Recursive types are assumed alike while they are compared; a `false`
    /// anywhere forgets every `true` found so far, since one may have rested
    /// on an assumption that did not hold.
    fn same(&mut self, w: NodeId, r: NodeId) -> bool {
        if let Some(&known) = self.same_known.get(&(w, r)) {
            return known;
        }
        if !self.same_visiting.insert((w, r)) {
            return true;
        }
        let (wn, rn) = (self.w.node(w), self.r.node(r));
        let decimals_equal = match (wn.logical_type(), rn.logical_type()) {
            (Some(a @ LogicalType::Decimal { .. }), Some(b @ LogicalType::Decimal { .. })) => {
                a == b
            }
            _ => true,
        };
        let same = decimals_equal
            && match (&wn.ty, &rn.ty) {
                (Type::Record(a), Type::Record(b)) => {
                    names_match(&a.name, &b.name, &b.aliases)
                        && a.fields.len() == b.fields.len()
                        && a.fields
                            .iter()
                            .zip(&b.fields)
                            .all(|(fa, fb)| fa.name == fb.name)
                        && a.fields
                            .iter()
                            .zip(&b.fields)
                            .map(|(fa, fb)| (fa.schema, fb.schema))
                            .collect::<Vec<_>>()
                            .into_iter()
                            .all(|(x, y)| self.same(x, y))
                }
                (Type::Enum(a), Type::Enum(b)) => {
                    names_match(&a.name, &b.name, &b.aliases) && a.symbols == b.symbols
                }
                (Type::Fixed(a), Type::Fixed(b)) => {
                    names_match(&a.name, &b.name, &b.aliases) && a.size == b.size
                }
                (Type::Array(a), Type::Array(b)) | (Type::Map(a), Type::Map(b)) => {
                    let (a, b) = (*a, *b);
                    self.same(a, b)
                }
                (Type::Union(a), Type::Union(b)) => {
                    a.variants.len() == b.variants.len()
                        && a.variants
                            .clone()
                            .into_iter()
                            .zip(b.variants.clone())
                            .all(|(x, y)| self.same(x, y))
                }
                (Type::Null, Type::Null) | (Type::Boolean, Type::Boolean) => true,
                (a, b) => primitive(a).is_some() && primitive(a) == primitive(b),
            };
        self.same_visiting.remove(&(w, r));
        if !same {
            self.same_known.retain(|_, v| !*v);
        }
        self.same_known.insert((w, r), same);
        same
    }

    /// The specification's "match", which picks the reader's union branch:
    /// the same kind with matching names (and sizes, items, values), or a
    /// promotion.
    fn matches(&self, w: NodeId, r: NodeId) -> bool {
        let (wn, rn) = (self.w.node(w), self.r.node(r));
        let decimals_ok = match (wn.logical_type(), rn.logical_type()) {
            (Some(a @ LogicalType::Decimal { .. }), Some(b @ LogicalType::Decimal { .. })) => {
                a == b
            }
            _ => true,
        };
        match (&wn.ty, &rn.ty) {
            (Type::Union(_), _) | (_, Type::Union(_)) => true,
            (Type::Record(a), Type::Record(b)) => names_match(&a.name, &b.name, &b.aliases),
            (Type::Enum(a), Type::Enum(b)) => names_match(&a.name, &b.name, &b.aliases),
            (Type::Fixed(a), Type::Fixed(b)) => {
                names_match(&a.name, &b.name, &b.aliases) && a.size == b.size && decimals_ok
            }
            (Type::Array(a), Type::Array(b)) | (Type::Map(a), Type::Map(b)) => self.matches(*a, *b),
            (Type::Null, Type::Null) | (Type::Boolean, Type::Boolean) => true,
            (a, b) => match (primitive(a), primitive(b)) {
                (Some(x), Some(y)) => (x == y && decimals_ok) || promotes(x, y),
                _ => false,
            },
        }
    }
}

/// Named types match by unqualified name, or by one of the reader's
/// aliases (by fullname, or unqualified).
pub(super) fn names_match(writer: &Name, reader: &Name, aliases: &[Name]) -> bool {
    writer.name() == reader.name()
        || aliases
            .iter()
            .any(|a| a.fullname() == writer.fullname() || a.name() == writer.name())
}

fn primitive(ty: &Type) -> Option<Primitive> {
    Some(match ty {
        Type::Int => Primitive::Int,
        Type::Long => Primitive::Long,
        Type::Float => Primitive::Float,
        Type::Double => Primitive::Double,
        Type::Bytes => Primitive::Bytes,
        Type::String => Primitive::String,
        _ => return None,
    })
}

/// The specification's promotions.
pub(crate) fn promotes(from: Primitive, to: Primitive) -> bool {
    use Primitive::*;
    matches!(
        (from, to),
        (Int, Long | Float | Double)
            | (Long, Float | Double)
            | (Float, Double)
            | (String, Bytes)
            | (Bytes, String)
    )
}

/// What to do instead, when a writer's number would have to narrow to be
/// read (a `double` as a `float`): the writer's own type, named as Avro
/// and as the Rust type a derived field of it has, and what it widens to.
fn narrowing_hint(from: Primitive, to: Primitive) -> Option<&'static str> {
    use Primitive::*;
    let numbers = [Int, Long, Float, Double];
    let rank = |p| numbers.iter().position(|&n| n == p);
    if rank(from)? <= rank(to)? {
        return None;
    }
    Some(match from {
        Long => "Avro only widens numbers; read it as long (i64 in Rust), float or double",
        Float => "Avro only widens numbers; read it as float (f32 in Rust) or double",
        _ => "Avro only widens numbers; read it as double (f64 in Rust)",
    })
}

/// A node for messages: `long`, `record Order`, `decimal(4, 2)`.
fn describe(schema: &Schema, id: NodeId) -> String {
    let node = schema.node(id);
    if let Some(LogicalType::Decimal { precision, scale }) = node.logical_type() {
        return format!("decimal({precision}, {scale})");
    }
    match &node.ty {
        Type::Record(r) => format!("record {}", r.name),
        Type::Enum(e) => format!("enum {}", e.name),
        Type::Fixed(f) => format!("fixed {}", f.name),
        Type::Union(u) => format!(
            "[{}]",
            u.variants
                .iter()
                .map(|&v| describe(schema, v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Type::Array(items) => format!("array of {}", describe_short(schema, *items)),
        Type::Map(values) => format!("map of {}", describe_short(schema, *values)),
        other => other.kind_name().to_owned(),
    }
}

/// Like [`describe`], without descending: a union inside an array is
/// printed by kind, which keeps messages short and recursion finite.
fn describe_short(schema: &Schema, id: NodeId) -> String {
    let node = schema.node(id);
    match &node.ty {
        Type::Array(_) | Type::Map(_) | Type::Union(_) => node.ty.kind_name().to_owned(),
        _ => describe(schema, id),
    }
}
