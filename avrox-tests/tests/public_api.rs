//! The public API of `avrox`, as a checked-in list (avrox/public-api.txt):
//! every public item, its path, and the parameters and types of each
//! function, so that every change to the surface shows in review.
//!
//! The list comes from rustdoc's JSON output, which needs a nightly
//! toolchain. Without one the test says so and passes, unless
//! `AVROX_REQUIRE_NIGHTLY=1` (as CI sets), when it fails. A list that
//! differs fails with the lines added and removed; `AVROX_BLESS_API=1`
//! rewrites the file instead. Items hidden from the docs (`#[doc(hidden)]`,
//! the derive's `__private`) are not part of the list, as rustdoc leaves
//! them out.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

#[test]
fn the_public_api_is_the_checked_in_list() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let Some(json) = rustdoc_json(workspace) else {
        return;
    };
    let list = public_items(&json)
        .into_iter()
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let file = workspace.join("avrox/public-api.txt");
    if std::env::var("AVROX_BLESS_API").as_deref() == Ok("1") {
        std::fs::write(&file, &list).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_default();
    if expected == list {
        return;
    }
    let old: BTreeSet<&str> = expected.lines().collect();
    let new: BTreeSet<&str> = list.lines().collect();
    let mut diff = String::new();
    for line in old.difference(&new) {
        diff += &format!("- {line}\n");
    }
    for line in new.difference(&old) {
        diff += &format!("+ {line}\n");
    }
    panic!(
        "the public API of avrox differs from {}:\n{diff}\nIf the change is meant, \
         rerun with AVROX_BLESS_API=1 and commit the file.",
        file.display()
    );
}

/// rustdoc's JSON of `avrox` with every feature, built with nightly into
/// this test's own target directory; `None` (having said why) when there
/// is no nightly toolchain and none is required.
fn rustdoc_json(workspace: &Path) -> Option<Json> {
    let required = std::env::var("AVROX_REQUIRE_NIGHTLY").as_deref() == Ok("1");
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("public-api");
    let mut cmd = Command::new("rustup");
    cmd.args([
        "run",
        "nightly",
        "cargo",
        "rustdoc",
        "-p",
        "avrox",
        "--all-features",
        "--lib",
    ])
    .arg("--target-dir")
    .arg(&target)
    .args(["--", "-Z", "unstable-options", "--output-format", "json"])
    .current_dir(workspace);
    // The stable toolchain running this test must not leak into nightly's.
    for var in [
        "RUSTUP_TOOLCHAIN",
        "RUSTC",
        "RUSTDOC",
        "CARGO",
        "RUSTC_WRAPPER",
        "RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
    let output = match cmd.output() {
        Ok(output) => output,
        Err(e) => return skip(required, &format!("cannot run rustup: {e}")),
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("toolchain 'nightly") && stderr.contains("not installed") {
            return skip(required, "the nightly toolchain is not installed");
        }
        panic!("rustdoc's JSON output failed:\n{stderr}");
    }
    let text = std::fs::read_to_string(target.join("doc/avrox.json")).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}

fn skip(required: bool, why: &str) -> Option<Json> {
    if required {
        panic!("AVROX_REQUIRE_NIGHTLY=1, but {why}");
    }
    eprintln!("SKIPPED: the public API check needs nightly rustdoc, and {why}");
    None
}

/// One line per public item, sorted.
fn public_items(json: &Json) -> BTreeSet<String> {
    let mut walk = Walk {
        index: &json["index"],
        lines: BTreeSet::new(),
        listed: HashSet::new(),
        modules: HashSet::new(),
    };
    let root = json["root"].to_string();
    walk.module(&root, "avrox");
    walk.lines
}

struct Walk<'a> {
    index: &'a Json,
    lines: BTreeSet<String>,
    /// Items whose members are listed (at the first path they were met).
    listed: HashSet<String>,
    modules: HashSet<String>,
}

impl Walk<'_> {
    fn item(&self, id: &str) -> Option<&Json> {
        self.index.get(id)
    }

    fn module(&mut self, id: &str, path: &str) {
        if !self.modules.insert(format!("{id} {path}")) {
            return;
        }
        let Some(module) = self.item(id) else { return };
        let items: Vec<String> = module["inner"]["module"]["items"]
            .as_array()
            .map(|items| items.iter().map(|i| i.to_string()).collect())
            .unwrap_or_default();
        for item in items {
            self.member(&item, path);
        }
    }

    fn member(&mut self, id: &str, parent: &str) {
        let Some(item) = self.item(id).cloned() else {
            return;
        };
        if let Some(use_) = item["inner"].get("use") {
            let target = use_["id"].to_string();
            let is_glob = use_["is_glob"].as_bool() == Some(true);
            match self.item(&target) {
                Some(t) if is_glob => {
                    if t["inner"].get("module").is_some() {
                        self.module(&target, parent);
                    }
                }
                Some(_) => {
                    let path = format!("{parent}::{}", use_["name"].as_str().unwrap_or("_"));
                    self.named(&target, &path, true);
                }
                // An item of another crate.
                None => {
                    let source = use_["source"].as_str().unwrap_or("?");
                    let name = use_["name"].as_str().unwrap_or("*");
                    self.lines
                        .insert(format!("pub use {parent}::{name} = {source}"));
                }
            }
            return;
        }
        let Some(name) = item["name"].as_str() else {
            return;
        };
        self.named(id, &format!("{parent}::{name}"), false);
    }

    fn named(&mut self, id: &str, path: &str, reexport: bool) {
        let Some(item) = self.item(id).cloned() else {
            return;
        };
        if item["visibility"] != "public" {
            return;
        }
        let Some((kind, inner)) = item["inner"].as_object().and_then(|o| o.iter().next()) else {
            return;
        };
        let first = self.listed.insert(id.to_string());
        let suffix = if reexport && !first {
            " (re-export)"
        } else {
            ""
        };
        match kind.as_str() {
            "module" => {
                self.lines.insert(format!("mod {path}"));
                self.module(id, path);
            }
            "function" => {
                self.lines
                    .insert(format!("fn {path}{}{suffix}", signature(inner)));
            }
            "struct" | "enum" | "union" | "trait" | "type_alias" | "constant" | "static"
            | "macro" | "proc_macro" | "trait_alias" => {
                self.lines.insert(format!("{kind} {path}{suffix}"));
                if first {
                    self.members(kind, inner, path);
                }
            }
            other => {
                self.lines.insert(format!("{other} {path}{suffix}"));
            }
        }
    }

    /// Fields, variants, inherent and trait impls of a type; the items and
    /// implementors of a trait.
    fn members(&mut self, kind: &str, inner: &Json, path: &str) {
        let ids = |v: &Json| -> Vec<String> {
            v.as_array()
                .map(|a| a.iter().map(|i| i.to_string()).collect())
                .unwrap_or_default()
        };
        if kind == "trait" {
            for id in ids(&inner["items"]) {
                self.assoc(&id, path);
            }
            for id in ids(&inner["implementations"]) {
                if let Some(line) = self.impl_line(&id) {
                    self.lines.insert(line);
                }
            }
            return;
        }
        if let Some(fields) = inner["kind"]["plain"]["fields"].as_array() {
            for f in fields {
                self.field(&f.to_string(), path);
            }
        }
        if let Some(fields) = inner["kind"]["tuple"].as_array() {
            for (i, f) in fields.iter().enumerate() {
                if !f.is_null() {
                    let ty = self
                        .item(&f.to_string())
                        .map(|f| ty(&f["inner"]["struct_field"]));
                    self.lines
                        .insert(format!("field {path}::{i}: {}", ty.unwrap_or_default()));
                }
            }
        }
        for v in ids(&inner["variants"]) {
            if let Some(name) = self.item(&v).and_then(|v| v["name"].as_str()) {
                self.lines.insert(format!("variant {path}::{name}"));
            }
        }
        for id in ids(&inner["impls"]) {
            let Some(imp) = self.item(&id).cloned() else {
                continue;
            };
            let imp = &imp["inner"]["impl"];
            if imp["is_synthetic"] == true || !imp["blanket_impl"].is_null() {
                continue;
            }
            if imp["trait"].is_null() {
                for item in ids(&imp["items"]) {
                    self.assoc(&item, path);
                }
            } else if let Some(line) = self.impl_line(&id) {
                self.lines.insert(line);
            }
        }
    }

    fn field(&mut self, id: &str, path: &str) {
        if let Some(f) = self.item(id)
            && f["visibility"] == "public"
        {
            let name = f["name"].as_str().unwrap_or("_");
            let line = format!("field {path}::{name}: {}", ty(&f["inner"]["struct_field"]));
            self.lines.insert(line);
        }
    }

    /// A method, associated constant or type of a type or trait.
    fn assoc(&mut self, id: &str, path: &str) {
        let Some(item) = self.item(id) else { return };
        let name = item["name"].as_str().unwrap_or("_");
        let inner = &item["inner"];
        // Inherent items must be `pub`; a trait's are as public as it.
        if item["visibility"] != "public" && item["visibility"] != "default" {
            return;
        }
        let line = if let Some(f) = inner.get("function") {
            format!("fn {path}::{name}{}", signature(f))
        } else if let Some(c) = inner.get("assoc_const") {
            format!("const {path}::{name}: {}", ty(&c["type"]))
        } else if inner.get("assoc_type").is_some() {
            format!("type {path}::{name}")
        } else {
            return;
        };
        self.lines.insert(line);
    }

    fn impl_line(&self, id: &str) -> Option<String> {
        let imp = &self.item(id)?["inner"]["impl"];
        if imp["is_synthetic"] == true {
            return None;
        }
        let neg = if imp["is_negative"] == true { "!" } else { "" };
        Some(format!(
            "impl {neg}{} for {}",
            path_of(&imp["trait"]),
            ty(&imp["for"])
        ))
    }
}

/// `(name: Type, ...) -> Type` of a function.
fn signature(f: &Json) -> String {
    let sig = &f["sig"];
    let inputs = sig["inputs"]
        .as_array()
        .map(|inputs| {
            inputs
                .iter()
                .map(|p| {
                    let name = p[0].as_str().unwrap_or("_");
                    if name == "self" {
                        ty(&p[1]).replace("Self", "self")
                    } else {
                        format!("{name}: {}", ty(&p[1]))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let output = if sig["output"].is_null() {
        String::new()
    } else {
        format!(" -> {}", ty(&sig["output"]))
    };
    format!("({inputs}){output}")
}

/// A type, written as in Rust, as far as the list needs it.
fn ty(t: &Json) -> String {
    let Some((kind, v)) = t.as_object().and_then(|o| o.iter().next()) else {
        return "_".into();
    };
    match kind.as_str() {
        "resolved_path" => path_of(v),
        "generic" | "primitive" => v.as_str().unwrap_or("_").to_string(),
        "borrowed_ref" => {
            let lifetime = v["lifetime"]
                .as_str()
                .map(|l| format!("{l} "))
                .unwrap_or_default();
            let m = if v["is_mutable"] == true { "mut " } else { "" };
            format!("&{lifetime}{m}{}", ty(&v["type"]))
        }
        "slice" => format!("[{}]", ty(v)),
        "array" => format!("[{}; {}]", ty(&v["type"]), v["len"].as_str().unwrap_or("_")),
        "tuple" => format!(
            "({})",
            v.as_array()
                .map(|a| a.iter().map(ty).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        ),
        "impl_trait" => format!("impl {}", bounds(v)),
        "dyn_trait" => format!(
            "dyn {}",
            v["traits"]
                .as_array()
                .map(|a| a
                    .iter()
                    .map(|b| path_of(&b["trait"]))
                    .collect::<Vec<_>>()
                    .join(" + "))
                .unwrap_or_default()
        ),
        "qualified_path" => format!(
            "<{} as {}>::{}",
            ty(&v["self_type"]),
            path_of(&v["trait"]),
            v["name"].as_str().unwrap_or("_")
        ),
        "raw_pointer" => format!(
            "*{} {}",
            if v["is_mutable"] == true {
                "mut"
            } else {
                "const"
            },
            ty(&v["type"])
        ),
        other => other.to_string(),
    }
}

fn bounds(v: &Json) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|b| match b.get("trait_bound") {
                    Some(tb) => path_of(&tb["trait"]),
                    None => b["outlives"].as_str().unwrap_or("_").to_string(),
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .unwrap_or_default()
}

/// A path with its generic arguments.
fn path_of(p: &Json) -> String {
    let mut out = p["path"].as_str().unwrap_or("_").to_string();
    if let Some(args) = p["args"]["angle_bracketed"]["args"].as_array() {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if let Some(t) = a.get("type") {
                    ty(t)
                } else if let Some(l) = a.get("lifetime") {
                    l.as_str().unwrap_or("_").to_string()
                } else if let Some(c) = a.get("const") {
                    c["expr"].as_str().unwrap_or("_").to_string()
                } else {
                    "_".into()
                }
            })
            .collect();
        if !args.is_empty() {
            out += &format!("<{}>", args.join(", "));
        }
    }
    out
}
