avrox_codegen_macro::include_schema!("schemas/truncated.avpr");

fn main() {}
