//! Tokens to the declarations of one IDL file: its protocol or main schema,
//! imports, named types (as schema JSON) and messages (as message JSON).

use serde_json::{Map, Value as Json};

use std::collections::VecDeque;

use crate::lexer::{Kind, Lexer, Token};

/// What one file declares, in the order written.
#[derive(Debug)]
pub(crate) struct FileDecls {
    /// The protocol, when the file declares one.
    pub(crate) protocol: Option<ProtocolDecl>,
    /// The namespace named types take by default.
    pub(crate) namespace: Option<String>,
    /// The main schema of a schema file (`schema T;`), with where it is.
    pub(crate) main_schema: Option<(Json, (usize, usize))>,
    pub(crate) items: Vec<Item>,
}

#[derive(Debug)]
pub(crate) struct ProtocolDecl {
    pub(crate) name: String,
    pub(crate) doc: Option<String>,
    pub(crate) properties: Map<String, Json>,
}

#[derive(Debug)]
pub(crate) enum Item {
    Import {
        kind: ImportKind,
        path: String,
        at: (usize, usize),
    },
    /// A named type: its fullname and its definition (references as written).
    Type {
        fullname: String,
        json: Json,
        at: (usize, usize),
    },
    Message {
        name: String,
        json: Json,
        at: (usize, usize),
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImportKind {
    Idl,
    Protocol,
    Schema,
}

/// A parse error: where and what.
pub(crate) type ParseError = ((usize, usize), String);
type Result<T> = std::result::Result<T, ParseError>;

/// An annotation: `@name(json)`.
struct Property {
    name: String,
    value: Json,
    at: (usize, usize),
}

const NAMED_KEYWORDS: [&str; 4] = ["record", "error", "enum", "fixed"];

/// JSON values any file may copy when one declaration names several
/// fields (`@big([...]) int a, b, c;` gives each field the type).
const MIN_COPY_BUDGET: usize = 1 << 16;
/// JSON values a file may copy that way per byte of its text.
const COPIES_PER_BYTE: usize = 8;

pub(crate) struct Parser<'t> {
    lexer: Lexer<'t>,
    /// Tokens lexed and not yet dropped: the current one at `index`, and
    /// one more for `peek_at(1)`. Consumed ones are dropped unless `pinned`
    /// (the parser may go back to a mark).
    tokens: VecDeque<Token>,
    index: usize,
    /// Whether the lexer has given `End` or an error, after which it is not asked again.
    lexed_all: bool,
    pinned: bool,
    namespace: Option<String>,
    depth: usize,
    max_depth: usize,
    /// JSON values copied so far, and how many may be: each field of a
    /// declaration gets its own copy of the type, so a large annotated type
    /// with many field names would cost their product.
    copied: usize,
    max_copied: usize,
}

impl<'t> Parser<'t> {
    /// A parser of IDL `text`.
    pub(crate) fn new(text: &'t str, max_depth: usize) -> Parser<'t> {
        let mut parser = Parser {
            lexer: Lexer::new(text),
            tokens: VecDeque::new(),
            index: 0,
            lexed_all: false,
            pinned: false,
            namespace: None,
            depth: 0,
            max_depth,
            copied: 0,
            max_copied: MIN_COPY_BUDGET.saturating_add(text.len().saturating_mul(COPIES_PER_BYTE)),
        };
        parser.fill();
        parser
    }

    /// Lexes until the token after the current one is in hand.
    fn fill(&mut self) {
        while !self.lexed_all && self.tokens.len() < self.index + 2 {
            let token = self
                .lexer
                .next_token()
                .unwrap_or_else(|((line, column), message)| Token {
                    kind: Kind::Error(message),
                    line,
                    column,
                    doc: None,
                });
            self.lexed_all = matches!(token.kind, Kind::End | Kind::Error(_));
            self.tokens.push_back(token);
        }
    }

    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        // The last token is `End` or an error, which is never consumed.
        self.tokens
            .get(self.index + ahead)
            .or_else(|| self.tokens.back())
            .unwrap_or(&END)
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        if !matches!(token.kind, Kind::End | Kind::Error(_)) {
            self.index += 1;
            if !self.pinned {
                self.tokens.drain(..self.index.min(self.tokens.len()));
                self.index = 0;
            }
            self.fill();
        }
        token
    }

    /// Where to come back to with [`Parser::reset`]; tokens are kept from here.
    fn mark(&mut self) -> usize {
        self.pinned = true;
        self.index
    }

    fn reset(&mut self, mark: usize) {
        self.index = mark;
        self.unpin();
    }

    fn unpin(&mut self) {
        self.pinned = false;
    }

    fn unexpected<T>(&self, expected: &str) -> Result<T> {
        let token = self.peek();
        if let Kind::Error(message) = &token.kind {
            return Err((token.at(), message.clone()));
        }
        Err((
            token.at(),
            format!("expected {expected}, found {}", token.describe()),
        ))
    }

    fn expect_punct(&mut self, c: char, expected: &str) -> Result<Token> {
        if self.peek().is_punct(c) {
            Ok(self.next())
        } else {
            self.unexpected(expected)
        }
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.peek().is_punct(c) {
            self.next();
            true
        } else {
            false
        }
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        if self.peek().is_keyword(word) {
            self.next();
            true
        } else {
            false
        }
    }

    fn expect_keyword(&mut self, word: &str) -> Result<()> {
        if self.eat_keyword(word) {
            Ok(())
        } else {
            self.unexpected(&format!("'{word}'"))
        }
    }

    fn identifier(&mut self, what: &str) -> Result<String> {
        match &self.peek().kind {
            Kind::Ident { text, .. } => {
                let text = text.clone();
                self.next();
                Ok(text)
            }
            _ => self.unexpected(what),
        }
    }

    /// A possibly dotted name: `a.b.C`.
    fn dotted(&mut self, what: &str) -> Result<String> {
        let mut name = self.identifier(what)?;
        while self.peek().is_punct('.') {
            self.next();
            name.push('.');
            name.push_str(&self.identifier(what)?);
        }
        Ok(name)
    }

    fn enter(&mut self, at: (usize, usize)) -> Result<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err((at, format!("nesting deeper than {} levels", self.max_depth)));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// A whole file.
    pub(crate) fn file(mut self) -> Result<FileDecls> {
        let doc = self.peek().doc.clone();
        // A protocol may be preceded by annotations; a schema file may not.
        let mark = self.mark();
        let properties = self.properties()?;
        if self.peek().is_keyword("protocol") {
            self.unpin();
            return self.protocol(doc, properties);
        }
        self.reset(mark);
        self.schema_file()
    }

    fn protocol(mut self, doc: Option<String>, properties: Vec<Property>) -> Result<FileDecls> {
        self.expect_keyword("protocol")?;
        let name = self.dotted("the protocol's name")?;
        let mut props = Map::new();
        for property in properties {
            if property.name == "namespace" {
                self.namespace = Some(string_value(&property, "namespace")?);
            } else {
                props.insert(property.name, property.value);
            }
        }
        if let Some((ns, _)) = name.rsplit_once('.') {
            self.namespace = Some(ns.to_owned());
        }
        self.expect_punct('{', "'{' after the protocol's name")?;
        let mut items = Vec::new();
        while !self.eat_punct('}') {
            if self.peek().kind == Kind::End {
                return self.unexpected("'}' to close the protocol");
            }
            items.push(self.protocol_item()?);
        }
        if self.peek().kind != Kind::End {
            return self.unexpected("the end of the file after the protocol");
        }
        Ok(FileDecls {
            protocol: Some(ProtocolDecl {
                name: name.rsplit('.').next().unwrap_or_default().to_owned(),
                doc,
                properties: props,
            }),
            namespace: self.namespace.clone(),
            main_schema: None,
            items,
        })
    }

    fn protocol_item(&mut self) -> Result<Item> {
        if self.peek().is_keyword("import") {
            return self.import();
        }
        let doc = self.peek().doc.clone();
        let at = self.peek().at();
        let properties = self.properties()?;
        if NAMED_KEYWORDS.iter().any(|k| self.peek().is_keyword(k)) {
            return self.named_type(doc, properties, at);
        }
        self.message(doc, properties, at)
    }

    fn schema_file(mut self) -> Result<FileDecls> {
        let mut main_schema = None;
        if self.eat_keyword("namespace") {
            let ns = self.dotted("a namespace")?;
            self.expect_punct(';', "';' after the namespace")?;
            self.namespace = Some(ns);
        }
        if self.peek().is_keyword("schema") {
            let at = self.next().at();
            let schema = self.full_type()?;
            self.expect_punct(';', "';' after the main schema")?;
            main_schema = Some((schema, at));
        }
        let mut items = Vec::new();
        while self.peek().kind != Kind::End {
            if self.peek().is_keyword("import") {
                items.push(self.import()?);
                continue;
            }
            let doc = self.peek().doc.clone();
            let at = self.peek().at();
            let properties = self.properties()?;
            if NAMED_KEYWORDS.iter().any(|k| self.peek().is_keyword(k)) {
                items.push(self.named_type(doc, properties, at)?);
            } else if self.peek().is_keyword("protocol") {
                return Err((
                    self.peek().at(),
                    "a protocol must be the only declaration of its file".into(),
                ));
            } else {
                return self.unexpected("an import or a named type (record, error, enum, fixed)");
            }
        }
        Ok(FileDecls {
            protocol: None,
            namespace: self.namespace.clone(),
            main_schema,
            items,
        })
    }

    fn import(&mut self) -> Result<Item> {
        let at = self.next().at();
        let kind = if self.eat_keyword("idl") {
            ImportKind::Idl
        } else if self.eat_keyword("protocol") {
            ImportKind::Protocol
        } else if self.eat_keyword("schema") {
            ImportKind::Schema
        } else {
            return self.unexpected("'idl', 'protocol' or 'schema' after 'import'");
        };
        let path = match &self.peek().kind {
            Kind::Str(path) => path.clone(),
            _ => return self.unexpected("the imported file's name, a string"),
        };
        self.next();
        self.expect_punct(';', "';' after the import")?;
        Ok(Item::Import { kind, path, at })
    }

    /// Annotations: `@name(json)`, any number.
    fn properties(&mut self) -> Result<Vec<Property>> {
        let mut properties = Vec::new();
        while self.peek().is_punct('@') {
            let at = self.next().at();
            let mut name = self.identifier("an annotation's name after '@'")?;
            while self.peek().is_punct('.') || self.peek().is_punct('-') {
                if let Kind::Punct(c) = self.next().kind {
                    name.push(c);
                }
                name.push_str(&self.identifier("an annotation's name")?);
            }
            self.expect_punct('(', "'(' and the annotation's value")?;
            let value = self.json()?;
            self.expect_punct(')', "')' after the annotation's value")?;
            properties.push(Property { name, value, at });
        }
        Ok(properties)
    }

    fn named_type(
        &mut self,
        doc: Option<String>,
        properties: Vec<Property>,
        at: (usize, usize),
    ) -> Result<Item> {
        let keyword = self.identifier("record, error, enum or fixed")?;
        // `record org.acme.User` names its namespace too, as in Java.
        let name = self.dotted(&format!("the {keyword}'s name"))?;
        let mut out = Map::new();
        out.insert("type".into(), keyword.clone().into());
        let mut namespace = self.namespace.clone();
        let mut extra = Map::new();
        let mut aliases = None;
        for property in properties {
            match property.name.as_str() {
                "namespace" => namespace = Some(string_value(&property, "namespace")?),
                "aliases" => aliases = Some(property.value),
                _ => {
                    extra.insert(property.name, property.value);
                }
            }
        }
        let (namespace, simple) = match name.rsplit_once('.') {
            Some((ns, simple)) => (Some(ns.to_owned()), simple.to_owned()),
            None => (namespace, name.clone()),
        };
        let fullname = match &namespace {
            Some(ns) if !ns.is_empty() => format!("{ns}.{simple}"),
            _ => simple.clone(),
        };
        out.insert("name".into(), simple.into());
        out.insert("namespace".into(), namespace.unwrap_or_default().into());
        if let Some(doc) = doc {
            out.insert("doc".into(), doc.into());
        }
        if let Some(aliases) = aliases {
            out.insert("aliases".into(), aliases);
        }
        match keyword.as_str() {
            "fixed" => {
                self.expect_punct('(', "'(' and the fixed type's size")?;
                let size = self.integer("the fixed type's size")?;
                self.expect_punct(')', "')' after the size")?;
                self.expect_punct(';', "';' after the fixed type")?;
                out.insert("size".into(), size);
            }
            "enum" => {
                self.expect_punct('{', "'{' and the enum's symbols")?;
                let mut symbols = Vec::new();
                if !self.eat_punct('}') {
                    loop {
                        // Java takes annotations on a symbol and drops them
                        // (a symbol is a name, with nowhere to keep them).
                        self.properties()?;
                        symbols.push(Json::String(self.identifier("an enum symbol")?));
                        if self.eat_punct('}') {
                            break;
                        }
                        self.expect_punct(',', "',' or '}' after an enum symbol")?;
                    }
                }
                out.insert("symbols".into(), Json::Array(symbols));
                if self.eat_punct('=') {
                    let default = self.identifier("the enum's default symbol")?;
                    self.expect_punct(';', "';' after the enum's default")?;
                    out.insert("default".into(), default.into());
                }
            }
            _ => {
                self.expect_punct('{', "'{' and the fields")?;
                let mut fields = Vec::new();
                while !self.eat_punct('}') {
                    if self.peek().kind == Kind::End {
                        return self.unexpected("a field or '}'");
                    }
                    self.field_declaration(&mut fields)?;
                }
                out.insert("fields".into(), Json::Array(fields));
            }
        }
        out.extend(extra);
        Ok(Item::Type {
            fullname,
            json: Json::Object(out),
            at,
        })
    }

    /// `type name [= default], name2 ...;`: one field per name.
    fn field_declaration(&mut self, fields: &mut Vec<Json>) -> Result<()> {
        let type_doc = self.peek().doc.clone();
        let at = self.peek().at();
        let (ty, nullable) = self.annotated_type()?;
        let size = json_values(&ty);
        loop {
            fields.push(self.variable(&ty, nullable, type_doc.clone())?);
            if self.eat_punct(';') {
                return Ok(());
            }
            self.expect_punct(',', "',' or ';' after a field")?;
            self.copied = self.copied.saturating_add(size);
            if self.copied > self.max_copied {
                return Err((
                    at,
                    format!(
                        "the fields declared with one type copy {} JSON values of their types in all, \
                         more than the limit of {} for a file of this size: declare a large type once, as a named type",
                        self.copied, self.max_copied
                    ),
                ));
            }
        }
    }

    /// A field or parameter name with its annotations and default.
    fn variable(&mut self, ty: &Json, nullable: bool, type_doc: Option<String>) -> Result<Json> {
        let doc = self.peek().doc.clone().or(type_doc);
        let properties = self.properties()?;
        let name = self.identifier("a field name")?;
        let mut field = Map::new();
        field.insert("name".into(), name.into());
        let default = if self.eat_punct('=') {
            Some(self.json()?)
        } else {
            None
        };
        // `T?` is a union with null: null first, unless the default is of T.
        let ty = if nullable {
            let null_last = default.as_ref().is_some_and(|d| !d.is_null());
            if null_last {
                Json::Array(vec![ty.clone(), "null".into()])
            } else {
                Json::Array(vec!["null".into(), ty.clone()])
            }
        } else {
            ty.clone()
        };
        field.insert("type".into(), ty);
        if let Some(doc) = doc {
            field.insert("doc".into(), doc.into());
        }
        if let Some(default) = default {
            field.insert("default".into(), default);
        }
        for property in properties {
            field.insert(property.name, property.value);
        }
        Ok(Json::Object(field))
    }

    /// A type with the annotations before it (which go on the type; on the
    /// non-null branch of `T?`), and whether it is `T?`.
    fn annotated_type(&mut self) -> Result<(Json, bool)> {
        let properties = self.properties()?;
        let at = self.peek().at();
        let ty = self.plain_type()?;
        let nullable = self.eat_punct('?');
        let ty = with_properties(ty, properties, at)?;
        Ok((ty, nullable))
    }

    /// A type as written inside `array<>`, `map<>`, `union {}` or `schema`.
    fn full_type(&mut self) -> Result<Json> {
        let (ty, nullable) = self.annotated_type()?;
        Ok(if nullable {
            Json::Array(vec!["null".into(), ty])
        } else {
            ty
        })
    }

    fn plain_type(&mut self) -> Result<Json> {
        let token = self.peek().clone();
        let at = token.at();
        let Kind::Ident { text, quoted } = &token.kind else {
            return self.unexpected("a type");
        };
        if *quoted {
            return self.dotted("a type").map(Json::String);
        }
        let logical = |kind: &str, logical: &str| {
            let mut object = Map::new();
            object.insert("type".into(), kind.into());
            object.insert("logicalType".into(), logical.into());
            Json::Object(object)
        };
        let ty = match text.as_str() {
            "array" | "map" => {
                let kind = text.clone();
                self.next();
                self.expect_punct('<', &format!("'<' after '{kind}'"))?;
                self.enter(at)?;
                let inner = self.full_type()?;
                self.leave();
                self.expect_punct('>', &format!("'>' to close '{kind}<'"))?;
                let key = if kind == "array" { "items" } else { "values" };
                let mut object = Map::new();
                object.insert("type".into(), kind.into());
                object.insert(key.into(), inner);
                Json::Object(object)
            }
            "union" => {
                self.next();
                self.expect_punct('{', "'{' after 'union'")?;
                self.enter(at)?;
                let mut branches = vec![self.full_type()?];
                while self.eat_punct(',') {
                    branches.push(self.full_type()?);
                }
                self.leave();
                self.expect_punct('}', "',' or '}' in the union")?;
                Json::Array(branches)
            }
            "decimal" => {
                self.next();
                self.expect_punct('(', "'(' and the decimal's precision")?;
                let precision = self.integer("the decimal's precision")?;
                // `decimal(9)` has the scale 0, as in Java.
                let scale = if self.eat_punct(',') {
                    self.integer("the decimal's scale")?
                } else {
                    Json::from(0)
                };
                self.expect_punct(')', "',' and the decimal's scale, or ')'")?;
                let mut object = Map::new();
                object.insert("type".into(), "bytes".into());
                object.insert("logicalType".into(), "decimal".into());
                object.insert("precision".into(), precision);
                object.insert("scale".into(), scale);
                Json::Object(object)
            }
            "date" => {
                self.next();
                logical("int", "date")
            }
            "time_ms" => {
                self.next();
                logical("int", "time-millis")
            }
            "timestamp_ms" => {
                self.next();
                logical("long", "timestamp-millis")
            }
            "local_timestamp_ms" => {
                self.next();
                logical("long", "local-timestamp-millis")
            }
            "uuid" => {
                self.next();
                logical("string", "uuid")
            }
            "void" => return Err((at, "'void' is only a message's response type".into())),
            _ => Json::String(self.dotted("a type")?),
        };
        Ok(ty)
    }

    fn integer(&mut self, what: &str) -> Result<Json> {
        let token = self.peek().clone();
        if let Kind::Number(text) = &token.kind
            && let Some(n) = parse_integer(text)
        {
            self.next();
            return Ok(Json::from(n));
        }
        self.unexpected(what)
    }

    fn message(
        &mut self,
        doc: Option<String>,
        properties: Vec<Property>,
        at: (usize, usize),
    ) -> Result<Item> {
        let response = if self.eat_keyword("void") {
            Json::from("null")
        } else {
            self.full_type()?
        };
        let name = self.identifier("a message name")?;
        let mut out = Map::new();
        if let Some(doc) = doc {
            out.insert("doc".into(), doc.into());
        }
        for property in properties {
            out.insert(property.name, property.value);
        }
        self.expect_punct('(', &format!("'(' and the parameters of message '{name}'"))?;
        let mut request = Vec::new();
        if !self.eat_punct(')') {
            loop {
                let type_doc = self.peek().doc.clone();
                let (ty, nullable) = self.annotated_type()?;
                request.push(self.variable(&ty, nullable, type_doc)?);
                if self.eat_punct(')') {
                    break;
                }
                self.expect_punct(',', "',' or ')' after a parameter")?;
            }
        }
        out.insert("request".into(), Json::Array(request));
        out.insert("response".into(), response);
        if self.eat_keyword("oneway") {
            out.insert("one-way".into(), true.into());
        } else if self.eat_keyword("throws") {
            let mut errors = vec![Json::String(self.dotted("an error type's name")?)];
            while self.eat_punct(',') {
                errors.push(Json::String(self.dotted("an error type's name")?));
            }
            out.insert("errors".into(), Json::Array(errors));
        }
        self.expect_punct(';', &format!("';' after message '{name}'"))?;
        Ok(Item::Message {
            name,
            json: Json::Object(out),
            at,
        })
    }

    /// A JSON value: a default or an annotation's value. `NaN`, `Infinity`
    /// and `-Infinity` are read as the strings Avro's JSON uses for them.
    fn json(&mut self) -> Result<Json> {
        let token = self.peek().clone();
        let at = token.at();
        match &token.kind {
            Kind::Str(s) => {
                self.next();
                Ok(Json::String(s.clone()))
            }
            Kind::Number(text) => {
                self.next();
                number(text).ok_or_else(|| (at, format!("invalid number '{text}'")))
            }
            Kind::Ident {
                text,
                quoted: false,
            } => {
                let value = match text.as_str() {
                    "true" => Json::Bool(true),
                    "false" => Json::Bool(false),
                    "null" => Json::Null,
                    "NaN" => Json::from("NaN"),
                    "Infinity" => Json::from("Infinity"),
                    _ => return self.unexpected("a JSON value"),
                };
                self.next();
                Ok(value)
            }
            Kind::Punct('-') if self.peek_at(1).is_keyword("Infinity") => {
                self.next();
                self.next();
                Ok(Json::from("-Infinity"))
            }
            Kind::Punct('[') => {
                self.next();
                self.enter(at)?;
                let mut items = Vec::new();
                if !self.eat_punct(']') {
                    loop {
                        items.push(self.json()?);
                        if self.eat_punct(']') {
                            break;
                        }
                        self.expect_punct(',', "',' or ']' in the JSON array")?;
                    }
                }
                self.leave();
                Ok(Json::Array(items))
            }
            Kind::Punct('{') => {
                self.next();
                self.enter(at)?;
                let mut object = Map::new();
                if !self.eat_punct('}') {
                    loop {
                        let key = match &self.peek().kind {
                            Kind::Str(key) => key.clone(),
                            _ => return self.unexpected("a JSON object's key, a string"),
                        };
                        self.next();
                        self.expect_punct(':', "':' after the key")?;
                        let value = self.json()?;
                        object.insert(key, value);
                        if self.eat_punct('}') {
                            break;
                        }
                        self.expect_punct(',', "',' or '}' in the JSON object")?;
                    }
                }
                self.leave();
                Ok(Json::Object(object))
            }
            _ => self.unexpected("a JSON value"),
        }
    }
}

static END: Token = Token {
    kind: Kind::End,
    line: 0,
    column: 0,
    doc: None,
};

/// How many JSON values `json` holds, itself included.
pub(crate) fn json_values(json: &Json) -> usize {
    let mut count = 0;
    let mut stack = vec![json];
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Json::Array(items) => stack.extend(items),
            Json::Object(object) => stack.extend(object.values()),
            _ => {}
        }
    }
    count
}

fn string_value(property: &Property, what: &str) -> Result<String> {
    match &property.value {
        Json::String(s) => Ok(s.clone()),
        other => Err((
            property.at,
            format!("@{what} takes a string, found {other}"),
        )),
    }
}

/// A type with annotations: an object type gets them as attributes; a
/// primitive becomes an object with them. A union and a reference to a
/// named type take none.
fn with_properties(ty: Json, properties: Vec<Property>, at: (usize, usize)) -> Result<Json> {
    if properties.is_empty() {
        return Ok(ty);
    }
    let mut object = match ty {
        Json::Object(object) => object,
        Json::String(name) if crate::is_primitive(&name) => {
            let mut object = Map::new();
            object.insert("type".into(), name.into());
            object
        }
        Json::String(name) => {
            return Err((
                at,
                format!(
                    "annotations cannot apply to a reference to the named type '{name}': annotate its declaration"
                ),
            ));
        }
        _ => {
            return Err((
                at,
                "annotations cannot apply to a union: annotate its branches".into(),
            ));
        }
    };
    for property in properties {
        object.insert(property.name, property.value);
    }
    Ok(Json::Object(object))
}

fn parse_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        i64::from_str_radix(digits, 8).ok()?
    } else {
        digits.parse().ok()?
    };
    Some(if negative { -value } else { value })
}

fn number(text: &str) -> Option<Json> {
    if let Some(n) = parse_integer(text) {
        return Some(Json::from(n));
    }
    let trimmed = text.trim_end_matches(['l', 'L']);
    if let Some(n) = parse_integer(trimmed) {
        return Some(Json::from(n));
    }
    serde_json::from_str::<serde_json::Number>(text.trim_end_matches(['f', 'F', 'd', 'D']))
        .ok()
        .map(Json::Number)
}
