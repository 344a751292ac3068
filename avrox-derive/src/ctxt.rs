//! Collects every error found in a derive input, so that all of them are
//! reported at once, each at the span it belongs to.
//!
//! A `Ctxt` must end in [`Ctxt::check`]: dropping one whose errors were
//! never looked at panics, so an error recorded on a path that forgot to
//! check cannot vanish and let the derive emit code for invalid input.

use std::cell::RefCell;
use std::fmt::Display;
use std::thread;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The errors of one derive invocation.
pub struct Ctxt {
    /// `None` once [`Ctxt::check`] has taken them.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub fn new() -> Ctxt {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// An error spanning `tokens`.
    pub fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// An error built elsewhere (by syn while parsing).
    pub fn syn_error(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("a Ctxt is not used after check")
            .push(error);
    }

    /// Every error, combined, or `Ok` if there were none. Consumes the
    /// context, which then drops quietly.
    pub fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        // Not while unwinding: a second panic would abort and hide the first.
        if !thread::panicking() && self.errors.get_mut().is_some() {
            panic!("avrox-derive: a Ctxt was dropped without checking its errors");
        }
    }
}

/// The compile errors of `error` as tokens.
pub fn to_compile_errors(error: syn::Error) -> TokenStream {
    error.to_compile_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "dropped without checking its errors")]
    fn dropping_unchecked_panics() {
        let cx = Ctxt::new();
        cx.error_spanned_by(quote::quote!(x), "lost");
        drop(cx);
    }

    #[test]
    #[should_panic(expected = "dropped without checking its errors")]
    fn dropping_unchecked_without_errors_panics() {
        drop(Ctxt::new());
    }

    #[test]
    fn checked_drops_quietly() {
        let cx = Ctxt::new();
        cx.error_spanned_by(quote::quote!(x), "first");
        cx.error_spanned_by(quote::quote!(y), "second");
        let messages: Vec<String> = cx
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(messages, ["first", "second"]);
        assert!(Ctxt::new().check().is_ok());
    }

    #[test]
    #[should_panic(expected = "first panic")]
    fn no_second_panic_while_unwinding() {
        let _cx = Ctxt::new();
        panic!("first panic");
    }
}
