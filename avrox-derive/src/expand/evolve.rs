//! `Evolve`: the type's version, how its fields changed, and its hooks.

use proc_macro2::TokenStream;
use quote::quote;

use super::active;
use super::bounds::{self, Need};
use crate::ast::{Container, Data};

pub fn expand(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    // `Evolve: AvroSchema`: the same bounds as the schema's impl.
    let generics = bounds::generics(cont, Need::Schema);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let evolve = &cont.attrs.evolve;
    let version = evolve.version.get().copied().unwrap_or(1);
    let changes = match &cont.data {
        Data::Struct(_, fields) if !cont.attrs.transparent.is_set() => active(fields)
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
                    _avrox::resolve::FieldChange {
                        name: #name,
                        since: #since,
                        old_name: #old_name,
                        renamed_in: #renamed_in,
                    }
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let migrate = evolve.migrate.get().map(|path| {
        quote! {
            fn migrate(self, __from: ::core::option::Option<u32>) -> _avrox::Result<Self> {
                _avrox::__private::migrated(#path(self, __from))
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
            ) -> ::core::option::Option<_avrox::Result<_avrox::resolve::Chain<Self>>> {
                _avrox::resolve::chain::<#old, Self>(__writer, __depth, #convert)
            }

            fn lineage_knows(__fingerprint: u64, __depth: u32) -> bool {
                <Self as _avrox::resolve::Evolve>::history()
                    .find_fingerprint(__fingerprint)
                    .is_some()
                    || (__depth < _avrox::resolve::MAX_CHAIN
                        && <#old as _avrox::resolve::Evolve>::lineage_knows(__fingerprint, __depth + 1))
            }
        }
    });
    quote! {
        impl #impl_generics _avrox::resolve::Evolve for #ident #ty_generics #where_clause {
            const VERSION: u32 = #version;
            const CHANGES: &'static [_avrox::resolve::FieldChange] = &[#(#changes),*];
            #migrate
            #chain
        }
    }
}
