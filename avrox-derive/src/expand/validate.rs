//! Constraint checks: the `check_constraints` and `collect_failures` hooks
//! of `AvroSchema`, and the `"avrox.constraints"` attribute of each field's
//! schema.
//!
//! `check_constraints` is the fast path encoding and decoding run: a chain
//! of comparisons, no allocation. Only when it says no does
//! `collect_failures` walk the value again to build the report, with paths,
//! parameters and messages.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, Type};

use super::{active, codec};
use crate::attr::constraints::{BoundKind, Constraints, Kind, Literal};
use crate::check::constraints::{Shape, shape};
use crate::model::{Container, Data, Field, Style, Variant};

/// The two hooks, for the body of the `AvroSchema` impl.
pub fn expand_hooks(cont: &Container<'_>) -> TokenStream {
    let (fast, collect) = match &cont.data {
        Data::Transparent(t) => {
            // The struct is its field: no segment of its own in paths.
            let member = &t.field.member;
            let (fast, collect) = field_checks(&t.field, quote!(&self.#member), None);
            let fast = fast.iter();
            (quote!(true #(&& #fast)*), collect)
        }
        Data::Record(_, fields) => {
            let checks: Vec<_> = active(fields)
                .map(|f| {
                    let member = &f.member;
                    field_checks(f, quote!(&self.#member), Some(f.avro_name.as_str()))
                })
                .collect();
            let fast = checks.iter().filter_map(|(fast, _)| fast.as_ref());
            let collect = checks.iter().map(|(_, collect)| collect);
            (quote!(true #(&& #fast)*), quote!(#(#collect)*))
        }
        Data::Enum(_) => (quote!(true), TokenStream::new()),
        Data::Union(variants) => {
            let arms: Vec<_> = variants.iter().map(variant_checks).collect();
            let fast = arms
                .iter()
                .map(|(pattern, fast, _)| quote!(#pattern => #fast));
            let collect = arms
                .iter()
                .map(|(pattern, _, collect)| quote!(#pattern => { #collect }));
            (
                quote!(match self { #(#fast,)* }),
                quote!(match self { #(#collect)* }),
            )
        }
    };
    let (validate_fast, validate_collect) = match cont.attrs.validate.get() {
        Some(path) => {
            let name = path.to_token_stream().to_string();
            (
                quote!(&& #path(self).is_ok()),
                quote! {
                    // Like pydantic's model validators: after the fields pass.
                    if __c.len() == __before
                        && let ::core::result::Result::Err(__e) = #path(self)
                    {
                        _avrox::__private::fail_custom(__c, #name, (&_avrox::__private::Probe(self)).text(), &__e);
                    }
                },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        // Always true: computing it from the fields' types would make the
        // constant of a recursive type (directly, or through another type)
        // depend on itself, which does not compile. Containers of derived
        // types walk their elements; containers of strings and numbers,
        // inside derived types too, do not.
        const CONSTRAINED: bool = true;

        // `min = 0` on an unsigned field is always true, and fine.
        #[allow(unused_comparisons)]
        #[inline]
        fn check_constraints(&self) -> bool {
            #[allow(unused_imports)]
            use _avrox::__private::{DebugText as _, NoDebugText as _};
            (#fast) #validate_fast
        }

        #[allow(unused_comparisons)]
        fn collect_failures(&self, __c: &mut _avrox::__private::Collector) {
            #[allow(unused_imports)]
            use _avrox::__private::{DebugText as _, NoDebugText as _};
            let __before = __c.len();
            #collect
            #validate_collect
            let _ = __before;
        }
    }
}

/// The pattern of a data variant, its fast check and its collection.
fn variant_checks(variant: &Variant<'_>) -> (TokenStream, TokenStream, TokenStream) {
    let ident = variant.ident;
    let bindings: Vec<_> = (0..variant.fields.len())
        .map(|i| format_ident!("__v{}", i))
        .collect();
    let pattern = match variant.style {
        Style::Unit => quote!(Self::#ident),
        Style::Tuple => quote!(Self::#ident(#(#bindings),*)),
        Style::Named => {
            let members = variant.fields.iter().map(|f| &f.member);
            quote!(Self::#ident { #(#members: #bindings),* })
        }
    };
    let checks: Vec<_> = variant
        .fields
        .iter()
        .zip(&bindings)
        .filter(|(f, _)| !f.is_skipped())
        .map(|(f, b)| {
            let segment = variant.newtype().is_none().then_some(f.avro_name.as_str());
            field_checks(f, quote!(#b), segment)
        })
        .collect();
    let fast = checks.iter().filter_map(|(fast, _)| fast.as_ref());
    let collect = checks.iter().map(|(_, collect)| collect);
    let unused = &bindings;
    (
        quote!(#[allow(unused_variables)] #pattern),
        quote!({ #(let _ = #unused;)* true #(&& #fast)* }),
        quote!(#(#collect)*),
    )
}

/// A field's fast check (`None` when it has nothing to check) and its
/// collection. `value` is a reference to the field's value; `segment` its
/// name in paths (none for a transparent struct or a newtype variant).
fn field_checks(
    field: &Field<'_>,
    value: TokenStream,
    segment: Option<&str>,
) -> (Option<TokenStream>, TokenStream) {
    let ty = field.ty;
    // A field encoded by a codec is a leaf; any other may be a derived type
    // with constraints of its own.
    let nested = codec(field).is_none();
    let constraints = &field.attrs.constraints;
    if constraints.is_empty() && !nested {
        return (None, TokenStream::new());
    }
    let (own_fast, own_collect) = list(constraints, Some(ty));
    let nested_fast = nested.then(|| quote!(<#ty as _avrox::AvroSchema>::check_constraints(__v)));
    let nested_collect = nested.then(|| {
        quote! {
            if !<#ty as _avrox::AvroSchema>::check_constraints(__v) {
                <#ty as _avrox::AvroSchema>::collect_failures(__v, __c);
            }
        }
    });
    let fast_terms = own_fast.iter().chain(nested_fast.iter());
    let fast = quote!({
        let __v = #value;
        true #(&& #fast_terms)*
    });
    let (enter, leave) = match segment {
        Some(name) => (quote!(__c.enter_field(#name);), quote!(__c.leave();)),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let collect = quote! {{
        let __v = #value;
        #enter
        #(#own_collect)*
        #nested_collect
        #leave
    }};
    (Some(fast), collect)
}

/// The fast checks and the collecting statements of constraints on a value
/// `__v: &T`, `ty` being `T` when the derive can see it.
fn list(constraints: &Constraints, ty: Option<&Type>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let float = matches!(ty.map(shape), Some(Shape::Float));
    let mut fast = Vec::new();
    let mut collect = Vec::new();
    for c in &constraints.list {
        // Trait errors (`Length` not implemented for ..) point at the
        // constraint.
        let span = c
            .tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(proc_macro2::Span::call_site, |t| t.span());
        let (check, on_failure) = match &c.kind {
            Kind::Bound(b, expr) => {
                let bound = typed(expr, float);
                let check = match b {
                    BoundKind::Min => quote!(*__v >= #bound),
                    BoundKind::Max => quote!(*__v <= #bound),
                    BoundKind::ExclusiveMin => quote!(*__v > #bound),
                    BoundKind::ExclusiveMax => quote!(*__v < #bound),
                };
                let (param, text) = param(expr, &bound, float);
                let code = code(match b {
                    BoundKind::Min => "Min",
                    BoundKind::Max => "Max",
                    BoundKind::ExclusiveMin => "ExclusiveMin",
                    BoundKind::ExclusiveMax => "ExclusiveMax",
                });
                let fail = quote! {
                    _avrox::__private::fail_bound(
                        __c, #code, #param, &#text,
                        (&_avrox::__private::Probe(__v)).text(),
                    );
                };
                (check, fail)
            }
            Kind::MultipleOf(expr) => {
                let of = typed(expr, float);
                let (param, text) = param(expr, &of, float);
                (
                    quote_spanned!(span=> _avrox::__private::MultipleOf::multiple_of(__v, &#of)),
                    quote! {
                        _avrox::__private::fail_multiple_of(
                            __c, #param, &#text,
                            (&_avrox::__private::Probe(__v)).text(),
                        );
                    },
                )
            }
            Kind::Length { min, max } => {
                let length = quote_spanned!(span=> _avrox::__private::Length::length(__v));
                let min_check = min.as_ref().map(|m| quote!((#length >= #m)));
                let max_check = max.as_ref().map(|m| quote!((#length <= #m)));
                let terms = min_check.iter().chain(max_check.iter());
                let check = quote!(true #(&& #terms)*);
                let mut params = Vec::new();
                for (key, bound) in [("min", min), ("max", max)] {
                    let Some(bound) = bound else { continue };
                    let (param, _) = param(bound, &quote!(#bound), false);
                    params.push(quote!((#key, #param)));
                }
                let option = |bound: &Option<Box<Expr>>| match bound {
                    Some(bound) => quote!(::core::option::Option::Some(#bound)),
                    None => quote!(::core::option::Option::None),
                };
                let (min, max) = (option(min), option(max));
                let fail = quote! {
                    _avrox::__private::fail_length(
                        __c, &[#(#params),*], (#min, #max), #length,
                        _avrox::__private::length_unit(__v),
                        (&_avrox::__private::Probe(__v)).text(),
                    );
                };
                (check, fail)
            }
            Kind::NonEmpty => (
                quote_spanned!(span=> !_avrox::__private::Length::is_empty_value(__v)),
                quote! {
                    _avrox::__private::fail_non_empty(__c, (&_avrox::__private::Probe(__v)).text());
                },
            ),
            Kind::Pattern(lit) => {
                let matcher = pattern_matcher(lit);
                (
                    quote_spanned! {lit.span()=> {
                        #matcher
                        __PATTERN.is_match(::core::convert::AsRef::<str>::as_ref(__v))
                    }},
                    quote! {
                        _avrox::__private::fail_pattern(__c, #lit, (&_avrox::__private::Probe(__v)).text());
                    },
                )
            }
            Kind::OneOf(items) => {
                let checks = items.iter().map(|item| {
                    let item = typed(item, float);
                    quote!(*__v == #item)
                });
                let literals: Option<Vec<Literal>> = items.iter().map(Literal::of).collect();
                let fail = match literals {
                    Some(literals) => {
                        let texts: Vec<String> = literals
                            .iter()
                            .map(|l| {
                                if float {
                                    l.as_float().unwrap_or(l.clone())
                                } else {
                                    l.clone()
                                }
                            })
                            .map(|l| l.json())
                            .collect();
                        let json = format!("[{}]", texts.join(","));
                        quote! {
                            _avrox::__private::fail_one_of(
                                __c, _avrox::__private::json(#json), &[#(#texts),*],
                                (&_avrox::__private::Probe(__v)).text(),
                            );
                        }
                    }
                    None => {
                        let texts = items
                            .iter()
                            .map(|item| quote!((&_avrox::__private::Probe(&#item)).text()));
                        quote! {
                            let __texts = [#(#texts),*];
                            _avrox::__private::fail_one_of(
                                __c,
                                _avrox::__private::Json::Array(
                                    __texts.iter().cloned().map(_avrox::__private::Json::String).collect(),
                                ),
                                &__texts,
                                (&_avrox::__private::Probe(__v)).text(),
                            );
                        }
                    }
                };
                (quote!((false #(|| #checks)*)), fail)
            }
            Kind::Custom(path) => {
                let name = path.to_token_stream().to_string();
                fast.push(quote!(#path(__v).is_ok()));
                collect.push(quote! {
                    if let ::core::result::Result::Err(__e) = #path(__v) {
                        _avrox::__private::fail_custom(__c, #name, (&_avrox::__private::Probe(__v)).text(), &__e);
                    }
                });
                continue;
            }
            Kind::Inner(inner) => {
                let element = match ty.map(shape) {
                    Some(Shape::Collection(item) | Shape::Option(item)) => item,
                    _ => None,
                };
                let (inner_fast, inner_collect) = list(inner, element);
                fast.push(quote_spanned! {span=>
                    _avrox::__private::Elements::all_elements(__v, |__v| true #(&& #inner_fast)*)
                });
                collect.push(quote! {
                    _avrox::__private::Elements::each_element(__v, __c, |__v, __c| {
                        #(#inner_collect)*
                    });
                });
                continue;
            }
        };
        collect.push(quote! {
            if !(#check) {
                #on_failure
            }
        });
        fast.push(check);
    }
    (fast, collect)
}

fn code(variant: &str) -> TokenStream {
    let variant = format_ident!("{}", variant);
    quote!(_avrox::__private::Code::#variant)
}

/// The bound as code: its expression, or for a float field an integer
/// literal written as a float (`1` as `1.0`, which Rust would not infer).
fn typed(expr: &Expr, float: bool) -> TokenStream {
    match Literal::of(expr) {
        Some(Literal::Int(i)) if float => {
            let lit = proc_macro2::Literal::f64_unsuffixed(i.unsigned_abs() as f64);
            let lit = quote_spanned!(expr.span()=> #lit);
            if i < 0 { quote!((-#lit)) } else { lit }
        }
        _ => quote_spanned!(expr.span()=> (#expr)),
    }
}

/// A bound's parameter (JSON) and its text in messages: the literal's JSON
/// when it is one, else the bound's `Debug` text.
fn param(expr: &Expr, bound: &TokenStream, float: bool) -> (TokenStream, TokenStream) {
    match Literal::of(expr) {
        Some(literal) => {
            let literal = if float {
                literal.as_float().unwrap_or(literal)
            } else {
                literal
            };
            let json = literal.json();
            (quote!(_avrox::__private::json(#json)), quote!(#json))
        }
        None => {
            let text = quote!((&_avrox::__private::Probe(&#bound)).text());
            (quote!(_avrox::__private::Json::String(#text)), text)
        }
    }
}

/// `.with_attribute("avrox.constraints", ..)` for a field whose constraints
/// include literals a schema can carry.
pub fn schema_attribute(field: &Field<'_>) -> Option<TokenStream> {
    let json = field_json(field)?;
    Some(quote!(.with_attribute("avrox.constraints", _avrox::__private::json(#json))))
}

/// The schema node of a `transparent` struct's or a newtype variant's field
/// (`schema`, an expression), carrying the field's literal constraints as
/// the type's own: there is no record field to hang them on.
pub fn with_type_constraints(field: &Field<'_>, schema: TokenStream) -> TokenStream {
    match field_json(field) {
        Some(json) => quote!({
            let __node = #schema;
            __b.add_attribute(__node, "avrox.constraints", _avrox::__private::json(#json));
            __node
        }),
        None => schema,
    }
}

/// The JSON of a field's constraints that a schema can carry.
fn field_json(field: &Field<'_>) -> Option<String> {
    // A codec module decides the Avro type, which the derive cannot see.
    if field.attrs.with.is_set() {
        return None;
    }
    let float = matches!(shape(field.ty), Shape::Float);
    schema_json(&field.attrs.constraints, float, Some(field.ty))
}

/// The JSON object of the constraints that are literals; `None` when none is.
fn schema_json(constraints: &Constraints, float: bool, ty: Option<&Type>) -> Option<String> {
    let mut entries: Vec<String> = Vec::new();
    let number = |e: &Expr| {
        Literal::of(e)
            .filter(|l| l.number().is_some())
            .map(|l| if float { l.as_float().unwrap_or(l) } else { l })
            .map(|l| l.json())
    };
    for c in &constraints.list {
        let entry = match &c.kind {
            Kind::Bound(b, e) => number(e).map(|v| format!("\"{}\":{v}", b.key())),
            Kind::MultipleOf(e) => number(e).map(|v| format!("\"multiple_of\":{v}")),
            Kind::Length { min, max } => {
                let int = |e: &Option<Box<Expr>>| match e.as_deref().and_then(Literal::of) {
                    Some(Literal::Int(i)) if i >= 0 => Some(i),
                    _ => None,
                };
                let parts: Vec<String> = [("min", int(min)), ("max", int(max))]
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| format!("\"{k}\":{v}")))
                    .collect();
                (!parts.is_empty()).then(|| format!("\"length\":{{{}}}", parts.join(",")))
            }
            Kind::NonEmpty => Some("\"non_empty\":true".into()),
            Kind::Pattern(p) => Some(format!(
                "\"pattern\":{}",
                crate::attr::constraints::json_string(&p.value())
            )),
            Kind::OneOf(items) => {
                let literals: Option<Vec<Literal>> = items.iter().map(Literal::of).collect();
                literals.map(|ls| {
                    let texts: Vec<String> = ls
                        .into_iter()
                        .map(|l| if float { l.as_float().unwrap_or(l) } else { l })
                        .map(|l| l.json())
                        .collect();
                    format!("\"one_of\":[{}]", texts.join(","))
                })
            }
            Kind::Custom(_) => None,
            Kind::Inner(inner) => {
                let element = match ty.map(shape) {
                    Some(Shape::Collection(item) | Shape::Option(item)) => item,
                    _ => None,
                };
                // A sequence of `u8` is Avro `bytes` (or `fixed`), whose
                // bytes a schema cannot constrain one by one.
                if matches!(ty.map(shape), Some(Shape::Collection(_))) && element.is_some_and(is_u8)
                {
                    continue;
                }
                let float = matches!(element.map(shape), Some(Shape::Float));
                schema_json(inner, float, element).map(|j| format!("\"inner\":{j}"))
            }
        };
        entries.extend(entry);
    }
    (!entries.is_empty()).then(|| format!("{{{}}}", entries.join(",")))
}

fn is_u8(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident("u8"))
}

/// The `static __PATTERN` that matches `lit`: DFA tables built now, or a
/// regex-lite `Pattern` compiled on first use when the DFA would be large.
#[cfg(feature = "pattern")]
fn pattern_matcher(lit: &syn::LitStr) -> TokenStream {
    match super::pattern_dfa::compile(&lit.value()) {
        Some(t) => {
            let (classes, table, start, accepting) = (t.classes, t.table, t.start, t.accepting);
            quote! {
                static __PATTERN: _avrox::__private::Dfa = _avrox::__private::Dfa {
                    classes: [#(#classes),*],
                    table: &[#(#table),*],
                    start: #start,
                    accepting: #accepting,
                };
            }
        }
        None => quote_spanned! {lit.span()=>
            static __PATTERN: _avrox::__private::Pattern = _avrox::__private::Pattern::new(#lit);
        },
    }
}

/// Without the feature the check has already refused every `pattern`; should
/// one get here, it still fails to compile with the same reason.
#[cfg(not(feature = "pattern"))]
fn pattern_matcher(lit: &syn::LitStr) -> TokenStream {
    let message = crate::check::constraints::NO_PATTERN_FEATURE;
    quote_spanned! {lit.span()=> ::core::compile_error!(#message); }
}
