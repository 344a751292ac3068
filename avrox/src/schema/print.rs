//! The schema model back to JSON, every attribute kept.

use std::collections::HashSet;

use serde_json::{Map, Value as Json};

use super::model::{LogicalType, NodeId, Order, Type};
use super::{Name, Schema};

pub(super) fn to_json(schema: &Schema) -> Json {
    let mut printer = Printer {
        schema,
        defined: HashSet::new(),
    };
    printer.node(schema.root_id(), None)
}

struct Printer<'s> {
    schema: &'s Schema,
    defined: HashSet<NodeId>,
}

impl Printer<'_> {
    fn node(&mut self, id: NodeId, enclosing_ns: Option<&str>) -> Json {
        let node = self.schema.node(id);
        if let Some(name) = node.name()
            && !self.defined.insert(id)
        {
            return Json::String(relative(name, enclosing_ns));
        }
        let mut out = Map::new();
        let bare = node.logical.is_none() && node.attributes.is_empty();
        match &node.ty {
            Type::Null
            | Type::Boolean
            | Type::Int
            | Type::Long
            | Type::Float
            | Type::Double
            | Type::Bytes
            | Type::String => {
                if bare {
                    return Json::String(node.ty.kind_name().to_owned());
                }
                out.insert("type".into(), node.ty.kind_name().into());
            }
            Type::Record(record) => {
                out.insert(
                    "type".into(),
                    if record.is_error { "error" } else { "record" }.into(),
                );
                name_attributes(
                    &mut out,
                    &record.name,
                    enclosing_ns,
                    &record.doc,
                    &record.aliases,
                );
                let ns = record.name.namespace();
                let fields = record
                    .fields
                    .iter()
                    .map(|field| {
                        let mut f = Map::new();
                        f.insert("name".into(), field.name.clone().into());
                        f.insert("type".into(), self.node(field.schema, ns));
                        if let Some(doc) = &field.doc {
                            f.insert("doc".into(), doc.clone().into());
                        }
                        if let Some(default) = &field.default {
                            f.insert("default".into(), default.clone());
                        }
                        if field.order != Order::Ascending {
                            f.insert("order".into(), field.order.as_str().into());
                        }
                        if !field.aliases.is_empty() {
                            f.insert("aliases".into(), field.aliases.clone().into());
                        }
                        f.extend(field.attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
                        Json::Object(f)
                    })
                    .collect();
                out.insert("fields".into(), Json::Array(fields));
            }
            Type::Enum(e) => {
                out.insert("type".into(), "enum".into());
                name_attributes(&mut out, &e.name, enclosing_ns, &e.doc, &e.aliases);
                out.insert("symbols".into(), e.symbols.clone().into());
                if let Some(default) = &e.default {
                    out.insert("default".into(), default.clone().into());
                }
            }
            Type::Array(items) => {
                out.insert("type".into(), "array".into());
                out.insert("items".into(), self.node(*items, enclosing_ns));
            }
            Type::Map(values) => {
                out.insert("type".into(), "map".into());
                out.insert("values".into(), self.node(*values, enclosing_ns));
            }
            Type::Union(union) => {
                return Json::Array(
                    union
                        .variants
                        .iter()
                        .map(|&v| self.node(v, enclosing_ns))
                        .collect(),
                );
            }
            Type::Fixed(f) => {
                out.insert("type".into(), "fixed".into());
                name_attributes(&mut out, &f.name, enclosing_ns, &f.doc, &f.aliases);
                out.insert("size".into(), f.size.into());
            }
        }
        if let Some(logical) = &node.logical {
            out.insert("logicalType".into(), logical.name().into());
            if let LogicalType::Decimal { precision, scale } = logical {
                out.insert("precision".into(), (*precision).into());
                out.insert("scale".into(), (*scale).into());
            }
        }
        out.extend(node.attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
        Json::Object(out)
    }
}

/// A reference to `name` as seen from `enclosing_ns`: the simple name when
/// the namespaces agree, else the fullname.
fn relative(name: &Name, enclosing_ns: Option<&str>) -> String {
    if name.namespace() == enclosing_ns {
        name.name().to_owned()
    } else {
        name.fullname().to_owned()
    }
}

fn name_attributes(
    out: &mut Map<String, Json>,
    name: &Name,
    enclosing_ns: Option<&str>,
    doc: &Option<String>,
    aliases: &[Name],
) {
    out.insert("name".into(), name.name().into());
    if name.namespace() != enclosing_ns {
        // The null namespace inside a namespaced type must be said: "".
        out.insert("namespace".into(), name.namespace().unwrap_or("").into());
    }
    if let Some(doc) = doc {
        out.insert("doc".into(), doc.clone().into());
    }
    if !aliases.is_empty() {
        let aliases: Vec<Json> = aliases
            .iter()
            .map(|a| relative(a, name.namespace()).into())
            .collect();
        out.insert("aliases".into(), Json::Array(aliases));
    }
}
