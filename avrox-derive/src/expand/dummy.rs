//! Stand-in impls emitted beside attribute errors, so that the only errors a
//! user sees are the real ones, not "trait not implemented" wherever the
//! type is used.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn dummy_impls(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut de_generics = input.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('__de));
    let (de_impl_generics, _, _) = de_generics.split_for_impl();
    quote! {
        const _: () = {
            impl #impl_generics ::avrox::AvroSchema for #ident #ty_generics #where_clause {
                fn add_schema(_: &mut ::avrox::schema::SchemaBuilder) -> ::avrox::schema::NodeId {
                    ::core::unreachable!("the derive failed; see the compile errors")
                }
            }
            impl #impl_generics ::avrox::Encode for #ident #ty_generics #where_clause {
                fn encode(&self, _: &mut ::std::vec::Vec<u8>) -> ::avrox::Result<()> {
                    ::core::unreachable!("the derive failed; see the compile errors")
                }
            }
            impl #de_impl_generics ::avrox::Decode<'__de> for #ident #ty_generics #where_clause {
                fn decode(_: &mut ::avrox::binary::SliceReader<'__de>) -> ::avrox::Result<Self> {
                    ::core::unreachable!("the derive failed; see the compile errors")
                }
            }
            impl #impl_generics ::avrox::ToValue for #ident #ty_generics #where_clause {
                fn to_value(&self) -> ::avrox::Value {
                    ::core::unreachable!("the derive failed; see the compile errors")
                }
            }
            impl #impl_generics ::avrox::FromValue for #ident #ty_generics #where_clause {
                fn from_value(_: ::avrox::Value) -> ::avrox::Result<Self> {
                    ::core::unreachable!("the derive failed; see the compile errors")
                }
            }
        };
    }
}
