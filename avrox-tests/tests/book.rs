//! The book's structure and links, checked on every `cargo test`.
//!
//! `mdbook build` only warns about a chapter missing from `SUMMARY.md` or a
//! link to a file that is not there, and says nothing about a link to an
//! anchor no heading has: the page renders and the reader lands at its top.
//! These tests make each of those a failure, on every machine (CI also builds
//! the book with mdBook, in `.ci/run`):
//!
//! - every `.md` under `book/src` is listed in `SUMMARY.md`, and every entry
//!   of `SUMMARY.md` names a file that exists;
//! - every chapter opens with its title, a level-1 heading, and has no other;
//! - every relative link resolves to a file inside `book/src` and, when it has
//!   an anchor into a chapter, to one of that chapter's headings, whose id is
//!   derived as mdBook derives it ([`heading_id`]);
//! - every reference-style link (``[`Value`]``, `[text][label]`) has its
//!   definition, since without one mdBook prints the brackets as text;
//! - the introduction presents the chapters in the order of `SUMMARY.md`;
//! - quotes and dashes render as written (smart punctuation stays off);
//! - shell sessions (`$ ` prompts and output) are `console` blocks;
//! - every chapter is compiled as doctests by `avrox-tests/src/lib.rs`.
//!
//! The Markdown is read with pulldown-cmark, the parser mdBook uses, with the
//! extensions mdBook turns on, so that what counts as a heading, a link or a
//! code block here is what counts in the rendered book.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

/// The book's sources: each file's path relative to `book/src` (with `/`
/// separators) and its text.
type Sources = BTreeMap<String, String>;

/// A book to check: its sources and how mdBook reads their Markdown.
struct Book {
    files: Sources,
    options: Options,
}

/// One thing wrong with the book, at a file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Problem {
    file: String,
    line: usize,
    message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "book/src/{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The Markdown extensions mdBook 0.5 enables (mdbook-markdown's
/// `new_cmark_parser`), with smart punctuation as `book.toml` sets it. It
/// matters for ids: with it, `--` in a heading becomes a dash, which the id
/// then drops.
fn mdbook_options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// The id mdBook gives a heading whose rendered text is `text`: trimmed,
/// lowercased, letters, digits, `_` and `-` kept, whitespace turned into
/// `-`, everything else dropped. (mdbook-html's `id_from_content`; a repeat
/// within a page then gets `-1`, `-2`, ... from [`unique_id`].)
fn heading_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|ch| {
            if ch.is_alphanumeric() || ch == '_' || ch == '-' {
                Some(ch)
            } else if ch.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// `id`, or the first of `id-1`, `id-2`, ... not yet in `used`, as mdBook
/// numbers repeated ids within one page.
fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    if used.insert(id.to_owned()) {
        return id.to_owned();
    }
    (1u32..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("some numbered id is free")
}

/// A link as written in a page: its destination and the line it is on.
struct Link {
    dest: String,
    line: usize,
}

/// What the checks need from one Markdown file.
#[derive(Default)]
struct Page {
    /// The ids of its headings and definition-list terms (mdBook gives both
    /// ids, from one counter), in order.
    anchors: Vec<String>,
    /// The level-1 headings, by line.
    titles: Vec<usize>,
    /// The line of its first block, if it has any.
    first_block_line: Option<usize>,
    /// Text that renders with other punctuation than its source has (a
    /// curly quote for `"`), by line.
    retyped: Vec<(usize, String)>,
    /// Shell blocks (`sh`, `bash`) holding a `$ ` prompt, by line.
    sessions_as_scripts: Vec<usize>,
    /// Its links and images.
    links: Vec<Link>,
    /// Reference-style links without a definition, by line and label.
    undefined_references: Vec<(usize, String)>,
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Reads one Markdown file the way mdBook's parser does.
fn parse_page(text: &str, options: Options) -> Page {
    let mut undefined = Vec::new();
    let on_broken = |broken: BrokenLink<'_>| {
        // Brackets with no definition are often just prose: `[0, 1]`, or
        // the interop matrix's note numbers `[8][9]` (which parse as the
        // full form). A label that is code (``[`Value`]``), or a full or
        // collapsed reference with a word for its label (`[text][value]`),
        // was meant as a link.
        let label = broken.reference.to_string();
        let numbered = label.chars().all(|c| c.is_ascii_digit());
        let meant_as_link = label.starts_with('`')
            || (!matches!(broken.link_type, LinkType::Shortcut) && !numbered);
        if meant_as_link {
            undefined.push((broken.span.start, label));
        }
        None
    };
    let parser = Parser::new_with_broken_link_callback(text, options, Some(on_broken));

    let mut page = Page::default();
    let mut used_ids = HashSet::new();
    // The heading or term being read: its explicit id, if any, and its text.
    let mut anchor: Option<(Option<String>, String)> = None;
    // The shell block being read: its line, and whether a line has a prompt.
    let mut script: Option<(usize, bool)> = None;
    let mut depth = 0usize;
    for (event, range) in parser.into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                if depth == 0 && page.first_block_line.is_none() {
                    page.first_block_line = Some(line_of(text, range.start));
                }
                depth += 1;
                match tag {
                    Tag::Heading { level, id, .. } => {
                        if *level == HeadingLevel::H1 {
                            page.titles.push(line_of(text, range.start));
                        }
                        anchor = Some((id.as_ref().map(|id| id.to_string()), String::new()));
                    }
                    Tag::DefinitionListTitle => anchor = Some((None, String::new())),
                    Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                        let lang = info.split([',', ' ']).next().unwrap_or_default();
                        if matches!(lang, "sh" | "bash" | "shell" | "zsh") {
                            script = Some((line_of(text, range.start), false));
                        }
                    }
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                        page.links.push(Link {
                            dest: dest_url.to_string(),
                            line: line_of(text, range.start),
                        });
                    }
                    _ => {}
                }
            }
            Event::End(tag_end) => {
                depth = depth.saturating_sub(1);
                if matches!(tag_end, TagEnd::CodeBlock)
                    && let Some((line, true)) = script.take()
                {
                    page.sessions_as_scripts.push(line);
                }
                if matches!(tag_end, TagEnd::Heading(_) | TagEnd::DefinitionListTitle)
                    && let Some((explicit, text)) = anchor.take()
                {
                    // mdBook leaves an explicit `{#id}` as written and does
                    // not count it against repeats.
                    let id = match explicit {
                        Some(id) => id,
                        None => unique_id(&heading_id(&text), &mut used_ids),
                    };
                    page.anchors.push(id);
                }
            }
            Event::Text(s) | Event::Code(s) => {
                if let Some((_, heading_text)) = anchor.as_mut() {
                    heading_text.push_str(s);
                }
                if let Some((_, prompted)) = script.as_mut() {
                    *prompted |= s.lines().any(|line| line.starts_with("$ "));
                }
                // Smart punctuation hands back a curly double quote for
                // `"` and a dash for `--` (a curly apostrophe is harmless).
                let typographic = |c: char| "“”–—".contains(c);
                if matches!(event, Event::Text(_))
                    && s.chars().any(typographic)
                    && !text[range.clone()].chars().any(typographic)
                {
                    page.retyped
                        .push((line_of(text, range.start), s.to_string()));
                }
            }
            _ => {}
        }
    }
    page.undefined_references = undefined
        .into_iter()
        .map(|(offset, label)| (line_of(text, offset), label))
        .collect();
    page
}

/// `base`'s folder joined with `relative`, `.` and `..` resolved; `None` if
/// it climbs out of `book/src`.
fn resolve(base: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<String> = Path::new(base)
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Whether `dest` leaves the book: a URL with a scheme (`https:`,
/// `mailto:`), or one starting with `//`.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// The chapters `SUMMARY.md` lists, with the line of each entry. A draft
/// chapter (an entry with an empty link) names no file.
fn summary_entries(book: &Book) -> Vec<Link> {
    let Some(summary) = book.files.get("SUMMARY.md") else {
        return Vec::new();
    };
    parse_page(summary, book.options)
        .links
        .into_iter()
        .filter(|link| !link.dest.is_empty())
        .collect()
}

/// Every chapter file is in `SUMMARY.md`, every entry there exists.
fn check_summary(book: &Book) -> Vec<Problem> {
    let sources = &book.files;
    let mut problems = Vec::new();
    if !sources.contains_key("SUMMARY.md") {
        problems.push(Problem {
            file: "SUMMARY.md".into(),
            line: 1,
            message: "missing: mdBook needs it to know the chapters".into(),
        });
        return problems;
    }
    let mut listed = BTreeSet::new();
    for entry in summary_entries(book) {
        let target = entry.dest.split('#').next().unwrap_or_default();
        match resolve("SUMMARY.md", target) {
            Some(path) if sources.contains_key(&path) => {
                listed.insert(path);
            }
            _ => problems.push(Problem {
                file: "SUMMARY.md".into(),
                line: entry.line,
                message: format!("lists `{}`, which is not a file in book/src", entry.dest),
            }),
        }
    }
    for path in sources.keys() {
        if path != "SUMMARY.md" && path.ends_with(".md") && !listed.contains(path) {
            problems.push(Problem {
                file: path.clone(),
                line: 1,
                message: "not listed in SUMMARY.md, so mdBook leaves it out of the book".into(),
            });
        }
    }
    problems
}

/// Each chapter opens with one level-1 heading, its title, and has no other.
fn check_titles(book: &Book) -> Vec<Problem> {
    let sources = &book.files;
    let mut problems = Vec::new();
    for (path, text) in sources.iter().filter(|(p, _)| p.ends_with(".md")) {
        if path == "SUMMARY.md" {
            continue;
        }
        let page = parse_page(text, book.options);
        match page.titles.first() {
            Some(&line) if Some(line) == page.first_block_line => {}
            _ => problems.push(Problem {
                file: path.clone(),
                line: page.first_block_line.unwrap_or(1),
                message: "a chapter opens with its title, a `# ` heading".into(),
            }),
        }
        for &line in page.titles.iter().skip(1) {
            problems.push(Problem {
                file: path.clone(),
                line,
                message: "a second `# ` heading: sections are `## ` and below".into(),
            });
        }
    }
    problems
}

/// Every relative link and anchor resolves; every reference has its
/// definition.
fn check_links(book: &Book) -> Vec<Problem> {
    let sources = &book.files;
    let pages: BTreeMap<&str, Page> = sources
        .iter()
        .filter(|(path, _)| path.ends_with(".md"))
        .map(|(path, text)| (path.as_str(), parse_page(text, book.options)))
        .collect();
    let mut problems = Vec::new();
    for (&path, page) in &pages {
        let mut report = |line: usize, message: String| {
            problems.push(Problem {
                file: path.to_owned(),
                line,
                message,
            })
        };
        for (line, label) in &page.undefined_references {
            report(
                *line,
                format!("`[{label}]` has no `[{label}]: ...` definition, so it renders as text"),
            );
        }
        for link in &page.links {
            if is_external(&link.dest) {
                continue;
            }
            let (file, anchor) = match link.dest.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (link.dest.as_str(), None),
            };
            let target = if file.is_empty() {
                path.to_owned()
            } else {
                match resolve(path, file) {
                    Some(target) => target,
                    None => {
                        report(
                            link.line,
                            format!(
                                "`{}` points outside book/src, where the rendered book has nothing",
                                link.dest
                            ),
                        );
                        continue;
                    }
                }
            };
            if !sources.contains_key(&target) {
                report(
                    link.line,
                    format!("`{}`: there is no book/src/{target}", link.dest),
                );
                continue;
            }
            let (Some(anchor), Some(target_page)) = (anchor, pages.get(target.as_str())) else {
                continue;
            };
            if !target_page.anchors.iter().any(|a| a == anchor) {
                let known = target_page.anchors.join(", #");
                report(
                    link.line,
                    format!(
                        "`{}`: {target} has no heading with id `{anchor}` (it has #{known})",
                        link.dest
                    ),
                );
            }
        }
    }
    problems.sort();
    problems
}

/// Quotes and dashes render as written: the book quotes JSON and the
/// specification in running text, where a curly quote would make the JSON
/// wrong to copy (`book.toml` turns mdBook's smart punctuation off).
fn check_punctuation(book: &Book) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (path, text) in book.files.iter().filter(|(p, _)| p.ends_with(".md")) {
        for (line, rendered) in parse_page(text, book.options).retyped {
            problems.push(Problem {
                file: path.clone(),
                line,
                message: format!(
                    "renders as `{rendered}`, not as written: is smart-punctuation back on in book.toml?"
                ),
            });
        }
    }
    problems
}

/// A block that shows commands after a `$ ` prompt, and their output, is a
/// `console` block: highlighted as a shell script (`sh`), the output is
/// coloured as code, and an apostrophe in a message turns the rest of the
/// block into a string.
fn check_sessions(book: &Book) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (path, text) in book.files.iter().filter(|(p, _)| p.ends_with(".md")) {
        for line in parse_page(text, book.options).sessions_as_scripts {
            problems.push(Problem {
                file: path.clone(),
                line,
                message: "a shell session (`$ ` prompts and output): mark it ```console".into(),
            });
        }
    }
    problems
}

/// The introduction's tour of the chapters names every other chapter, in
/// the order of `SUMMARY.md`, which is the order the sidebar and the
/// next-page arrows take a reader through.
fn check_introduction(book: &Book) -> Vec<Problem> {
    let Some(intro) = book.files.get("introduction.md") else {
        return Vec::new();
    };
    let chapters: Vec<String> = summary_entries(book)
        .into_iter()
        .map(|entry| entry.dest)
        .filter(|dest| dest != "introduction.md")
        .collect();
    let mut mentioned: Vec<(String, usize)> = Vec::new();
    for link in parse_page(intro, book.options).links {
        let file = link.dest.split('#').next().unwrap_or_default().to_owned();
        if chapters.contains(&file) && !mentioned.iter().any(|(f, _)| *f == file) {
            mentioned.push((file, link.line));
        }
    }
    let order: Vec<&String> = mentioned.iter().map(|(file, _)| file).collect();
    if order == chapters.iter().collect::<Vec<_>>() {
        return Vec::new();
    }
    vec![Problem {
        file: "introduction.md".into(),
        line: mentioned.first().map_or(1, |(_, line)| *line),
        message: format!("the chapters it presents are {order:?}; SUMMARY.md has {chapters:?}"),
    }]
}

/// Every chapter is included as doctests by `avrox-tests/src/lib.rs`, so its
/// Rust blocks are compiled and run.
fn check_doctested(book: &Book, lib_rs: &str) -> Vec<Problem> {
    book.files
        .keys()
        .filter(|path| path.ends_with(".md") && *path != "SUMMARY.md")
        .filter(|path| {
            let include = format!("include_str!(\"../../book/src/{path}\")");
            !lib_rs.contains(&include)
        })
        .map(|path| Problem {
            file: path.clone(),
            line: 1,
            message: "not in avrox-tests/src/lib.rs's `docs` module, so its code is never compiled"
                .into(),
        })
        .collect()
}

fn book_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../book")
}

/// Every file under `dir`, by its path relative to `root`; the text of
/// Markdown files, an empty string for the rest (they are only linked to).
fn read_sources(root: &Path, dir: &Path, sources: &mut Sources) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_sources(root, &path, sources);
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .expect("under the root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let text = if relative.ends_with(".md") {
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
        } else {
            String::new()
        };
        sources.insert(relative, text);
    }
}

/// Whether `book.toml` leaves mdBook's smart punctuation on (its default):
/// off only with a `smart-punctuation = false` line (under
/// `[output.html]`, the one table that has the key).
fn smart_punctuation(book_toml: &str) -> bool {
    !book_toml.lines().any(|line| {
        let line = line.split('#').next().unwrap_or_default();
        let mut parts = line.split('=').map(str::trim);
        parts.next() == Some("smart-punctuation") && parts.next() == Some("false")
    })
}

fn the_book() -> Book {
    let root = book_root();
    let book_toml = std::fs::read_to_string(root.join("book.toml")).expect("reading book.toml");
    let src = root.join("src");
    let mut files = Sources::new();
    read_sources(&src, &src, &mut files);
    Book {
        files,
        options: mdbook_options(smart_punctuation(&book_toml)),
    }
}

#[track_caller]
fn assert_none(what: &str, problems: Vec<Problem>) {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(list.is_empty(), "{what}:\n{}", list.join("\n"));
}

#[test]
fn every_chapter_is_in_the_summary_and_every_entry_exists() {
    assert_none(
        "the book's SUMMARY.md and its chapters disagree",
        check_summary(&the_book()),
    );
}

#[test]
fn every_chapter_opens_with_its_title() {
    assert_none("chapter titles", check_titles(&the_book()));
}

#[test]
fn every_link_and_anchor_in_the_book_resolves() {
    assert_none("broken links in the book", check_links(&the_book()));
}

#[test]
fn the_introduction_presents_the_chapters_in_the_summarys_order() {
    assert_none("the introduction's tour", check_introduction(&the_book()));
}

#[test]
fn quotes_and_dashes_render_as_written() {
    assert_none("retyped punctuation", check_punctuation(&the_book()));
}

#[test]
fn shell_sessions_are_marked_as_such() {
    assert_none(
        "shell sessions highlighted as scripts",
        check_sessions(&the_book()),
    );
}

#[test]
fn every_chapter_is_compiled_as_doctests() {
    let lib_rs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("reading avrox-tests/src/lib.rs");
    assert_none(
        "chapters whose code is not tested",
        check_doctested(&the_book(), &lib_rs),
    );
}

// --- the checks themselves, on small made-up books -------------------------

/// A made-up book, read with mdBook's default options.
fn book(files: &[(&str, &str)]) -> Book {
    Book {
        files: files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect(),
        options: mdbook_options(true),
    }
}

fn messages(problems: Vec<Problem>) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn ids_are_derived_as_mdbook_derives_them() {
    let ids = |text: &str| parse_page(text, mdbook_options(true)).anchors;
    assert_eq!(ids("# Values and JSON"), ["values-and-json"]);
    assert_eq!(
        ids("## `--passes`: add more rustdoc passes"),
        ["--passes-add-more-rustdoc-passes"]
    );
    assert_eq!(
        ids("## A typed chain: `from` and `try_from`"),
        ["a-typed-chain-from-and-try_from"]
    );
    assert_eq!(
        ids("## Über *emphasis* and [a link](x.md)"),
        ["über-emphasis-and-a-link"]
    );
    // Smart punctuation turns `--` outside code into a dash, which is
    // dropped; without it the hyphens stay.
    assert_eq!(ids("## before -- after"), ["before--after"]);
    let plain = parse_page("## before -- after", mdbook_options(false)).anchors;
    assert_eq!(plain, ["before----after"]);
    assert_eq!(
        ids("## Repeat\n\n## Repeat\n\n## Repeat"),
        ["repeat", "repeat-1", "repeat-2"]
    );
    assert_eq!(ids("## Named {#custom}"), ["custom"]);
    // A heading inside a code block is not one.
    assert_eq!(ids("```sh\n# a comment\n```"), Vec::<String>::new());
    // Definition-list terms take ids from the same counter as headings.
    assert_eq!(ids("## Term\n\nTerm\n: what it means"), ["term", "term-1"]);
}

#[test]
fn a_chapter_missing_from_the_summary_or_an_entry_without_a_file_is_caught() {
    let sources = book(&[
        (
            "SUMMARY.md",
            "# Summary\n\n- [One](one.md)\n- [Gone](gone.md)\n- [Draft]()\n",
        ),
        ("one.md", "# One\n"),
        ("two.md", "# Two\n"),
        ("nested/three.md", "# Three\n"),
    ]);
    assert_eq!(
        messages(check_summary(&sources)),
        [
            "book/src/SUMMARY.md:4: lists `gone.md`, which is not a file in book/src",
            "book/src/nested/three.md:1: not listed in SUMMARY.md, so mdBook leaves it out of the book",
            "book/src/two.md:1: not listed in SUMMARY.md, so mdBook leaves it out of the book",
        ]
    );
}

#[test]
fn broken_links_anchors_and_references_are_caught() {
    let sources = book(&[
        ("SUMMARY.md", "- [One](one.md)\n- [Two](sub/two.md)\n"),
        (
            "one.md",
            "# One\n\n## Values and JSON\n\n\
             [fine](sub/two.md#deep-part), [fine](#values-and-json), [fine](https://x.org/#y),\n\
             [file](missing.md) [anchor](sub/two.md#nope)\n\
             [own](#values-json) [out](../README.md)\n\n\
             The [`Value`] type, [`Schema`][schema], [0, 1] and [8][9] are prose.\n\n\
             ```text\n[not a link](nowhere.md)\n```\n",
        ),
        (
            "sub/two.md",
            "# Two\n\n## Deep part\n\n[back](../one.md#one) [img](pic.png)\n",
        ),
        ("sub/pic.png", ""),
    ]);
    assert_eq!(
        messages(check_links(&sources)),
        [
            "book/src/one.md:6: `missing.md`: there is no book/src/missing.md",
            "book/src/one.md:6: `sub/two.md#nope`: sub/two.md has no heading with id `nope` (it has #two, #deep-part)",
            "book/src/one.md:7: `#values-json`: one.md has no heading with id `values-json` (it has #one, #values-and-json)",
            "book/src/one.md:7: `../README.md` points outside book/src, where the rendered book has nothing",
            "book/src/one.md:9: `[`Value`]` has no `[`Value`]: ...` definition, so it renders as text",
            "book/src/one.md:9: `[schema]` has no `[schema]: ...` definition, so it renders as text",
        ]
    );
}

#[test]
fn a_chapter_without_a_title_or_with_two_is_caught() {
    let sources = book(&[
        ("SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n"),
        ("a.md", "Some text first.\n\n# A\n"),
        ("b.md", "# B\n\nText.\n\n# Another\n"),
        ("c.md", "\n# C\n\n## Fine\n"),
    ]);
    assert_eq!(
        messages(check_titles(&sources)),
        [
            "book/src/a.md:1: a chapter opens with its title, a `# ` heading",
            "book/src/b.md:5: a second `# ` heading: sections are `## ` and below",
        ]
    );
}

#[test]
fn a_chapter_left_out_of_the_doctests_is_caught() {
    let sources = book(&[("SUMMARY.md", ""), ("a.md", "# A\n"), ("b.md", "# B\n")]);
    let lib_rs = r#"#[doc = include_str!("../../book/src/a.md")] mod a {}"#;
    assert_eq!(
        messages(check_doctested(&sources, lib_rs)),
        [
            "book/src/b.md:1: not in avrox-tests/src/lib.rs's `docs` module, so its code is never compiled"
        ]
    );
}

#[test]
fn smart_punctuation_follows_book_toml() {
    assert!(smart_punctuation(
        "[output.html]\nno-section-label = true\n"
    ));
    assert!(!smart_punctuation(
        "[output.html]\nsmart-punctuation = false # JSON in prose\n"
    ));
    assert!(smart_punctuation("# smart-punctuation = false\n"));
}

#[test]
fn an_introduction_out_of_the_summarys_order_is_caught() {
    let summary = "[Introduction](introduction.md)\n\n- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n";
    let intro =
        "# Introduction\n\n- [A](a.md)\n- [C](c.md#part)\n- [B](b.md)\n\nSee [A](a.md) again.\n";
    let sources = book(&[("SUMMARY.md", summary), ("introduction.md", intro)]);
    assert_eq!(
        messages(check_introduction(&sources)),
        [
            r#"book/src/introduction.md:3: the chapters it presents are ["a.md", "c.md", "b.md"]; SUMMARY.md has ["a.md", "b.md", "c.md"]"#
        ]
    );
    let in_order = "# Introduction\n\n[A](a.md), [B](b.md) and [C](c.md).\n";
    let sources = book(&[("SUMMARY.md", summary), ("introduction.md", in_order)]);
    assert_eq!(messages(check_introduction(&sources)), Vec::<String>::new());
}

#[test]
fn punctuation_retyped_by_smart_punctuation_is_caught() {
    let text = "# Q\n\nA union [\"int\", \"long\"] -- or `\"code\"`.\n";
    let mut sources = book(&[("q.md", text)]);
    assert_eq!(
        messages(check_punctuation(&sources)),
        [
            "book/src/q.md:3: renders as `“`, not as written: is smart-punctuation back on in book.toml?",
            "book/src/q.md:3: renders as `”`, not as written: is smart-punctuation back on in book.toml?",
            "book/src/q.md:3: renders as `“`, not as written: is smart-punctuation back on in book.toml?",
            "book/src/q.md:3: renders as `”`, not as written: is smart-punctuation back on in book.toml?",
            "book/src/q.md:3: renders as `–`, not as written: is smart-punctuation back on in book.toml?",
        ]
    );
    sources.options = mdbook_options(false);
    assert_eq!(messages(check_punctuation(&sources)), Vec::<String>::new());
}

#[test]
fn a_session_marked_as_a_script_is_caught() {
    let text = "# S\n\n```sh\n$ avrox count x.avro\n3\n```\n\n```sh\navrox count FILE\n```\n\n\
                ```console\n$ avrox count x.avro\n3\n```\n";
    assert_eq!(
        messages(check_sessions(&book(&[("s.md", text)]))),
        ["book/src/s.md:3: a shell session (`$ ` prompts and output): mark it ```console"]
    );
}
