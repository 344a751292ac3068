//! The layout of the suite (`tests/`): a few test binaries, one per area,
//! each `tests/<area>/main.rs` declaring a module per file of its folder.
//! A file that its area's `main.rs` does not declare is never compiled, so
//! it would pass without running; a new `tests/*.rs` would be one more
//! binary linking avrox, apache-avro, proptest and insta.

use std::fs;
use std::path::Path;

/// The test files that stand alone in `tests/`, linking none of avrox's
/// test dependencies: the book's checks, the public API list, and the
/// layering test.
const LOOSE_FILES: &[&str] = &["book.rs", "public_api.rs", "architecture.rs"];

/// The folders of `tests/` that are not test binaries: trybuild's cases.
const NOT_AREAS: &[&str] = &["ui", "ui-pass"];

/// What is wrong with the layout of `tests`, one line a problem.
fn problems(tests: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in fs::read_dir(tests).expect("read tests/") {
        let path = entry.expect("a tests/ entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 name")
            .to_owned();
        if path.is_file() {
            if name.ends_with(".rs") && !LOOSE_FILES.contains(&name.as_str()) {
                problems.push(format!(
                    "tests/{name} is a test binary of its own: move it into the folder of its area \
                     and declare it in that folder's main.rs"
                ));
            }
            continue;
        }
        if NOT_AREAS.contains(&name.as_str()) {
            continue;
        }
        let Ok(main) = fs::read_to_string(path.join("main.rs")) else {
            problems.push(format!("tests/{name}/ has no main.rs"));
            continue;
        };
        for file in fs::read_dir(&path).expect("read an area") {
            let file = file.expect("an area's entry").path();
            let Some(stem) = file
                .extension()
                .is_some_and(|e| e == "rs")
                .then(|| file.file_stem().and_then(|s| s.to_str()))
                .flatten()
            else {
                continue;
            };
            let declared = format!("mod {stem};");
            if stem != "main" && !main.lines().any(|line| line.trim() == declared) {
                problems.push(format!(
                    "tests/{name}/{stem}.rs is not declared in tests/{name}/main.rs (`{declared}`), \
                     so it never runs"
                ));
            }
        }
    }
    problems.sort();
    problems
}

#[test]
fn every_test_file_is_a_module_of_its_area() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let problems = problems(&tests);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn loose_and_undeclared_files_are_found() {
    let dir = std::env::temp_dir().join(format!("avrox-tests-layout-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for folder in ["area", "ui", "bare"] {
        fs::create_dir_all(dir.join(folder)).unwrap();
    }
    fs::write(dir.join("book.rs"), "").unwrap();
    fs::write(dir.join("loose.rs"), "").unwrap();
    fs::write(
        dir.join("area").join("main.rs"),
        "//! An area.\n\nmod kept;\n",
    )
    .unwrap();
    fs::write(dir.join("area").join("kept.rs"), "").unwrap();
    fs::write(dir.join("area").join("forgotten.rs"), "").unwrap();
    fs::write(dir.join("ui").join("case.rs"), "").unwrap();
    fs::write(dir.join("bare").join("lost.rs"), "").unwrap();
    let found = problems(&dir);
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("tests/area/forgotten.rs is not declared"));
    assert!(found[1].starts_with("tests/bare/ has no main.rs"));
    assert!(found[2].starts_with("tests/loose.rs is a test binary of its own"));
}
