avrox_codegen_macro::include_schema!("schemas/unknown_type.avsc");

fn main() {}
