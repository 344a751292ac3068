//! `#[derive(Avro)]` for [avrox](https://docs.rs/avrox): an Avro schema, a
//! binary encoder and a borrowing decoder, and conversions to and from
//! `avrox::Value`, generated for a struct or enum.
//!
//! Use it through the `avrox` crate (`use avrox::Avro;`), whose
//! documentation and book describe the mapping and every attribute.
//!
//! The macro is a small pipeline: `attr` parses `#[avro(...)]` into typed
//! values, `ast` builds the container, fields and variants, `check`
//! applies the rules across attributes and turns the input into the
//! checked `model`, and `expand` writes the impls from that model.
//! Every error found on the way is collected and reported at once, at the
//! attribute at fault, beside stand-in impls.

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod expand;
mod model;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `AvroSchema`, `Encode`, `Decode`, `ToValue` and `FromValue`.
#[proc_macro_derive(Avro, attributes(avro))]
pub fn derive_avro(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::new();
    let model = ast::Container::from_ast(&cx, input).and_then(|cont| check::check(&cx, cont));
    let errors = match (cx.check(), model) {
        (Ok(()), Some(model)) => return expand::expand(&model),
        (Err(errors), _) => errors,
        // The check leaves out the model only where a rule failed, with its
        // error; should that ever not hold, the build still fails.
        (Ok(()), None) => syn::Error::new_spanned(
            &input.ident,
            "avrox-derive could not check this type (an internal error; please report it)",
        ),
    };
    let mut out = ctxt::to_compile_errors(errors);
    out.extend(expand::dummy_impls(input));
    out
}

#[cfg(test)]
mod tests {
    /// avrox depends on exactly this release of the derive (`=x.y.z`): the
    /// generated code calls avrox's hidden items, which are no stable API.
    #[test]
    fn avrox_pins_the_derive_exactly() {
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
        let text = std::fs::read_to_string(manifest).expect("the workspace manifest");
        let line = text
            .lines()
            .find(|line| line.starts_with("avrox-derive ="))
            .expect("the workspace dependency on avrox-derive");
        let pin = format!("version = \"={}\"", env!("CARGO_PKG_VERSION"));
        assert!(line.contains(&pin), "{line} does not pin {pin}");
    }

    /// Without the `pattern` feature (avrox's, which turns on the derive's)
    /// no regex engine is compiled, and a `pattern` says which feature to
    /// turn on; with it, the pattern compiles to a matcher.
    #[test]
    fn pattern_follows_the_feature() {
        let input: syn::DeriveInput = syn::parse_quote! {
            struct S {
                #[avro(pattern = "^a+$")]
                s: String,
            }
        };
        let out = super::derive(&input).to_string();
        let refused = out.contains("needs avrox's `pattern` feature");
        assert_eq!(refused, cfg!(not(feature = "pattern")), "{out}");
        assert_eq!(
            out.contains("__PATTERN"),
            cfg!(feature = "pattern"),
            "{out}"
        );
    }
}
