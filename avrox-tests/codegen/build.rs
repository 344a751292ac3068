//! Generates Rust types for every schema, protocol and IDL file the
//! round-trip test checks, and the test's table of them (`cases.rs` in
//! `OUT_DIR`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use avrox_codegen::{Builder, DecimalType, Layout, MapType, Options, TimeCrate};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// How many random schemas are generated.
const RANDOM_SCHEMAS: usize = 48;

fn main() {
    println!("cargo::rerun-if-env-changed=AVROX_CONFORMANCE_DIR");
    println!("cargo::rerun-if-env-changed=AVROX_REQUIRE_CONFORMANCE");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut table = Table::default();

    let gallery = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../avrox-codegen/tests/gallery");
    println!("cargo::rerun-if-changed={}", gallery.display());
    let flavours = [
        ("default", Options::new()),
        (
            "chrono_btree_rust_decimal_flat",
            Options::new()
                .time(TimeCrate::Chrono)
                .map_type(MapType::BTreeMap)
                .decimal(DecimalType::RustDecimal)
                .layout(Layout::Flat),
        ),
        ("time", Options::new().time(TimeCrate::Time)),
    ];
    for file in sorted_files(&gallery, "avsc") {
        for (flavour, options) in &flavours {
            table.files(&out, &[&file], flavour, options.clone());
        }
    }
    let gallery_imports = [gallery.join("shared")];
    for extension in ["avpr", "avdl"] {
        for file in sorted_files(&gallery, extension) {
            for (flavour, options) in &flavours {
                table.protocol(&out, &file, &gallery_imports, flavour, options.clone());
            }
        }
    }

    if let Some(dir) = avrox_tests::conformance_dir() {
        let files = sorted_files(&dir, "avsc");
        for file in &files {
            // A file that uses another's types (the IDL suite's inputs)
            // is read after the files of its folder that stand alone.
            let mut with = Vec::new();
            if avrox_codegen::read_files(std::slice::from_ref(file)).is_err() {
                with.extend(files.iter().filter(|other| {
                    *other != file
                        && other.parent() == file.parent()
                        && avrox_codegen::read_files(std::slice::from_ref(other)).is_ok()
                }));
            }
            with.push(file);
            table.files(&out, &with, "default", Options::new());
        }
        // Every protocol, and every input of the IDL suite with the
        // folders its imports are found in (the suite's class path, and
        // the stand-in for its missing reservedwords.avdl).
        for file in sorted_files(&dir, "avpr") {
            table.protocol(&out, &file, &[], "default", Options::new());
        }
        let idl_fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/idl/fixtures");
        for file in sorted_files(&dir, "avdl") {
            if file.parent().and_then(Path::file_name) != Some("input".as_ref()) {
                continue;
            }
            let suite = file.parent().and_then(Path::parent).expect("idl/input/");
            let imports = [suite.join("putOnClassPath"), idl_fixtures.clone()];
            table.protocol(&out, &file, &imports, "default", Options::new());
        }
    }

    let mut runner = TestRunner::deterministic();
    let strategy = avrox_tests::strategies::schema_strategy();
    for n in 0..RANDOM_SCHEMAS {
        let schema = strategy
            .new_tree(&mut runner)
            .expect("the schema strategy makes a tree")
            .current();
        let path = out.join(format!("random_{n}.avsc"));
        std::fs::write(&path, schema.json.to_string()).expect("OUT_DIR is writable");
        table.files(&out, &[&path], "default", Options::new());
    }

    std::fs::write(out.join("cases.rs"), table.finish()).expect("OUT_DIR is writable");
}

#[derive(Default)]
struct Table {
    modules: String,
    cases: String,
    count: usize,
}

impl Table {
    /// Generates the types of one file in a module of their own, since
    /// files may define the same names.
    /// Generates the types of files read together; the last one's root is
    /// the case.
    fn files(&mut self, out: &Path, files: &[&PathBuf], flavour: &str, options: Options) {
        let file = files.last().expect("at least one file");
        let paths: Vec<PathBuf> = files.iter().map(|f| f.to_path_buf()).collect();
        let builder = Builder::new().files(&paths).options(options.clone());
        let set = avrox_codegen::read_files(&paths).unwrap_or_else(|e| panic!("{e}"));
        let generated = avrox_codegen::generate_with_roots(&set, &options)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(
            builder.to_source().expect("generated once already"),
            generated.source,
            "Builder and generate_with_roots agree"
        );
        let module = format!("case_{}", self.count);
        self.count += 1;
        let rs = out.join(format!("{module}.rs"));
        std::fs::write(&rs, &generated.source).expect("OUT_DIR is writable");
        let _ = writeln!(
            self.modules,
            "pub mod {module} {{ include!({:?}); }}",
            rs.display().to_string()
        );
        let root = generated.roots.last().expect("one root per file");
        let _ = writeln!(
            self.cases,
            "    Case {{ files: &{:?}, import_dirs: &[], named: None, flavour: {flavour:?}, module: {module:?}, check: check::<{module}::{root}> }},",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
        );
    }

    /// Generates the types of a protocol or IDL file in a module of their
    /// own; each named type is a case.
    fn protocol(
        &mut self,
        out: &Path,
        file: &Path,
        import_dirs: &[PathBuf],
        flavour: &str,
        options: Options,
    ) {
        let builder = import_dirs
            .iter()
            .fold(Builder::new().file(file), |builder, dir| {
                builder.import_dir(dir)
            })
            .options(options.clone());
        let set = builder
            .schema_set()
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let generated = avrox_codegen::generate_with_roots(&set, &options)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let module = format!("case_{}", self.count);
        self.count += 1;
        let rs = out.join(format!("{module}.rs"));
        std::fs::write(&rs, &generated.source).expect("OUT_DIR is writable");
        let _ = writeln!(
            self.modules,
            "pub mod {module} {{ include!({:?}); }}",
            rs.display().to_string()
        );
        let dirs: Vec<String> = import_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        for (avro, rust) in &generated.named_types {
            let _ = writeln!(
                self.cases,
                "    Case {{ files: &[{:?}], import_dirs: &{dirs:?}, named: Some({avro:?}), flavour: {flavour:?}, module: {module:?}, check: check::<{module}::{rust}> }},",
                file.display().to_string()
            );
        }
    }

    fn finish(self) -> String {
        format!(
            "{}\n/// Every generated root type, with the file it came from.\npub const CASES: &[Case] = &[\n{}];\n",
            self.modules, self.cases
        )
    }
}

/// The files under `dir` (at any depth) with the extension, in path order.
fn sorted_files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
