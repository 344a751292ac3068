avrox_codegen_macro::include_schema!("schemas/bad.avdl");

fn main() {}
