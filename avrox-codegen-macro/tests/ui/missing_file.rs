avrox_codegen_macro::include_schema!("schemas/missing.avsc");

fn main() {}
