//! The fixed schemas the targets read data under, chosen by an input's
//! first byte: together they hold every type, every logical type (on each
//! type it may annotate), recursion, and the shapes that cost nothing per
//! item (arrays of `null`, maps of empty records). Each comes with a datum
//! in Avro's JSON encoding, from which the seed inputs are made.

use std::sync::OnceLock;

use avrox::Schema;

/// A schema of the set and a datum of it, in Avro's JSON encoding.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The schema's JSON.
    pub schema: &'static str,
    /// A datum of the schema in Avro's JSON encoding.
    pub datum: &'static str,
}

/// The schema set of the `value_decode`, `json` and `framing` targets.
pub const CASES: &[Case] = &[
    Case {
        schema: r#""null""#,
        datum: "null",
    },
    Case {
        schema: r#""boolean""#,
        datum: "true",
    },
    Case {
        schema: r#""int""#,
        datum: "-70000",
    },
    Case {
        schema: r#""long""#,
        datum: "1234567890123",
    },
    Case {
        schema: r#""float""#,
        datum: "1.5",
    },
    Case {
        schema: r#""double""#,
        datum: "-2.25",
    },
    Case {
        schema: r#""bytes""#,
        datum: r#""\u0000\u00ffab""#,
    },
    Case {
        schema: r#""string""#,
        datum: r#""héllo""#,
    },
    Case {
        schema: r#"{"type":"record","name":"All","namespace":"fuzz","fields":[
            {"name":"b","type":"boolean"},{"name":"i","type":"int"},{"name":"l","type":"long"},
            {"name":"f","type":"float"},{"name":"d","type":"double"},{"name":"by","type":"bytes"},
            {"name":"s","type":"string"},{"name":"n","type":"null"},
            {"name":"fx","type":{"type":"fixed","name":"F4","size":4}},
            {"name":"e","type":{"type":"enum","name":"Suit","symbols":["HEARTS","SPADES","CLUBS"],"default":"CLUBS"}},
            {"name":"a","type":{"type":"array","items":"long"}},
            {"name":"m","type":{"type":"map","values":"string"}},
            {"name":"u","type":["null","string","F4","Suit"]}]}"#,
        datum: r#"{"b":true,"i":1,"l":2,"f":3.0,"d":4.0,"by":"x","s":"y","n":null,"fx":"abcd","e":"SPADES","a":[1,2,3],"m":{"k":"v"},"u":{"fuzz.Suit":"HEARTS"}}"#,
    },
    Case {
        schema: r#"{"type":"record","name":"Node","namespace":"fuzz","fields":[
            {"name":"value","type":"int"},
            {"name":"children","type":{"type":"array","items":"Node"}},
            {"name":"next","type":["null","Node"]}]}"#,
        datum: r#"{"value":1,"children":[{"value":2,"children":[],"next":null}],"next":{"fuzz.Node":{"value":3,"children":[],"next":null}}}"#,
    },
    Case {
        schema: r#"{"type":"record","name":"Times","namespace":"fuzz","fields":[
            {"name":"date","type":{"type":"int","logicalType":"date"}},
            {"name":"tmillis","type":{"type":"int","logicalType":"time-millis"}},
            {"name":"tmicros","type":{"type":"long","logicalType":"time-micros"}},
            {"name":"tsmillis","type":{"type":"long","logicalType":"timestamp-millis"}},
            {"name":"tsmicros","type":{"type":"long","logicalType":"timestamp-micros"}},
            {"name":"tsnanos","type":{"type":"long","logicalType":"timestamp-nanos"}},
            {"name":"lmillis","type":{"type":"long","logicalType":"local-timestamp-millis"}},
            {"name":"lmicros","type":{"type":"long","logicalType":"local-timestamp-micros"}},
            {"name":"lnanos","type":{"type":"long","logicalType":"local-timestamp-nanos"}},
            {"name":"dur","type":{"type":"fixed","name":"Dur","size":12,"logicalType":"duration"}}]}"#,
        datum: r#"{"date":19000,"tmillis":1000,"tmicros":1000000,"tsmillis":1700000000000,"tsmicros":1700000000000000,"tsnanos":1700000000000000000,"lmillis":1,"lmicros":2,"lnanos":3,"dur":"\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000"}"#,
    },
    Case {
        schema: r#"{"type":"record","name":"Numbers","namespace":"fuzz","fields":[
            {"name":"uuid","type":{"type":"string","logicalType":"uuid"}},
            {"name":"fuuid","type":{"type":"fixed","name":"U16","size":16,"logicalType":"uuid"}},
            {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
            {"name":"fdec","type":{"type":"fixed","name":"D8","size":8,"logicalType":"decimal","precision":18,"scale":4}},
            {"name":"big","type":{"type":"bytes","logicalType":"big-decimal"}},
            {"name":"loose","type":{"type":"string","logicalType":"not-a-known-type"}}]}"#,
        datum: r#"{"uuid":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","fuuid":"0123456789abcdef","dec":"\u0004\u00d2","fdec":"\u0000\u0000\u0000\u0000\u0000\u0000\u0030\u0039","big":"\u0004\u0004\u00d2\u0004","loose":"text"}"#,
    },
    Case {
        schema: r#"["null","boolean","int","long","float","double","bytes","string",
            {"type":"record","name":"R","namespace":"fuzz","fields":[{"name":"x","type":"int"}]},
            {"type":"enum","name":"E","namespace":"fuzz","symbols":["A","B"]},
            {"type":"fixed","name":"F2","namespace":"fuzz","size":2},
            {"type":"array","items":"int"},{"type":"map","values":"int"}]"#,
        datum: r#"{"fuzz.R":{"x":7}}"#,
    },
    Case {
        schema: r#"{"type":"record","name":"Zero","namespace":"fuzz","fields":[
            {"name":"nulls","type":{"type":"array","items":"null"}},
            {"name":"empties","type":{"type":"map","values":{"type":"record","name":"Empty","fields":[]}}},
            {"name":"nested","type":{"type":"array","items":{"type":"array","items":"null"}}},
            {"name":"none","type":{"type":"fixed","name":"F0","size":0}}]}"#,
        datum: r#"{"nulls":[null,null],"empties":{"a":{}},"nested":[[null],[]],"none":""}"#,
    },
    Case {
        schema: r#"{"type":"array","items":{"type":"map","values":["null",{"type":"array","items":["int","string"]}]}}"#,
        datum: r#"[{"a":null,"b":{"array":[{"int":1},{"string":"s"}]}},{}]"#,
    },
    Case {
        schema: r#"{"type":"record","name":"Checked","namespace":"fuzz","fields":[
            {"name":"score","type":"double","avrox.constraints":{"min":0.0,"max":1.0}},
            {"name":"code","type":"string","avrox.constraints":{"length":{"min":1,"max":8},"pattern":"^[A-Z0-9-]+$"}},
            {"name":"items","type":{"type":"array","items":"int"},"avrox.constraints":{"length":{"max":4}}}]}"#,
        datum: r#"{"score":0.5,"code":"AB-1","items":[1,2]}"#,
    },
    Case {
        schema: r#"{"type":"record","name":"Expr","namespace":"fuzz","fields":[
            {"name":"op","type":{"type":"enum","name":"Op","symbols":["ADD","MUL","LIT"]}},
            {"name":"args","type":{"type":"map","values":["Expr","long"]}}]}"#,
        datum: r#"{"op":"ADD","args":{"l":{"long":1},"r":{"fuzz.Expr":{"op":"LIT","args":{}}}}}"#,
    },
];

/// The schemas of [`CASES`], parsed once.
pub fn parsed() -> &'static [Schema] {
    static PARSED: OnceLock<Vec<Schema>> = OnceLock::new();
    PARSED.get_or_init(|| {
        CASES
            .iter()
            .map(|case| {
                Schema::parse(case.schema).unwrap_or_else(|e| {
                    panic!("a fuzz schema does not parse: {e}\n{}", case.schema)
                })
            })
            .collect()
    })
}

/// The schema an input chooses with its first byte, and the rest of the
/// input; `None` for an empty input.
pub fn choose(data: &[u8]) -> Option<(&'static Schema, &[u8])> {
    let (&pick, rest) = data.split_first()?;
    let schemas = parsed();
    Some((&schemas[usize::from(pick) % schemas.len()], rest))
}
