//! The schema model: a node for each type, named types referred to by id.

use std::fmt;
use std::sync::atomic::AtomicUsize;

use super::Name;
use super::constraints::Compiled;

/// Attributes a schema or field carries beyond those the specification
/// defines (`"connect.name"`, validation constraints, ...). They are kept
/// through parsing and printing, and ignored by the binary encoding.
pub type Attributes = serde_json::Map<String, serde_json::Value>;

/// The index of a node in its [`Schema`](super::Schema).
///
/// Named types are stored once and referred to by id, so a recursive type is
/// a cycle of ids rather than an infinite tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    /// The position of the node in the schema's node list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One type in a schema: what it is, its logical type, and its other
/// attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub(crate) ty: Type,
    pub(crate) logical: Option<LogicalType>,
    pub(crate) attributes: Attributes,
    /// The compiled `"avrox.constraints"` of the type itself (a derived
    /// `transparent` newtype's, say), set by the parser.
    pub(crate) constraints: Compiled,
}

impl Node {
    /// A node of the given type, with no logical type or attributes.
    pub fn new(ty: Type) -> Node {
        Node {
            ty,
            logical: None,
            attributes: Attributes::new(),
            constraints: Compiled::default(),
        }
    }

    /// The node with a logical type. Whether it suits the type is checked
    /// when the schema is built.
    pub fn with_logical_type(mut self, logical: LogicalType) -> Node {
        self.logical = Some(logical);
        self
    }

    /// The node with an extra attribute.
    pub fn with_attribute(mut self, key: impl Into<String>, value: serde_json::Value) -> Node {
        self.attributes.insert(key.into(), value);
        self
    }

    /// The Avro type of this node.
    pub fn ty(&self) -> &Type {
        &self.ty
    }

    /// The logical type, when the node has a valid one. Unknown or invalid
    /// logical types are `None`; their attributes stay in [`Node::attributes`].
    pub fn logical_type(&self) -> Option<&LogicalType> {
        self.logical.as_ref()
    }

    /// Attributes beyond those the specification defines for this type.
    pub fn attributes(&self) -> &Attributes {
        &self.attributes
    }

    /// The name of a record, enum or fixed.
    pub fn name(&self) -> Option<&Name> {
        match &self.ty {
            Type::Record(r) => Some(&r.name),
            Type::Enum(e) => Some(&e.name),
            Type::Fixed(f) => Some(&f.name),
            _ => None,
        }
    }

    /// How the node is named in messages: `long`, `record 'Order'`,
    /// `timestamp-micros (long)`.
    pub(crate) fn describe(&self) -> String {
        let base = match self.name() {
            Some(name) => format!("{} '{}'", self.ty.kind_name(), name),
            None => self.ty.kind_name().to_owned(),
        };
        match &self.logical {
            Some(logical) => format!("{logical} ({base})"),
            None => base,
        }
    }
}

/// The kinds of Avro type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Type {
    /// `null`: no value.
    Null,
    /// `boolean`.
    Boolean,
    /// `int`: 32-bit signed integer.
    Int,
    /// `long`: 64-bit signed integer.
    Long,
    /// `float`: IEEE 754 single precision.
    Float,
    /// `double`: IEEE 754 double precision.
    Double,
    /// `bytes`: a sequence of bytes.
    Bytes,
    /// `string`: UTF-8 text.
    String,
    /// `record`: named fields.
    Record(Record),
    /// `enum`: one of a list of symbols.
    Enum(Enum),
    /// `array`: items of the node given.
    Array(NodeId),
    /// `map`: string keys to values of the node given.
    Map(NodeId),
    /// A union of the branches given, in order.
    Union(Union),
    /// `fixed`: exactly `size` bytes.
    Fixed(Fixed),
}

impl Type {
    /// The type's name as the schema language spells it: `"int"`,
    /// `"record"`, ...; `"union"` for a union.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Type::Null => "null",
            Type::Boolean => "boolean",
            Type::Int => "int",
            Type::Long => "long",
            Type::Float => "float",
            Type::Double => "double",
            Type::Bytes => "bytes",
            Type::String => "string",
            Type::Record(_) => "record",
            Type::Enum(_) => "enum",
            Type::Array(_) => "array",
            Type::Map(_) => "map",
            Type::Union(_) => "union",
            Type::Fixed(_) => "fixed",
        }
    }

    /// Whether this is a record, enum or fixed.
    pub fn is_named(&self) -> bool {
        matches!(self, Type::Record(_) | Type::Enum(_) | Type::Fixed(_))
    }
}

/// A record type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Record {
    /// The record's fullname.
    pub name: Name,
    /// Other fullnames this record answers to when resolving a writer's schema.
    pub aliases: Vec<Name>,
    /// Documentation.
    pub doc: Option<String>,
    /// The fields, in the order they are encoded.
    pub fields: Vec<Field>,
    /// Whether it was declared `"type": "error"` in a protocol.
    pub is_error: bool,
    /// The last `'static` list of names found to be the fields' names.
    pub(crate) names_seen: NamesSeen,
}

/// The address of the last `'static` list of names found equal to a
/// record's field names, so that a caller asking again with the same list
/// (serde's derive hands the same one for every value of a struct) is
/// answered without comparing strings. One word, so that threads sharing a
/// schema read and write it whole: it only ever holds a list that was
/// compared and found equal.
#[derive(Default)]
#[cfg_attr(not(feature = "serde"), allow(dead_code))]
pub(crate) struct NamesSeen(AtomicUsize);

impl Clone for NamesSeen {
    /// A clone remembers nothing: its record's fields are public and may
    /// be changed before it joins a schema.
    fn clone(&self) -> Self {
        NamesSeen::default()
    }
}

impl PartialEq for NamesSeen {
    /// A cache: no part of the record's value.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for NamesSeen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NamesSeen")
    }
}

impl Record {
    /// A record with the given fields and no doc or aliases.
    pub fn new(name: Name, fields: Vec<Field>) -> Record {
        Record {
            name,
            aliases: Vec::new(),
            doc: None,
            fields,
            is_error: false,
            names_seen: NamesSeen::default(),
        }
    }

    /// The record with documentation.
    pub fn with_doc(mut self, doc: impl Into<String>) -> Record {
        self.doc = Some(doc.into());
        self
    }

    /// The record with aliases.
    pub fn with_aliases(mut self, aliases: Vec<Name>) -> Record {
        self.aliases = aliases;
        self
    }

    /// The field of that name, if any.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The position of the field of that name, if any.
    pub fn field_position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Whether the fields are named `names`, in that order. The list last
    /// found equal is remembered by its address: a `'static` list never
    /// moves or changes, and one of the same address and length is the
    /// same list.
    #[cfg(feature = "serde")]
    #[inline]
    pub(crate) fn has_field_names(&self, names: &'static [&'static str]) -> bool {
        if self.fields.len() != names.len() {
            return false;
        }
        let key = names.as_ptr() as usize;
        if self.names_seen.0.load(std::sync::atomic::Ordering::Relaxed) == key {
            return true;
        }
        let equal = self.fields.iter().zip(names).all(|(f, n)| f.name == *n);
        if equal {
            self.names_seen
                .0
                .store(key, std::sync::atomic::Ordering::Relaxed);
        }
        equal
    }
}

/// A field of a record.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The field's type.
    pub schema: NodeId,
    /// The default value, as written in the schema (JSON), checked against
    /// the field's type when the schema was parsed.
    pub default: Option<serde_json::Value>,
    /// How the field takes part in sorting.
    pub order: Order,
    /// Other names this field answers to when resolving a writer's schema.
    /// Kept as written: the specification allows any string.
    pub aliases: Vec<String>,
    /// Attributes beyond those the specification defines for fields.
    pub attributes: Attributes,
    /// The compiled `"avrox.constraints"` of the field, set by the parser.
    pub(crate) constraints: Compiled,
}

impl Field {
    /// A field of the given name and type, with no default, doc or aliases.
    pub fn new(name: impl Into<String>, schema: NodeId) -> Field {
        Field {
            name: name.into(),
            doc: None,
            schema,
            default: None,
            order: Order::Ascending,
            aliases: Vec::new(),
            attributes: Attributes::new(),
            constraints: Compiled::default(),
        }
    }

    /// The field with documentation.
    pub fn with_doc(mut self, doc: impl Into<String>) -> Field {
        self.doc = Some(doc.into());
        self
    }

    /// The field with a default, as Avro JSON.
    pub fn with_default(mut self, default: serde_json::Value) -> Field {
        self.default = Some(default);
        self
    }

    /// The field with a sort order.
    pub fn with_order(mut self, order: Order) -> Field {
        self.order = order;
        self
    }

    /// The field with aliases.
    pub fn with_aliases(mut self, aliases: Vec<String>) -> Field {
        self.aliases = aliases;
        self
    }

    /// The field with an extra attribute.
    pub fn with_attribute(mut self, key: impl Into<String>, value: serde_json::Value) -> Field {
        self.attributes.insert(key.into(), value);
        self
    }
}

/// A field's sort order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Order {
    /// The values sort in their natural order (the default).
    #[default]
    Ascending,
    /// The values sort in reverse.
    Descending,
    /// The field is ignored when sorting.
    Ignore,
}

impl Order {
    /// The name used in schemas: `"ascending"`, `"descending"`, `"ignore"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Ascending => "ascending",
            Order::Descending => "descending",
            Order::Ignore => "ignore",
        }
    }
}

/// An enum type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Enum {
    /// The enum's fullname.
    pub name: Name,
    /// Other fullnames this enum answers to.
    pub aliases: Vec<Name>,
    /// Documentation.
    pub doc: Option<String>,
    /// The symbols, in the order of their encoded indexes.
    pub symbols: Vec<String>,
    /// The symbol a reader uses for a writer's symbol it does not know.
    pub default: Option<String>,
}

impl Enum {
    /// An enum with the given symbols, and no doc, aliases or default.
    pub fn new(name: Name, symbols: Vec<String>) -> Enum {
        Enum {
            name,
            aliases: Vec::new(),
            doc: None,
            symbols,
            default: None,
        }
    }

    /// The enum with documentation.
    pub fn with_doc(mut self, doc: impl Into<String>) -> Enum {
        self.doc = Some(doc.into());
        self
    }

    /// The enum with aliases.
    pub fn with_aliases(mut self, aliases: Vec<Name>) -> Enum {
        self.aliases = aliases;
        self
    }

    /// The enum with the symbol readers use for symbols they do not know.
    pub fn with_default(mut self, symbol: impl Into<String>) -> Enum {
        self.default = Some(symbol.into());
        self
    }

    /// The index of a symbol, if the enum has it.
    pub fn symbol_index(&self, symbol: &str) -> Option<usize> {
        self.symbols.iter().position(|s| s == symbol)
    }
}

/// A union type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Union {
    /// The branches, in the order of their encoded indexes.
    pub variants: Vec<NodeId>,
}

impl Union {
    /// A union of the given branches.
    pub fn new(variants: Vec<NodeId>) -> Union {
        Union { variants }
    }
}

/// A fixed type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Fixed {
    /// The fixed type's fullname.
    pub name: Name,
    /// Other fullnames it answers to.
    pub aliases: Vec<Name>,
    /// Documentation.
    pub doc: Option<String>,
    /// The number of bytes of every value.
    pub size: usize,
}

impl Fixed {
    /// A fixed type of `size` bytes, with no doc or aliases.
    pub fn new(name: Name, size: usize) -> Fixed {
        Fixed {
            name,
            aliases: Vec::new(),
            doc: None,
            size,
        }
    }

    /// The fixed type with documentation.
    pub fn with_doc(mut self, doc: impl Into<String>) -> Fixed {
        self.doc = Some(doc.into());
        self
    }

    /// The fixed type with aliases.
    pub fn with_aliases(mut self, aliases: Vec<Name>) -> Fixed {
        self.aliases = aliases;
        self
    }
}

/// The logical types of Avro 1.12.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LogicalType {
    /// `decimal` on `bytes` or `fixed`: an unscaled two's-complement
    /// big-endian integer times 10^-scale.
    Decimal {
        /// The maximum number of decimal digits.
        precision: u32,
        /// The number of digits after the decimal point.
        scale: u32,
    },
    /// `big-decimal` on `bytes`: the scale travels with each value.
    BigDecimal,
    /// `uuid` on `string` or `fixed(16)`.
    Uuid,
    /// `date` on `int`: days since 1970-01-01.
    Date,
    /// `time-millis` on `int`: milliseconds after midnight.
    TimeMillis,
    /// `time-micros` on `long`: microseconds after midnight.
    TimeMicros,
    /// `timestamp-millis` on `long`: milliseconds since the Unix epoch, UTC.
    TimestampMillis,
    /// `timestamp-micros` on `long`.
    TimestampMicros,
    /// `timestamp-nanos` on `long`.
    TimestampNanos,
    /// `local-timestamp-millis` on `long`: a wall-clock time in no time zone.
    LocalTimestampMillis,
    /// `local-timestamp-micros` on `long`.
    LocalTimestampMicros,
    /// `local-timestamp-nanos` on `long`.
    LocalTimestampNanos,
    /// `duration` on `fixed(12)`: months, days, milliseconds as unsigned
    /// little-endian 32-bit integers.
    Duration,
}

impl LogicalType {
    /// The name used in a schema's `logicalType` attribute.
    pub fn name(&self) -> &'static str {
        match self {
            LogicalType::Decimal { .. } => "decimal",
            LogicalType::BigDecimal => "big-decimal",
            LogicalType::Uuid => "uuid",
            LogicalType::Date => "date",
            LogicalType::TimeMillis => "time-millis",
            LogicalType::TimeMicros => "time-micros",
            LogicalType::TimestampMillis => "timestamp-millis",
            LogicalType::TimestampMicros => "timestamp-micros",
            LogicalType::TimestampNanos => "timestamp-nanos",
            LogicalType::LocalTimestampMillis => "local-timestamp-millis",
            LogicalType::LocalTimestampMicros => "local-timestamp-micros",
            LogicalType::LocalTimestampNanos => "local-timestamp-nanos",
            LogicalType::Duration => "duration",
        }
    }
}

impl fmt::Display for LogicalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The largest decimal precision a `fixed` of `size` bytes can hold:
/// floor(log10(2^(8 * size - 1) - 1)), as the specification gives it.
pub(crate) fn max_decimal_precision(size: usize) -> u32 {
    if size == 0 {
        return 0;
    }
    let bits = (size as f64) * 8.0 - 1.0;
    (bits * std::f64::consts::LOG10_2).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_precision_of_fixed() {
        // 2^7 - 1 = 127: 2 digits; 2^15 - 1 = 32767: 4 digits;
        // 2^31 - 1 = 2147483647: 9 digits; 2^63 - 1: 18 digits; 2^127 - 1: 38 digits.
        assert_eq!(max_decimal_precision(0), 0);
        assert_eq!(max_decimal_precision(1), 2);
        assert_eq!(max_decimal_precision(2), 4);
        assert_eq!(max_decimal_precision(4), 9);
        assert_eq!(max_decimal_precision(8), 18);
        assert_eq!(max_decimal_precision(16), 38);
    }
}
