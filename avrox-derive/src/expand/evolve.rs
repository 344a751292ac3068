//! The evolution items of the `AvroSchema` impl: the type's version and
//! its hooks (`migrate`, the `from`/`try_from` chain). How the fields
//! changed is recorded in the schema itself (`register_versions`).

use proc_macro2::TokenStream;
use quote::quote;

use super::active;
use crate::model::{Container, Data};

/// The items of the `AvroSchema` impl that differ from their defaults (one
/// version, no migration, no chain).
pub fn items(cont: &Container<'_>) -> TokenStream {
    let evolve = &cont.attrs.evolve;
    let version = evolve
        .version
        .get()
        .map(|version| quote!(const VERSION: u32 = #version;));
    let migrate = evolve.migrate.get().map(|path| {
        quote! {
            fn migrate(
                __value: Self,
                __from: ::core::option::Option<u32>,
            ) -> _avrox::Result<Self> {
                _avrox::__private::migrated(#path(__value, __from))
            }
        }
    });
    let chain = match (evolve.from.get(), evolve.try_from.get()) {
        (Some(old), _) => Some((
            old,
            quote!(|__old: #old| ::core::result::Result::Ok(<Self as ::core::convert::From<#old>>::from(__old))),
        )),
        (None, Some(old)) => Some((
            old,
            quote!(|__old: #old| <Self as ::core::convert::TryFrom<#old>>::try_from(__old).map_err(_avrox::__private::migration_error)),
        )),
        (None, None) => None,
    };
    let chain = chain.map(|(old, convert)| {
        quote! {
            fn chain(
                __writer: &_avrox::Schema,
                __depth: u32,
            ) -> ::core::option::Option<_avrox::Result<_avrox::__private::Chain<Self>>> {
                _avrox::__private::chain::<#old, Self>(__writer, __depth, #convert)
            }

            fn lineage(
                __depth: u32,
                __out: &mut _avrox::__private::Vec<(&'static _avrox::Schema, u32)>,
            ) {
                _avrox::__private::lineage_through::<Self, #old>(__depth, __out)
            }
        }
    });
    quote! {
        #version
        #migrate
        #chain
    }
}

/// How the fields changed: a `FieldChange` per field with `since` or
/// `renamed_in`.
fn changes(cont: &Container<'_>) -> Vec<TokenStream> {
    match &cont.data {
        Data::Record(_, fields) => active(fields)
            .filter(|f| f.attrs.evolve.since.is_set() || f.attrs.evolve.renamed_in.is_set())
            .map(|f| {
                let name = &f.avro_name;
                let since = f.attrs.evolve.since.get().copied().unwrap_or(1);
                let renamed_in = f.attrs.evolve.renamed_in.get().copied().unwrap_or(0);
                let old_name = match (renamed_in, f.attrs.aliases.first()) {
                    (n, Some(alias)) if n > 0 => quote!(::core::option::Option::Some(#alias)),
                    _ => quote!(::core::option::Option::None),
                };
                quote! {
                    _avrox::__private::FieldChange {
                        name: #name,
                        since: #since,
                        old_name: #old_name,
                        renamed_in: #renamed_in,
                    }
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// For the schema of a record with versions: records them in the builder
/// (`__b`, the record's name in `__name`), so that a type that holds this
/// one can read data of its older versions. `None` for a type at version 1.
pub fn register_versions(cont: &Container<'_>) -> Option<TokenStream> {
    let version = cont.attrs.evolve.version.get().copied().unwrap_or(1);
    if version < 2 || matches!(cont.data, Data::Transparent(_)) {
        return None;
    }
    let changes = changes(cont);
    Some(quote! {
        __b.versioned(&__name, #version, &[#(#changes),*]);
    })
}
