//! Parsing Canonical Form, exactly as the specification's transformations
//! define it: primitives as bare names, fullnames everywhere, only the
//! attributes that affect parsing, in a fixed order, no whitespace.

use std::collections::HashSet;

use super::Schema;
use super::model::{NodeId, Type};

pub(super) fn canonical_form(schema: &Schema) -> String {
    let mut out = String::new();
    let mut defined = HashSet::new();
    write(schema, schema.root_id(), &mut out, &mut defined);
    out
}

fn write(schema: &Schema, id: NodeId, out: &mut String, defined: &mut HashSet<NodeId>) {
    let node = schema.node(id);
    // A named type is written in full once; after that by its fullname.
    if let Some(name) = node.name()
        && !defined.insert(id)
    {
        string(out, name.fullname());
        return;
    }
    match &node.ty {
        Type::Null
        | Type::Boolean
        | Type::Int
        | Type::Long
        | Type::Float
        | Type::Double
        | Type::Bytes
        | Type::String => string(out, node.ty.kind_name()),
        Type::Record(record) => {
            out.push_str("{\"name\":");
            string(out, record.name.fullname());
            out.push_str(",\"type\":\"record\",\"fields\":[");
            for (i, field) in record.fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"name\":");
                string(out, &field.name);
                out.push_str(",\"type\":");
                write(schema, field.schema, out, defined);
                out.push('}');
            }
            out.push_str("]}");
        }
        Type::Enum(e) => {
            out.push_str("{\"name\":");
            string(out, e.name.fullname());
            out.push_str(",\"type\":\"enum\",\"symbols\":[");
            for (i, symbol) in e.symbols.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, symbol);
            }
            out.push_str("]}");
        }
        Type::Array(items) => {
            out.push_str("{\"type\":\"array\",\"items\":");
            write(schema, *items, out, defined);
            out.push('}');
        }
        Type::Map(values) => {
            out.push_str("{\"type\":\"map\",\"values\":");
            write(schema, *values, out, defined);
            out.push('}');
        }
        Type::Union(union) => {
            out.push('[');
            for (i, &variant) in union.variants.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(schema, variant, out, defined);
            }
            out.push(']');
        }
        Type::Fixed(f) => {
            out.push_str("{\"name\":");
            string(out, f.name.fullname());
            out.push_str(",\"type\":\"fixed\",\"size\":");
            out.push_str(&f.size.to_string());
            out.push('}');
        }
    }
}

/// A JSON string literal with characters as UTF-8, not `\u` escapes
/// ([STRINGS]). Names and symbols are restricted to `[A-Za-z0-9_.]`, so only
/// the quote and backslash rules of JSON could ever apply; they are kept for
/// safety.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
