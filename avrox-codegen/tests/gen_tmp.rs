#[test]
fn show() {
    let b = avrox_codegen::Builder::new().file("tests/gallery/every_type.avsc");
    println!("{}", b.to_source().unwrap());
}
