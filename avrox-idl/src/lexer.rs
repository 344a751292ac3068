//! IDL text to tokens, each with its line and column and the documentation
//! comment (`/** ... */`) just before it, lexed one at a time as the parser
//! asks: an error early in a large file costs no more than the text before
//! it.

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A name; `quoted` when written in backquotes, which makes a keyword
    /// an ordinary name.
    Ident { text: String, quoted: bool },
    /// A string literal, unescaped.
    Str(String),
    /// A number literal, as written.
    Number(String),
    /// One punctuation character.
    Punct(char),
    /// The end of the text.
    End,
    /// Text that is no token: the error, where the parser meets it.
    Error(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// The last documentation comment between the previous token and this.
    pub(crate) doc: Option<String>,
}

impl Token {
    pub(crate) fn at(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    /// Whether this is the unquoted keyword `word`.
    pub(crate) fn is_keyword(&self, word: &str) -> bool {
        matches!(&self.kind, Kind::Ident { text, quoted: false } if text == word)
    }

    pub(crate) fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// How the token is named in an error message.
    pub(crate) fn describe(&self) -> String {
        match &self.kind {
            Kind::Ident { text, quoted: true } => format!("`{text}`"),
            Kind::Ident { text, .. } => format!("'{text}'"),
            Kind::Str(s) => format!("the string {}", serde_json::Value::from(s.as_str())),
            Kind::Number(n) => format!("the number {n}"),
            Kind::Punct(c) => format!("'{c}'"),
            Kind::End => "the end of the file".to_owned(),
            Kind::Error(message) => message.clone(),
        }
    }
}

/// A lexing error: where and what.
pub(crate) type LexError = ((usize, usize), String);

pub(crate) struct Lexer<'t> {
    chars: std::iter::Peekable<std::str::Chars<'t>>,
    line: usize,
    column: usize,
    /// The last documentation comment since the previous token.
    doc: Option<String>,
}

impl<'t> Lexer<'t> {
    pub(crate) fn new(text: &'t str) -> Lexer<'t> {
        // A byte order mark starts some files written on Windows; Java's
        // reader skips it too.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Lexer {
            chars: text.chars().peekable(),
            line: 1,
            column: 1,
            doc: None,
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn at(&self) -> (usize, usize) {
        (self.line, self.column)
    }
}

impl Lexer<'_> {
    /// The next token; [`Kind::End`] at the end of the text, and after it.
    pub(crate) fn next_token(&mut self) -> Result<Token, LexError> {
        let lx = self;
        loop {
            let Some(c) = lx.peek() else {
                return Ok(Token {
                    kind: Kind::End,
                    line: lx.line,
                    column: lx.column,
                    doc: lx.doc.take(),
                });
            };
            let start = lx.at();
            if c.is_whitespace() {
                lx.bump();
                continue;
            }
            let kind = if c == '/' {
                lx.bump();
                match lx.peek() {
                    Some('/') => {
                        while let Some(c) = lx.peek() {
                            if c == '\n' {
                                break;
                            }
                            lx.bump();
                        }
                        continue;
                    }
                    Some('*') => {
                        lx.bump();
                        let body = block_comment(lx, start)?;
                        // `/**/` is an empty ordinary comment, not documentation.
                        if let Some(text) = body.strip_prefix('*')
                            && !body.is_empty()
                        {
                            lx.doc = Some(doc_text(text));
                        }
                        continue;
                    }
                    _ => Kind::Punct('/'),
                }
            } else if c == '`' {
                lx.bump();
                let mut text = String::new();
                loop {
                    match lx.bump() {
                        Some('`') => break,
                        Some('\n') | None => {
                            return Err((
                                start,
                                "unterminated `quoted` name: a '`' must close it on the same line"
                                    .into(),
                            ));
                        }
                        Some(c) => text.push(c),
                    }
                }
                Kind::Ident { text, quoted: true }
            } else if c == '"' {
                Kind::Str(string(lx, start)?)
            } else if c.is_ascii_digit() || (c == '-' && next_is_digit(lx)) {
                let mut text = String::new();
                text.push(c);
                lx.bump();
                while let Some(c) = lx.peek() {
                    let exponent_sign = (c == '-' || c == '+')
                        && text.ends_with(['e', 'E'])
                        && !text.starts_with("0x")
                        && !text.starts_with("-0x");
                    if c.is_ascii_alphanumeric() || c == '.' || exponent_sign {
                        text.push(c);
                        lx.bump();
                    } else {
                        break;
                    }
                }
                Kind::Number(text)
            } else if c.is_alphabetic() || c == '_' {
                let mut text = String::new();
                while let Some(c) = lx.peek() {
                    if c.is_alphanumeric() || c == '_' {
                        text.push(c);
                        lx.bump();
                    } else {
                        break;
                    }
                }
                Kind::Ident {
                    text,
                    quoted: false,
                }
            } else if "{}()<>[],;=:@?.-".contains(c) {
                lx.bump();
                Kind::Punct(c)
            } else {
                return Err((start, format!("unexpected character {c:?}")));
            };
            return Ok(Token {
                kind,
                line: start.0,
                column: start.1,
                doc: lx.doc.take(),
            });
        }
    }
}

fn next_is_digit(lx: &Lexer<'_>) -> bool {
    let mut ahead = lx.chars.clone();
    ahead.next();
    ahead.next().is_some_and(|c| c.is_ascii_digit())
}

/// The body of a `/* */` comment (after `/*`, before `*/`).
fn block_comment(lx: &mut Lexer<'_>, start: (usize, usize)) -> Result<String, LexError> {
    let mut body = String::new();
    loop {
        match lx.bump() {
            Some('*') if lx.peek() == Some('/') => {
                lx.bump();
                return Ok(body);
            }
            Some(c) => body.push(c),
            None => {
                return Err((
                    start,
                    "unterminated comment: '/*' is never closed by '*/'".into(),
                ));
            }
        }
    }
}

/// A JSON string literal, unescaped by the JSON rules.
fn string(lx: &mut Lexer<'_>, start: (usize, usize)) -> Result<String, LexError> {
    let mut raw = String::new();
    raw.push('"');
    lx.bump();
    loop {
        match lx.bump() {
            Some('"') => {
                raw.push('"');
                break;
            }
            Some('\\') => match lx.bump() {
                // Java's `\'`, which JSON does not have.
                Some('\'') => raw.push('\''),
                Some(c) => {
                    raw.push('\\');
                    raw.push(c);
                }
                None => break,
            },
            Some('\n') | None => {
                return Err((
                    start,
                    "unterminated string: a '\"' must close it on the same line".into(),
                ));
            }
            Some(c) => raw.push(c),
        }
    }
    serde_json::from_str::<String>(&raw)
        .map_err(|e| (start, format!("invalid string literal: {e}")))
}

/// A documentation comment's text: the lines without their leading `*`
/// margin, blank lines at either end dropped.
fn doc_text(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    // A margin of `*` on every line after the first is decoration, as is
    // the one space after it.
    let starred = lines
        .iter()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .all(|line| line.trim_start().starts_with('*'));
    let stripped: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            if i > 0 && starred {
                let rest = line.trim_start();
                let rest = rest.strip_prefix('*').unwrap_or(rest);
                rest.strip_prefix(' ').unwrap_or(rest).trim_end().to_owned()
            } else {
                line.trim().to_owned()
            }
        })
        .collect();
    let first = stripped.iter().position(|l| !l.trim().is_empty());
    let last = stripped.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => stripped
            .get(first..=last)
            .map(|lines| lines.join("\n"))
            .unwrap_or_default(),
        _ => String::new(),
    }
}
