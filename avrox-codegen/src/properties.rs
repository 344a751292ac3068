//! A schema's custom properties (`connect.name`, `avro.java.string`, ...)
//! as `#[avro(property(..))]` attributes of the derive.

use avrox::schema::Attributes;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value as Json;

/// Keys the derive does not take as properties: the schema's own
/// attributes, which the parser keeps apart, except those a logical type
/// the parser did not take leaves behind (kept, like the logical type,
/// out of the generated type), and the constraints (attributes of their
/// own).
const NOT_PROPERTIES: [&str; 4] = ["logicalType", "precision", "scale", "avrox.constraints"];

/// One `property(..)` for each custom property: a string as `value`, any
/// other JSON as `json` (its exact text).
pub(crate) fn attrs(attributes: &Attributes) -> Vec<TokenStream> {
    attributes
        .iter()
        .filter(|(key, _)| !NOT_PROPERTIES.contains(&key.as_str()))
        .map(|(key, value)| match value {
            Json::String(text) => quote!(property(key = #key, value = #text)),
            other => {
                let text = other.to_string();
                quote!(property(key = #key, json = #text))
            }
        })
        .collect()
}
