avrox_codegen_macro::include_schema!(schemas::user);

fn main() {}
