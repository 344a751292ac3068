mod schemas {
    avrox_codegen_macro::include_schema!("schemas/user.avsc");
}

use schemas::com::acme::User;

fn main() {
    let user = User { user_id: 7, email: Some("a@example.com".into()) };
    let bytes = avrox::to_vec(&user).unwrap();
    assert_eq!(avrox::from_slice::<User>(&bytes).unwrap(), user);
    assert_eq!(
        <User as avrox::AvroSchema>::schema().canonical_form(),
        r#"{"name":"com.acme.User","type":"record","fields":[{"name":"userId","type":"long"},{"name":"email","type":["null","string"]}]}"#
    );
}
