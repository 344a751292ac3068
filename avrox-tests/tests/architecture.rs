//! The layering of the `avrox` crate, kept true: reads `avrox/src`, builds
//! the graph of which module's code names which other module, and fails on
//! any import that goes against the layer order ARCHITECTURE.md gives and
//! on any cycle, between the top-level modules or between sibling files of
//! one module. Items under `#[cfg(test)]` are left out: the crate's unit
//! tests may use any module.
//!
//! A path counts wherever it is written in code: `use` items, paths in
//! bodies, types and macro bodies (`$crate::`). Comments and doc comments
//! (with their doctests) do not: the tokenizer turns them into string
//! literals. `lib.rs` is the crate's facade and is not a layer; a path
//! through one of its re-exports (`crate::Schema`) counts as a path into
//! the module the name comes from.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// The layers, lowest first. A module may use the modules of the layers
/// below its own, and itself; never a module of its own layer or above.
/// The same order is listed, with its reasons, in ARCHITECTURE.md.
///
/// A file listed by its path (`schema::error`) is its own unit, in its own
/// layer; every other file belongs to its top-level module. The lowest
/// layer is files that sit in other modules' folders but import nothing of
/// the crate: the payloads an [`Error`] carries, and one numeric rule.
/// `validate`'s collector and messages sit low, for `value` to check a
/// schema's constraints and `codec` to carry a type's; the typed checks
/// (`Validate`, the derive's traits) sit above `codec`. A resolution
/// plan's data (`resolve::plan`, with the skipping of writer data it uses)
/// sits below `codec`, whose `Decode` reads under one; compiling plans and
/// the rest of `resolve` sit above.
/// `binary`, the wire, imports nothing of schemas and sits below them,
/// so that the schema's rules of logical types' bytes (a big-decimal's)
/// read with its `SliceReader`.
///
/// [`Error`]: avrox::Error
const LAYERS: &[&[&str]] = &[
    &[
        "schema::error",
        "schema::fingerprint",
        "validate::report",
        "validate::tolerance",
        "resolve::issue",
        "bounded_cache",
    ],
    &["error", "validate::collector"],
    &["binary"],
    &["schema", "validate::message"],
    &["value", "resolve::skip", "observe"],
    &["resolve::plan"],
    &["codec"],
    &["logical"],
    &["validate"],
    &["resolve"],
    &["datum"],
    &["ocf", "framing", "json"],
    &["serde"],
];

/// Edges that still go up, each with the work that removes it (see
/// ARCHITECTURE.md, "Layers"). The list may only shrink: an edge listed
/// here that the code no longer has fails the test too, so that it is
/// taken off the list the day it goes.
///
/// Empty: the last one (`schema -> value`, the parser checking a default
/// with `value`'s conversion) went when the default-value mapping became
/// one walk in `schema/json_walk.rs`. An edge that must go up for a while
/// is listed here with the work that removes it.
const OPEN_EDGES: &[(&str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// One place a file names another module.
#[derive(Debug, Clone)]
struct Use {
    /// The full module path of the code that names it (`schema::parse`).
    from: Vec<String>,
    /// The full path named, resolved from the crate root, as far as it
    /// goes (`schema::json_walk::check_default`).
    to: Vec<String>,
    file: PathBuf,
    line: usize,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("avrox-tests sits in the workspace")
        .join("avrox/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `schema/parse.rs` is `schema::parse`,
/// `schema/mod.rs` is `schema`, `lib.rs` is the root.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.strip_suffix(".rs").expect("a .rs file");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

fn is_punct(tree: Option<&TokenTree>, ch: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == ch)
}

fn is_ident(tree: Option<&TokenTree>, name: &str) -> bool {
    matches!(tree, Some(TokenTree::Ident(i)) if i == name)
}

/// `::` at `tokens[i]`.
fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    is_punct(tokens.get(i), ':') && is_punct(tokens.get(i + 1), ':')
}

/// The first identifiers of the comma-separated trees of a `use` group:
/// `{a::B, c, d::{e, f}}` gives `a`, `c`, `d`, each with its span.
fn group_heads(stream: TokenStream) -> Vec<(String, Span)> {
    let mut heads = Vec::new();
    let mut at_start = true;
    for tree in stream {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => at_start = true,
            TokenTree::Ident(i) if at_start => {
                heads.push((i.to_string(), i.span()));
                at_start = false;
            }
            _ => at_start = false,
        }
    }
    heads
}

/// The identifiers of a path from `tokens[i]` on: `a::b::C` or a group.
fn path_from(tokens: &[TokenTree], mut i: usize) -> Vec<Vec<(String, Span)>> {
    let mut segments = Vec::new();
    loop {
        match tokens.get(i) {
            Some(TokenTree::Ident(ident)) => {
                segments.push((ident.to_string(), ident.span()));
                if is_path_sep(tokens, i + 1) {
                    i += 3;
                    continue;
                }
                return vec![segments];
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                return group_heads(g.stream())
                    .into_iter()
                    .map(|head| {
                        let mut path = segments.clone();
                        path.push(head);
                        path
                    })
                    .collect();
            }
            _ => return vec![segments],
        }
    }
}

/// Walks a token stream, recording every path that starts at `crate`,
/// `$crate`, `super` or `self`, resolved against `module`.
fn scan(stream: TokenStream, module: &[String], file: &Path, uses: &mut Vec<Use>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        // Code compiled only for the crate's own unit tests is not part of
        // the layering: tests sit above everything they exercise.
        if is_punct(tokens.get(i), '#')
            && let Some(TokenTree::Group(attr)) = tokens.get(i + 1)
            && attr.delimiter() == Delimiter::Bracket
            && attr.stream().to_string().replace(' ', "") == "cfg(test)"
        {
            i = item_end(&tokens, i + 2);
            continue;
        }
        // An inline module: its body resolves `super` and `self` from it.
        if is_ident(tokens.get(i), "mod")
            && let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(body))) =
                (tokens.get(i + 1), tokens.get(i + 2))
            && body.delimiter() == Delimiter::Brace
        {
            let mut inner = module.to_vec();
            inner.push(name.to_string());
            scan(body.stream(), &inner, file, uses);
            i += 3;
            continue;
        }
        let preceded_by_path = i >= 2 && is_path_sep(&tokens, i - 2);
        if let Some(TokenTree::Ident(ident)) = tokens.get(i)
            && !preceded_by_path
            && is_path_sep(&tokens, i + 1)
        {
            let base: Option<(Vec<String>, usize)> = match ident.to_string().as_str() {
                "crate" => Some((Vec::new(), i + 3)),
                "self" => Some((module.to_vec(), i + 3)),
                "super" => {
                    let mut base = module.to_vec();
                    let mut j = i;
                    while is_ident(tokens.get(j), "super") && is_path_sep(&tokens, j + 1) {
                        base.pop();
                        j += 3;
                    }
                    Some((base, j))
                }
                _ => None,
            };
            if let Some((base, start)) = base {
                let line = ident.span().start().line;
                for path in path_from(&tokens, start) {
                    let line = path.first().map_or(line, |(_, span)| span.start().line);
                    let mut to = base.clone();
                    to.extend(path.into_iter().map(|(name, _)| name));
                    uses.push(Use {
                        from: module.to_vec(),
                        to,
                        file: file.to_path_buf(),
                        line,
                    });
                }
                i = start;
                continue;
            }
        }
        if let Some(TokenTree::Group(g)) = tokens.get(i) {
            scan(g.stream(), module, file, uses);
        }
        i += 1;
    }
}

/// The index just past the item that starts at `tokens[start]`: after its
/// first `;` or `{ … }` body, whichever comes first.
fn item_end(tokens: &[TokenTree], start: usize) -> usize {
    let mut i = start;
    while let Some(tree) = tokens.get(i) {
        i += 1;
        match tree {
            TokenTree::Punct(p) if p.as_char() == ';' => return i,
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => return i,
            _ => {}
        }
    }
    i
}

/// The names `lib.rs` re-exports at the crate root, with the module each
/// comes from: `pub use schema::{Schema, SchemaError}` maps both to
/// `schema`.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let stream = TokenStream::from_str(lib).expect("lib.rs tokenizes");
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut map = BTreeMap::new();
    for i in 0..tokens.len() {
        if is_ident(tokens.get(i), "pub")
            && is_ident(tokens.get(i + 1), "use")
            && let Some(TokenTree::Ident(module)) = tokens.get(i + 2)
            && is_path_sep(&tokens, i + 3)
        {
            let mut leaves = Vec::new();
            collect_leaves(&tokens[i + 5..], &mut leaves);
            for leaf in leaves {
                map.insert(leaf, module.to_string());
            }
        }
    }
    map
}

/// The names a use tree brings in, up to its `;`.
fn collect_leaves(tokens: &[TokenTree], out: &mut Vec<String>) {
    for (i, tree) in tokens.iter().enumerate() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == ';' => return,
            TokenTree::Ident(ident) if !is_path_sep(tokens, i + 1) => {
                out.push(ident.to_string());
            }
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                collect_leaves(&inner, out);
            }
            _ => {}
        }
    }
}

struct Graph {
    uses: Vec<Use>,
    reexports: BTreeMap<String, String>,
    modules: BTreeSet<String>,
}

impl Graph {
    fn build() -> Self {
        let src = src_dir();
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut uses = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file)
                .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
            let stream = TokenStream::from_str(&text)
                .unwrap_or_else(|e| panic!("tokenizing {}: {e:?}", file.display()));
            scan(stream, &module_of(&src, file), file, &mut uses);
        }
        let lib = std::fs::read_to_string(src.join("lib.rs")).expect("reading lib.rs");
        let modules = files
            .iter()
            .filter_map(|f| module_of(&src, f).into_iter().next())
            .collect();
        Graph {
            uses,
            reexports: root_reexports(&lib),
            modules,
        }
    }

    /// The unit a resolved path lands in: a file [`LAYERS`] lists by its
    /// path, else its top-level module; `None` for the root's own items
    /// (`crate::__private`) and names outside the crate.
    fn unit_of(&self, to: &[String]) -> Option<String> {
        let first = to.first()?;
        if let Some(second) = to.get(1) {
            let file = format!("{first}::{second}");
            if layer_of(&file).is_some() {
                return Some(file);
            }
        }
        if self.modules.contains(first) {
            return Some(first.clone());
        }
        self.reexports.get(first).cloned()
    }

    /// Every edge between different units, with where it is written. The
    /// facade (`lib.rs` and the root's inline modules) is not a layer and
    /// its uses are not edges.
    fn unit_edges(&self) -> Vec<(String, String, &Use)> {
        let mut edges = Vec::new();
        for u in &self.uses {
            if !u.from.first().is_some_and(|m| self.modules.contains(m)) {
                continue;
            }
            let (Some(from), Some(to)) = (self.unit_of(&u.from), self.unit_of(&u.to)) else {
                continue;
            };
            if from != to {
                edges.push((from, to, u));
            }
        }
        edges
    }

    /// Every edge between two sibling files of one top-level module
    /// (`resolve::compile` to `resolve::plan`). Edges from or to the
    /// module's own `mod.rs` are not counted: a parent declares and
    /// re-exports its children, and children use what it defines.
    fn sibling_edges(&self) -> Vec<(String, String, &Use)> {
        let mut edges = Vec::new();
        for u in &self.uses {
            if u.from.len() < 2 || u.to.len() < 2 || u.from[0] != u.to[0] {
                continue;
            }
            let (from, to) = (&u.from[1], &u.to[1]);
            let src = src_dir();
            let is_child = |name: &str| {
                let dir = src.join(&u.from[0]);
                dir.join(format!("{name}.rs")).is_file() || dir.join(name).join("mod.rs").is_file()
            };
            if from != to && is_child(from) && is_child(to) {
                edges.push((
                    format!("{}::{from}", u.from[0]),
                    format!("{}::{to}", u.to[0]),
                    u,
                ));
            }
        }
        edges
    }
}

fn location(u: &Use) -> String {
    let rel = u
        .file
        .strip_prefix(src_dir().parent().expect("a parent"))
        .unwrap_or(&u.file);
    format!("{}:{} ({})", rel.display(), u.line, u.to.join("::"))
}

/// The cycles of a graph, one per strongly connected component of more
/// than one node, each shown as its members.
fn cycles(edges: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reach = |start: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(n) = stack.pop() {
            for (a, b) in edges {
                if *a == n && seen.insert(b.clone()) {
                    stack.push(b.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(*n) || !reachable[n].contains(*n) {
            continue;
        }
        let component: Vec<String> = nodes
            .iter()
            .filter(|m| reachable[n].contains(**m) && reachable[**m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        done.extend(component.iter().cloned());
        out.push(component);
    }
    out
}

fn report_cycles(edges: &[(String, String, &Use)], report: &mut String) {
    let set: BTreeSet<(String, String)> = edges
        .iter()
        .map(|(a, b, _)| (a.clone(), b.clone()))
        .collect();
    for component in cycles(&set) {
        let _ = writeln!(report, "cycle between {}:", component.join(", "));
        for (a, b, u) in edges {
            if component.contains(a) && component.contains(b) {
                let _ = writeln!(report, "  {a} -> {b} at {}", location(u));
            }
        }
    }
}

#[test]
fn the_scanner_sees_paths_in_code_and_not_in_comments() {
    let text = r#"
        //! `crate::ocf` in a doc comment does not count.
        use crate::{schema::Schema, value::{Value, json}};
        use super::sibling::Thing;
        /// ```
        /// crate::resolve::Plan;
        /// ```
        fn f() -> crate::binary::Limits { $crate::codec::x(); self::inner::y() }
        mod inner { use super::super::error::Error; }
        #[cfg(test)]
        mod tests { use crate::ocf::Reader; }
        #[cfg(test)]
        fn helper() -> crate::json::X { crate::json::y() }
        // crate::json::nothing
    "#;
    let mut uses = Vec::new();
    let module = vec!["datum".to_owned(), "part".to_owned()];
    scan(
        TokenStream::from_str(text).expect("tokenizes"),
        &module,
        Path::new("x.rs"),
        &mut uses,
    );
    let seen: Vec<String> = uses.iter().map(|u| u.to.join("::")).collect();
    assert_eq!(
        seen,
        [
            "schema",
            "value",
            "datum::sibling::Thing",
            "binary::Limits",
            "codec::x",
            "datum::part::inner::y",
            "datum::error::Error",
        ]
    );
}

#[test]
fn every_module_has_a_layer() {
    let graph = Graph::build();
    let missing: Vec<&String> = graph
        .modules
        .iter()
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a layer in LAYERS (and ARCHITECTURE.md): {missing:?}"
    );
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let graph = Graph::build();
    let all = graph.unit_edges();
    assert!(!all.is_empty(), "the scanner found no edges at all");
    let mut report = String::new();
    for (open_from, open_to) in OPEN_EDGES {
        if !all.iter().any(|(f, t, _)| f == open_from && t == open_to) {
            let _ = writeln!(
                report,
                "{open_from} -> {open_to} is gone: take it off OPEN_EDGES and ARCHITECTURE.md"
            );
        }
    }
    let edges: Vec<_> = all
        .into_iter()
        .filter(|(f, t, _)| !OPEN_EDGES.iter().any(|(of, ot)| f == of && t == ot))
        .collect();
    for (from, to, u) in &edges {
        if let (Some(a), Some(b)) = (layer_of(from), layer_of(to))
            && b >= a
        {
            let _ = writeln!(report, "{from} -> {to} at {}", location(u));
        }
    }
    report_cycles(&edges, &mut report);
    assert!(
        report.is_empty(),
        "imports against the layer order of ARCHITECTURE.md:\n{report}"
    );
}

#[test]
fn sibling_files_do_not_import_each_other_in_a_cycle() {
    let graph = Graph::build();
    let mut report = String::new();
    report_cycles(&graph.sibling_edges(), &mut report);
    assert!(report.is_empty(), "cycles between sibling files:\n{report}");
}
