//! `include_schema!`: the Rust types of an Avro schema file, generated when
//! the crate compiles.
//!
//! This is a crate of its own because it parses schemas with `avrox`
//! (through `avrox-codegen`), and `avrox` depends on `avrox-derive`: a
//! schema-reading macro inside `avrox-derive` would make the packages a
//! cycle.
//!
//! ```
//! mod schemas {
//!     avrox_codegen_macro::include_schema!("tests/ui/schemas/user.avsc");
//! }
//! use schemas::com::acme::User;
//!
//! let user = User { user_id: 7, email: None };
//! let bytes = avrox::to_vec(&user)?;
//! assert_eq!(avrox::from_slice::<User>(&bytes)?, user);
//! # Ok::<(), avrox::Error>(())
//! ```

use std::path::PathBuf;

use proc_macro::{Literal, TokenStream, TokenTree};

/// Expands to the Rust types of the schema (`.avsc`), protocol (`.avpr`)
/// or Avro IDL (`.avdl`) file at the path given, relative to the crate's
/// folder (where its `Cargo.toml` is), as [`avrox_codegen::Builder`] makes
/// them with the default options (nested modules by namespace, `HashMap`,
/// avrox's logical types). An IDL file's imports are found beside it.
///
/// Each call defines the modules of its file's namespaces (`com::acme`
/// for `com.acme.User`), and Rust allows a module once in a module: put
/// each call in a module of its own when files share the first part of
/// a namespace, as two calls in one module are then an error (E0428,
/// "the name `com` is defined multiple times"). A file cannot use another
/// file's types: for that, list both in one [`avrox_codegen::Builder`].
///
/// ```
/// mod users {
///     avrox_codegen_macro::include_schema!("tests/ui/schemas/user.avsc");
/// }
/// mod accounts {
///     avrox_codegen_macro::include_schema!("tests/ui/schemas/account.avsc");
/// }
/// let _ = (users::com::acme::User { user_id: 1, email: None }, accounts::com::acme::Account { owner: 1 });
/// ```
///
/// ```compile_fail,E0428
/// // Both define `mod com` here.
/// avrox_codegen_macro::include_schema!("tests/ui/schemas/user.avsc");
/// avrox_codegen_macro::include_schema!("tests/ui/schemas/account.avsc");
/// ```
///
/// The crate is rebuilt when the file, or a file it imports, changes. A
/// file that cannot be read or is not valid is a compile error on the
/// path, naming the file and the place in it (the JSON path of a schema's
/// or protocol's problem, the line and column of an IDL file's).
///
/// ```
/// mod shop {
///     avrox_codegen_macro::include_schema!("tests/ui/schemas/shop.avdl");
/// }
/// use shop::org::acme::{Line, Receipt};
///
/// let line = Line { sku: "A-1".into(), quantity: 2 };
/// let bytes = avrox::to_vec(&line)?;
/// assert_eq!(avrox::from_slice::<Line>(&bytes)?, line);
/// let _ = Receipt([0; 8]);
/// # Ok::<(), avrox::Error>(())
/// ```
#[proc_macro]
pub fn include_schema(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter();
    let literal = match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Literal(literal)), None) => literal,
        (first, _) => {
            let span = first.map_or_else(proc_macro::Span::call_site, |t| t.span());
            return error(
                span,
                "include_schema! takes one string: the schema file's path, relative to the crate",
            );
        }
    };
    let Some(relative) = string_value(&literal) else {
        return error(
            literal.span(),
            "include_schema! takes a string literal: the schema file's path",
        );
    };
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return error(
            literal.span(),
            "CARGO_MANIFEST_DIR is not set: include_schema! runs under cargo",
        );
    };
    let root = PathBuf::from(root);
    let path = root.join(&relative);
    let (source, inputs) = match avrox_codegen::Builder::new()
        .file(&path)
        .to_source_and_inputs()
    {
        Ok(read) => read,
        Err(e) => {
            // Say the path as written, not the absolute one, and an
            // import's path from the crate's folder, so that the message is
            // the same on every machine.
            let message = e
                .to_string()
                .replace(&path.display().to_string(), &relative)
                .replace(&format!("{}/", root.display()), "");
            return error(literal.span(), &format!("include_schema!: {message}"));
        }
    };
    let Ok(types) = source.parse::<TokenStream>() else {
        return error(
            literal.span(),
            "include_schema!: the generated code does not parse; please report this",
        );
    };
    // Reading the file and its IDL imports through include_bytes! makes
    // cargo rebuild the crate when one of them changes.
    let mut out = TokenStream::new();
    for input in &inputs {
        let tracked: TokenStream = format!(
            "const _: &[u8] = ::core::include_bytes!({});",
            Literal::string(&input.display().to_string())
        )
        .parse()
        .unwrap_or_default();
        out.extend(tracked);
    }
    out.extend(types);
    out
}

/// The value of a plain string literal (`"..."`, no escapes but `\\` and
/// `\"`); `None` for anything else.
fn string_value(literal: &Literal) -> Option<String> {
    let text = literal.to_string();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        return None;
    }
    Some(inner.to_owned())
}

/// `compile_error!(message)` at `span`.
fn error(span: proc_macro::Span, message: &str) -> TokenStream {
    let tokens: TokenStream = format!("::core::compile_error!({});", Literal::string(message))
        .parse()
        .unwrap_or_default();
    tokens
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect()
}
