//! The attributes of schema evolution: `version`, `from`, `try_from` and
//! `migrate` on a type; `since` and `renamed_in` on a field.

use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Expr, ExprLit, Lit, LitInt, Path, Token};

use super::{Attr, skip_value, ungroup};
use crate::ctxt::Ctxt;

pub struct ContainerEvolve {
    pub version: Attr<u32>,
    pub from: Attr<syn::Type>,
    pub try_from: Attr<syn::Type>,
    pub migrate: Attr<Path>,
}

impl Default for ContainerEvolve {
    fn default() -> ContainerEvolve {
        ContainerEvolve {
            version: Attr::none("version"),
            from: Attr::none("from"),
            try_from: Attr::none("try_from"),
            migrate: Attr::none("migrate"),
        }
    }
}

impl ContainerEvolve {
    pub fn parse(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<()> {
        match key {
            "version" => {
                if let Some(n) = version_number(cx, meta)? {
                    self.version.set(cx, &meta.path, n);
                }
            }
            "from" | "try_from" => {
                if !meta.input.peek(Token![=]) {
                    cx.error_spanned_by(&meta.path, format!("expected a type: `{key} = OldType`"));
                    return skip_value(meta);
                }
                let ty: syn::Type = meta.value()?.parse()?;
                let attr = if key == "from" {
                    &mut self.from
                } else {
                    &mut self.try_from
                };
                attr.set(cx, &meta.path, ty);
            }
            _ => unreachable!("keys are checked against CONTAINER_KEYS"),
        }
        Ok(())
    }
}

pub struct FieldEvolve {
    pub since: Attr<u32>,
    pub renamed_in: Attr<u32>,
}

impl Default for FieldEvolve {
    fn default() -> FieldEvolve {
        FieldEvolve {
            since: Attr::none("since"),
            renamed_in: Attr::none("renamed_in"),
        }
    }
}

impl FieldEvolve {
    pub fn parse(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<()> {
        let attr = match key {
            "since" => &mut self.since,
            "renamed_in" => &mut self.renamed_in,
            _ => unreachable!("keys are checked against FIELD_KEYS"),
        };
        if let Some(n) = version_number(cx, meta)? {
            attr.set(cx, &meta.path, n);
        }
        Ok(())
    }
}

/// `key = N` with N a version number, from 1.
fn version_number(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<u32>> {
    let key = meta.path.to_token_stream().to_string();
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(
            &meta.path,
            format!("expected a version number: `{key} = 2`"),
        );
        return skip_value(meta).map(|_| None);
    }
    let expr = ungroup(meta.value()?.parse()?);
    let lit: Option<&LitInt> = match &expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => Some(i),
        _ => None,
    };
    match lit.map(|i| i.base10_parse::<u32>()) {
        Some(Ok(n)) if n >= 1 => Ok(Some(n)),
        _ => {
            cx.error_spanned_by(
                &expr,
                format!("`{key}` is a version number: an integer from 1"),
            );
            Ok(None)
        }
    }
}
