//! `rename_all`: the case conventions a field or variant name can be
//! converted to.

/// A case convention of `rename_all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
}

impl RenameRule {
    /// Every rule with the name users write.
    pub const ALL: [(&'static str, RenameRule); 6] = [
        ("lowercase", RenameRule::Lower),
        ("UPPERCASE", RenameRule::Upper),
        ("PascalCase", RenameRule::Pascal),
        ("camelCase", RenameRule::Camel),
        ("snake_case", RenameRule::Snake),
        ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
    ];

    pub fn from_name(name: &str) -> Option<RenameRule> {
        RenameRule::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| *r)
    }

    /// Applies the rule to a Rust identifier, snake_case (fields) or
    /// PascalCase (variants).
    pub fn apply(self, ident: &str) -> String {
        let words = words(ident);
        match self {
            RenameRule::Lower => words.concat().to_lowercase(),
            RenameRule::Upper => words.concat().to_uppercase(),
            RenameRule::Pascal => words.iter().map(|w| capitalize(w)).collect(),
            RenameRule::Camel => words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    if i == 0 {
                        w.to_lowercase()
                    } else {
                        capitalize(w)
                    }
                })
                .collect(),
            RenameRule::Snake => words
                .iter()
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
                .join("_"),
            RenameRule::ScreamingSnake => words
                .iter()
                .map(|w| w.to_uppercase())
                .collect::<Vec<_>>()
                .join("_"),
        }
    }
}

/// The words of an identifier: split at underscores and before an upper-case
/// letter that follows a lower-case letter or digit.
fn words(ident: &str) -> Vec<String> {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    let mut words = Vec::new();
    for part in ident.split('_').filter(|p| !p.is_empty()) {
        let mut current = String::new();
        let mut previous_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && previous_lower && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

fn capitalize(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RenameRule::*;

    #[test]
    fn fields() {
        assert_eq!(Camel.apply("user_id"), "userId");
        assert_eq!(Pascal.apply("user_id"), "UserId");
        assert_eq!(ScreamingSnake.apply("user_id"), "USER_ID");
        assert_eq!(Lower.apply("user_id"), "userid");
        assert_eq!(Upper.apply("user_id"), "USERID");
        assert_eq!(Snake.apply("user_id"), "user_id");
        assert_eq!(Camel.apply("r#type"), "type");
    }

    #[test]
    fn variants() {
        assert_eq!(Snake.apply("HttpGet"), "http_get");
        assert_eq!(ScreamingSnake.apply("NotFound"), "NOT_FOUND");
        assert_eq!(Camel.apply("NotFound"), "notFound");
        assert_eq!(Lower.apply("NotFound"), "notfound");
        assert_eq!(Pascal.apply("NotFound"), "NotFound");
    }
}
