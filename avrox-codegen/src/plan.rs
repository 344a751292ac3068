//! Which Rust types the schemas need, where each goes and what it is
//! called, and which references must be boxed.
//!
//! Every named type becomes one Rust type; every union other than
//! `["null", T]` becomes a data enum named after where it appears (the
//! record and field, `Item` inside an array, `Value` inside a map); a
//! schema whose root is neither becomes a type alias.

use std::collections::{BTreeSet, HashMap};

use avrox::schema::{Node, NodeId, Type};

use crate::error::Error;
use crate::ident;
use crate::input::{Root, SchemaSet};
use crate::options::{Layout, Options};

/// A node of one of the set's schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct NodeRef {
    pub(crate) source: usize,
    pub(crate) id: NodeId,
}

/// What a Rust type is made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DefKind {
    /// A record, enum or fixed.
    Named,
    /// A union other than `["null", T]`: a data enum.
    Union,
    /// An unnamed root: a type alias.
    Alias,
}

/// One Rust type to generate.
#[derive(Debug)]
pub(crate) struct Def {
    pub(crate) kind: DefKind,
    pub(crate) node: NodeRef,
    /// The Rust module path (module names), empty at the top level.
    pub(crate) module: Vec<String>,
    pub(crate) ident: String,
    /// What the type is in Avro terms, for error messages.
    pub(crate) origin: String,
}

/// The Rust types of a schema set.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    pub(crate) set: &'a SchemaSet,
    pub(crate) options: &'a Options,
    pub(crate) defs: Vec<Def>,
    named: HashMap<String, usize>,
    unions: HashMap<NodeRef, usize>,
    /// The defs each def holds by value (not behind an array or map).
    by_value: Vec<BTreeSet<usize>>,
    /// The def of each source's root, in the order of the sources.
    pub(crate) roots: Vec<usize>,
}

/// Where a node is met while walking.
struct Place {
    /// The def whose definition holds the node.
    owner: Option<usize>,
    /// A `PascalCase` name for a union met here.
    hint: String,
    module: Vec<String>,
    /// Whether the owner holds the node by value.
    by_value: bool,
}

impl<'a> Plan<'a> {
    /// Finds every type to generate, names it, and checks that no two
    /// share a Rust path.
    pub(crate) fn new(set: &'a SchemaSet, options: &'a Options) -> Result<Plan<'a>, Error> {
        let mut plan = Plan {
            set,
            options,
            defs: Vec::new(),
            named: HashMap::new(),
            unions: HashMap::new(),
            by_value: Vec::new(),
            roots: Vec::new(),
        };
        for (index, source) in set.sources.iter().enumerate() {
            let root = NodeRef {
                source: index,
                id: source.schema.root_id(),
            };
            match &source.root {
                Root::Type(root_name) => {
                    let def = plan.root_def(root, root_name);
                    plan.roots.push(def);
                }
                Root::NamedTypesOnly { skip_root } => {
                    for (_, id) in source.schema.named_types() {
                        if !(*skip_root && id == root.id) {
                            plan.visit_named(root.with(id), &Place::top(String::new()));
                        }
                    }
                }
            }
        }
        plan.check_clashes()?;
        Ok(plan)
    }

    /// The def of a schema's root: its named type or data enum, or else an
    /// alias named `root_name`.
    fn root_def(&mut self, root: NodeRef, root_name: &str) -> usize {
        let node = self.node(root);
        let is_union = matches!(node.ty(), Type::Union(_)) && self.option_branch(root).is_none();
        let def = if node.name().is_some() || is_union {
            let hint = if is_union {
                ident::type_name(root_name)
            } else {
                String::new()
            };
            self.visit(root, &Place::top(hint));
            self.def_of(root)
        } else {
            None
        };
        match def {
            Some(def) => def,
            None => {
                let def = self.push(Def {
                    kind: DefKind::Alias,
                    node: root,
                    module: Vec::new(),
                    ident: ident::type_name(root_name),
                    origin: format!("the root of schema '{root_name}'"),
                });
                let hint = self.defs[def].ident.clone();
                self.visit(root, &Place::inside(def, &self.defs[def], &hint, false));
                def
            }
        }
    }

    pub(crate) fn node(&self, at: NodeRef) -> &'a Node {
        self.set.sources[at.source].schema.node(at.id)
    }

    /// The branch `T` of a union `["null", T]`.
    pub(crate) fn option_branch(&self, at: NodeRef) -> Option<NodeRef> {
        match self.node(at).ty() {
            Type::Union(union) => match union.variants.as_slice() {
                [null, other] if matches!(self.node(at.with(*null)).ty(), Type::Null) => {
                    let other = at.with(*other);
                    (!matches!(self.node(other).ty(), Type::Null)).then_some(other)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The def of a named node, or of a union that is a data enum.
    pub(crate) fn def_of(&self, at: NodeRef) -> Option<usize> {
        match self.node(at).name() {
            Some(name) => self.named.get(name.fullname()).copied(),
            None => self.unions.get(&at).copied(),
        }
    }

    /// Whether `owner` must box its by-value reference to `target`: the
    /// target holds the owner by value again, so the type would be
    /// infinitely large.
    pub(crate) fn needs_box(&self, owner: usize, target: usize) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![target];
        while let Some(def) = stack.pop() {
            if !seen.insert(def) {
                continue;
            }
            for &next in &self.by_value[def] {
                if next == owner {
                    return true;
                }
                stack.push(next);
            }
        }
        false
    }

    fn push(&mut self, def: Def) -> usize {
        self.defs.push(def);
        self.by_value.push(BTreeSet::new());
        self.defs.len() - 1
    }

    fn module_of(&self, namespace: Option<&str>) -> Vec<String> {
        match (self.options.layout, namespace) {
            (Layout::Nested, Some(namespace)) if !namespace.is_empty() => {
                namespace.split('.').map(ident::module_name).collect()
            }
            _ => Vec::new(),
        }
    }

    fn visit(&mut self, at: NodeRef, place: &Place) {
        let node = self.node(at);
        if let Some(branch) = self.option_branch(at) {
            return self.visit(branch, place);
        }
        match node.ty() {
            Type::Record(_) | Type::Enum(_) | Type::Fixed(_) => self.visit_named(at, place),
            Type::Union(union) => {
                let def = match self.unions.get(&at) {
                    Some(&def) => def,
                    None => {
                        let def = self.push(Def {
                            kind: DefKind::Union,
                            node: at,
                            module: place.module.clone(),
                            ident: place.hint.clone(),
                            origin: format!("the union {}", place.hint),
                        });
                        self.unions.insert(at, def);
                        for &branch in &union.variants {
                            let branch = at.with(branch);
                            let hint = format!("{}{}", place.hint, self.branch_word(branch));
                            let inner = Place::inside(def, &self.defs[def], &hint, true);
                            self.visit(branch, &inner);
                        }
                        def
                    }
                };
                self.link(place, def);
            }
            Type::Array(items) => {
                let hint = format!("{}Item", place.hint);
                self.visit(at.with(*items), &place.nested(hint));
            }
            Type::Map(values) => {
                let hint = format!("{}Value", place.hint);
                self.visit(at.with(*values), &place.nested(hint));
            }
            _ => {}
        }
    }

    fn visit_named(&mut self, at: NodeRef, place: &Place) {
        let Some(name) = self.node(at).name() else {
            return;
        };
        let def = match self.named.get(name.fullname()) {
            Some(&def) => def,
            None => {
                let def = self.push(Def {
                    kind: DefKind::Named,
                    node: at,
                    module: self.module_of(name.namespace()),
                    ident: ident::type_name(name.name()),
                    origin: format!("'{}'", name.fullname()),
                });
                self.named.insert(name.fullname().to_owned(), def);
                if let Type::Record(record) = self.node(at).ty() {
                    for field in &record.fields {
                        let hint =
                            format!("{}{}", self.defs[def].ident, ident::type_name(&field.name));
                        let inner = Place::inside(def, &self.defs[def], &hint, true);
                        self.visit(at.with(field.schema), &inner);
                    }
                }
                def
            }
        };
        self.link(place, def);
    }

    fn link(&mut self, place: &Place, target: usize) {
        if let (Some(owner), true) = (place.owner, place.by_value) {
            self.by_value[owner].insert(target);
        }
    }

    /// The word a union's branch adds to the names of unions inside it,
    /// and the name of its variant.
    pub(crate) fn branch_word(&self, branch: NodeRef) -> String {
        let node = self.node(branch);
        match node.name() {
            Some(name) => ident::type_name(name.name()),
            None => match node.ty() {
                Type::Null => "Null".into(),
                Type::Boolean => "Boolean".into(),
                Type::Int => "Int".into(),
                Type::Long => "Long".into(),
                Type::Float => "Float".into(),
                Type::Double => "Double".into(),
                Type::Bytes => "Bytes".into(),
                Type::String => "String".into(),
                Type::Array(_) => "Array".into(),
                Type::Map(_) => "Map".into(),
                other => ident::type_name(other.kind_name()),
            },
        }
    }

    /// Named types first, as the schemas name them: two that clash are an
    /// error. Unions then take the first free name of their hint, `2`,
    /// `3`, ... appended.
    fn check_clashes(&mut self) -> Result<(), Error> {
        let mut taken: HashMap<(Vec<String>, String), usize> = HashMap::new();
        for kind in [DefKind::Named, DefKind::Alias, DefKind::Union] {
            for index in 0..self.defs.len() {
                if self.defs[index].kind != kind {
                    continue;
                }
                let module = self.defs[index].module.clone();
                let base = self.defs[index].ident.clone();
                let mut ident = base.clone();
                let mut n = 1;
                while let Some(&other) = taken.get(&(module.clone(), ident.clone())) {
                    if kind != DefKind::Union {
                        return Err(Error::Clash {
                            rust: rust_path(&module, &ident),
                            first: self.defs[other].origin.clone(),
                            second: self.defs[index].origin.clone(),
                        });
                    }
                    n += 1;
                    ident = format!("{base}{n}");
                }
                taken.insert((module, ident.clone()), index);
                self.defs[index].ident = ident;
            }
        }
        Ok(())
    }
}

impl NodeRef {
    /// Another node of the same schema.
    pub(crate) fn with(self, id: NodeId) -> NodeRef {
        NodeRef {
            source: self.source,
            id,
        }
    }
}

impl Place {
    fn top(hint: String) -> Place {
        Place {
            owner: None,
            hint,
            module: Vec::new(),
            by_value: true,
        }
    }

    fn inside(owner: usize, def: &Def, hint: &str, by_value: bool) -> Place {
        Place {
            owner: Some(owner),
            hint: hint.to_owned(),
            module: def.module.clone(),
            by_value,
        }
    }

    /// Behind an array or a map: held on the heap.
    fn nested(&self, hint: String) -> Place {
        Place {
            owner: self.owner,
            hint,
            module: self.module.clone(),
            by_value: false,
        }
    }
}

/// `a::b::Name`, for messages.
pub(crate) fn rust_path(module: &[String], ident: &str) -> String {
    let mut parts: Vec<&str> = module.iter().map(|m| ident::unraw(m)).collect();
    parts.push(ident);
    parts.join("::")
}
