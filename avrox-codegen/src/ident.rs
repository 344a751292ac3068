//! Rust identifiers made from Avro names: case conversion, keywords, and
//! the names generated code must not shadow.

/// Rust's keywords, strict and reserved (all editions): an identifier
/// equal to one of them is written raw (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they take a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code (and the derive's expansion) uses
/// unqualified: a generated type of one of these names would shadow it, so
/// it takes a trailing `_` and keeps its Avro name through `name = ".."`.
const PRELUDE_TYPES: &[&str] = &[
    "Box", "Err", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
];

/// An Avro name as a Rust type or variant name: `PascalCase`.
pub(crate) fn type_name(avro: &str) -> String {
    // A file stem (`user-events`) may hold characters no Avro name does.
    let word: String = avro
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut out = pascal_case(&word);
    if out.is_empty() {
        out.push_str("Unnamed");
    }
    if PRELUDE_TYPES.contains(&out.as_str()) || NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// An Avro field name as a Rust field name: `snake_case`, raw when it is a
/// keyword.
pub(crate) fn field_name(avro: &str) -> String {
    let mut out = snake_case(avro);
    if out.is_empty() {
        out.push_str("field");
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    } else if KEYWORDS.contains(&out.as_str()) {
        out.insert_str(0, "r#");
    }
    out
}

/// A namespace part as a module name: `snake_case`, raw when a keyword.
pub(crate) fn module_name(part: &str) -> String {
    field_name(part)
}

/// The name a Rust identifier stands for, without its `r#`.
pub(crate) fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// `user_id`, `userId`, `USER_ID` all become `UserId`, `MD5` `Md5` (an
/// acronym is a word, as the API guidelines ask); a name with lowercase
/// letters keeps its inner capitals (`HTTPRequest`).
fn pascal_case(avro: &str) -> String {
    let mut out = String::new();
    for word in avro.split('_').filter(|w| !w.is_empty()) {
        let shouting = word.chars().all(|c| !c.is_ascii_lowercase()) && word.len() > 1;
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if shouting {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        }
    }
    // An identifier cannot start with a digit (`_1st` loses its `_`).
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `userId` becomes `user_id`, `HTTPServer` `http_server`, `Name` `name`.
fn snake_case(avro: &str) -> String {
    let chars: Vec<char> = avro.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_pascal_case_and_never_shadow_the_prelude() {
        assert_eq!(type_name("user_record"), "UserRecord");
        assert_eq!(type_name("HTTPRequest"), "HTTPRequest");
        assert_eq!(type_name("USER_ROLE"), "UserRole");
        assert_eq!(type_name("SPADES"), "Spades");
        assert_eq!(type_name("MD5"), "Md5");
        assert_eq!(type_name("String"), "String_");
        assert_eq!(type_name("_"), "Unnamed");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn fields_are_snake_case_and_keywords_raw() {
        assert_eq!(field_name("userId"), "user_id");
        assert_eq!(field_name("HTTPServer"), "http_server");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("_"), "__");
        assert_eq!(type_name("user-events"), "UserEvents");
        assert_eq!(field_name("a_1"), "a_1");
        assert_eq!(unraw("r#type"), "type");
    }
}
