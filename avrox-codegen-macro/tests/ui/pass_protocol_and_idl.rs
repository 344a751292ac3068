mod shop {
    avrox_codegen_macro::include_schema!("schemas/shop.avdl");
}
mod mail {
    avrox_codegen_macro::include_schema!("schemas/mail.avpr");
}

use mail::org::acme::mail::{Message, Outcome};
use shop::org::acme::{Line, OutOfStock, Receipt};

fn main() {
    let line = Line { sku: "A-1".into(), quantity: 2 };
    let bytes = avrox::to_vec(&line).unwrap();
    assert_eq!(avrox::from_slice::<Line>(&bytes).unwrap(), line);
    let error = OutOfStock { sku: "A-1".into() };
    assert_eq!(avrox::from_slice::<OutOfStock>(&avrox::to_vec(&error).unwrap()).unwrap(), error);
    // The response type named in a message is generated like any type.
    assert_eq!(avrox::to_vec(&Receipt([7; 8])).unwrap(), [7; 8]);
    assert_eq!(avrox::to_vec(&Outcome::Queued).unwrap(), [2]);
    let message = Message { to: "ann".into(), body: "hi".into() };
    assert_eq!(
        <Message as avrox::AvroSchema>::schema().canonical_form(),
        r#"{"name":"org.acme.mail.Message","type":"record","fields":[{"name":"to","type":"string"},{"name":"body","type":"string"}]}"#
    );
    assert_eq!(avrox::from_slice::<Message>(&avrox::to_vec(&message).unwrap()).unwrap(), message);
}
