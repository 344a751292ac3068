//! `pattern` literals compiled at build time into a small DFA whose tables
//! the generated code holds in statics: matching a short string is then a
//! few table lookups, which is what keeps validation cheap next to
//! encoding. A pattern the DFA cannot take (too large, case-insensitive,
//! uncommon assertions) falls back to the runtime engine (regex-lite).
//!
//! The runtime engine is the reference: regex-lite reads `\d`, `\w`, `\s`
//! and `\b` as ASCII, and everything else as Unicode. The pattern is
//! rewritten so that regex-automata reads it the same way (`\d` as
//! `[[:digit:]]`, `\b` as `(?-u:\b)`), then determinized with Unicode on.

use regex_automata::dfa::dense;
use regex_automata::dfa::{Automaton, StartKind};
use regex_automata::util::start;
use regex_automata::{Anchored, nfa::thompson, util::syntax};
use regex_syntax::ast::{self, Ast, ClassPerl, ClassPerlKind, ClassSetItem, Visitor};

/// The most table entries (states × byte classes) a pattern may take.
const MAX_ENTRIES: usize = 4096;

/// A DFA as the runtime's `Dfa` wants it.
///
/// A match is made sticky (every state past one goes to a single state that
/// accepts), so matching runs through the text with one lookup a byte and
/// no test, and then asks whether the state accepts. States are numbered
/// with the accepting ones first, and stored premultiplied by the row
/// length, so that both are a comparison and an addition.
pub struct Tables {
    /// Byte to class.
    pub classes: [u8; 256],
    /// `table[state + class]`: the next state, premultiplied.
    pub table: Vec<u16>,
    /// The start state, premultiplied.
    pub start: u16,
    /// States below this (premultiplied) accept.
    pub accepting: u16,
}

/// The tables of `pattern`, or `None` when it is left to the runtime.
pub fn compile(pattern: &str) -> Option<Tables> {
    let rewritten = ascii_perl_classes(pattern)?;
    let dfa = dense::Builder::new()
        .syntax(syntax::Config::new().unicode(true).utf8(true))
        .thompson(thompson::Config::new().utf8(true))
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Unanchored)
                .minimize(true)
                .dfa_size_limit(Some(1 << 20))
                .determinize_size_limit(Some(1 << 20)),
        )
        .build(&rewritten)
        .ok()?;
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::No))
        .ok()?;

    // The states reachable from the start, each a match state (the DFA
    // reports a match one byte late) counted as the one sticky "matched"
    // state, numbered 0.
    type Id = regex_automata::util::primitives::StateID;
    const MATCHED: usize = 0;
    let mut ids: Vec<Option<Id>> = vec![None, Some(start)];
    let mut seen: std::collections::HashMap<Id, usize> =
        std::collections::HashMap::from([(start, 1)]);
    let mut rows: Vec<[usize; 256]> = vec![[MATCHED; 256]];
    let mut i = 1;
    while i < ids.len() {
        let id = ids[i].expect("only the matched state has no id");
        if dfa.is_quit_state(id) {
            return None;
        }
        let mut row = [MATCHED; 256];
        for byte in 0..=255u8 {
            let next = dfa.next_state(id, byte);
            if dfa.is_match_state(next) {
                continue;
            }
            row[byte as usize] = match seen.get(&next) {
                Some(&n) => n,
                None => {
                    if ids.len() >= MAX_ENTRIES / 2 {
                        return None;
                    }
                    seen.insert(next, ids.len());
                    ids.push(Some(next));
                    ids.len() - 1
                }
            };
        }
        rows.push(row);
        i += 1;
    }
    let accepts = |n: usize| match ids[n] {
        None => true,
        Some(id) => dfa.is_match_state(dfa.next_eoi_state(id)),
    };

    // Bytes that move every state alike share a class.
    let mut classes = [0u8; 256];
    let mut representatives: Vec<u8> = Vec::new();
    for byte in 0..=255u8 {
        let column = |b: u8| rows.iter().map(move |row| row[b as usize]);
        match representatives
            .iter()
            .position(|&r| column(r).eq(column(byte)))
        {
            Some(class) => classes[byte as usize] = class as u8,
            None => {
                classes[byte as usize] = representatives.len() as u8;
                representatives.push(byte);
            }
        }
    }
    let stride = representatives.len();
    if stride * ids.len() > MAX_ENTRIES {
        return None;
    }
    // Accepting states first.
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&n| !accepts(n));
    let mut position = vec![0usize; ids.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let premultiplied = |old: usize| (position[old] * stride) as u16;
    let mut table = Vec::with_capacity(stride * ids.len());
    for &old in &order {
        table.extend(
            representatives
                .iter()
                .map(|&b| premultiplied(rows[old][b as usize])),
        );
    }
    let accepting = (order.iter().filter(|&&n| accepts(n)).count() * stride) as u16;
    Some(Tables {
        classes,
        table,
        start: premultiplied(1),
        accepting,
    })
}

/// The pattern with `\d`, `\w`, `\s` and `\b` spelt so that a Unicode-mode
/// parser reads them as ASCII, as regex-lite does; `None` for anything this
/// does not handle (the runtime engine takes those).
fn ascii_perl_classes(pattern: &str) -> Option<String> {
    let ast = ast::parse::Parser::new().parse(pattern).ok()?;
    let edits = ast::visit(&ast, Edits::default()).ok()?;
    let mut out = pattern.to_owned();
    // From the end, so earlier offsets stay right.
    let mut edits = edits.0;
    edits.sort_by_key(|(start, ..)| std::cmp::Reverse(*start));
    for (start, end, text) in edits {
        out.replace_range(start..end, &text);
    }
    Some(out)
}

#[derive(Default)]
struct Edits(Vec<(usize, usize, String)>);

fn posix(class: &ClassPerl) -> String {
    let name = match class.kind {
        ClassPerlKind::Digit => "digit",
        ClassPerlKind::Space => "space",
        ClassPerlKind::Word => "word",
    };
    format!("[:{}{name}:]", if class.negated { "^" } else { "" })
}

impl Visitor for Edits {
    type Output = Edits;
    type Err = ();

    fn finish(self) -> Result<Edits, ()> {
        Ok(self)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
        match ast {
            Ast::ClassPerl(class) => {
                let s = &class.span;
                self.0
                    .push((s.start.offset, s.end.offset, format!("[{}]", posix(class))));
            }
            Ast::Assertion(a) => {
                let text = match a.kind {
                    ast::AssertionKind::WordBoundary => r"(?-u:\b)",
                    ast::AssertionKind::NotWordBoundary => r"(?-u:\B)",
                    ast::AssertionKind::StartLine
                    | ast::AssertionKind::EndLine
                    | ast::AssertionKind::StartText
                    | ast::AssertionKind::EndText => return Ok(()),
                    _ => return Err(()),
                };
                self.0
                    .push((a.span.start.offset, a.span.end.offset, text.to_owned()));
            }
            // Case folding needs Unicode tables the derive does not carry.
            Ast::Flags(flags)
                if flags.flags.flag_state(ast::Flag::CaseInsensitive) == Some(true) =>
            {
                return Err(());
            }
            Ast::Group(g) => {
                if let ast::GroupKind::NonCapturing(flags) = &g.kind
                    && flags.flag_state(ast::Flag::CaseInsensitive) == Some(true)
                {
                    return Err(());
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
        if let ClassSetItem::Perl(class) = item {
            let s = &class.span;
            self.0.push((s.start.offset, s.end.offset, posix(class)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_match(t: &Tables, text: &str) -> bool {
        let mut s = t.start as usize;
        for &b in text.as_bytes() {
            s = t.table[s + t.classes[b as usize] as usize] as usize;
        }
        s < t.accepting as usize
    }

    #[test]
    fn rewrites_perl_classes_to_ascii() {
        assert_eq!(
            ascii_perl_classes(r"^v\d+\.\D[\w-]\s$").unwrap(),
            r"^v[[:digit:]]+\.[[:^digit:]][[:word:]-][[:space:]]$"
        );
        assert_eq!(ascii_perl_classes(r"\bx\B").unwrap(), r"(?-u:\b)x(?-u:\B)");
        assert!(ascii_perl_classes("(?i)abc").is_none());
    }

    #[test]
    fn agrees_with_regex_lite() {
        let patterns = [
            r"^v\d+\.\d+$",
            r"^[a-z]+$",
            r"ab|cd",
            r"^.$",
            r"\bfoo\b",
            r"^\w{2,4}@[^@\s]+$",
            r"é+",
            r"",
            r"^$",
            r"x*",
        ];
        let texts = [
            "",
            "v1.2",
            "v12.30",
            "v1.",
            "v1.2x",
            "xv1.2",
            "abc",
            "aBc",
            "é",
            "ée",
            "a",
            "cd",
            "foo",
            "a foo b",
            "afoob",
            "ab@c",
            "abcde@x",
            "ab@ c",
            "é\u{301}",
            "\n",
            "٣",
        ];
        for p in patterns {
            let tables = compile(p).unwrap_or_else(|| panic!("{p} compiles"));
            let reference = regex_lite::Regex::new(p).unwrap();
            for t in texts {
                assert_eq!(
                    is_match(&tables, t),
                    reference.is_match(t),
                    "{p:?} on {t:?}"
                );
            }
        }
    }

    #[test]
    fn large_patterns_are_left_to_the_runtime() {
        assert!(compile(r"^[a-z]{3000}$").is_none());
        assert!(compile("(?i)abc").is_none());
    }
}
