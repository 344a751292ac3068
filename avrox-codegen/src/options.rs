//! The choices a user makes about the generated code.

/// Where named types go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Layout {
    /// One nested module per namespace part: `com.acme.User` becomes
    /// `com::acme::User`.
    #[default]
    Nested,
    /// Every type at the top level; two types that would get one Rust name
    /// are an error naming both.
    Flat,
}

/// The Rust type of an Avro `map`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MapType {
    /// `std::collections::HashMap<String, V>`.
    #[default]
    HashMap,
    /// `std::collections::BTreeMap<String, V>`: ordered keys, so a map's
    /// encoding is the same on every run.
    BTreeMap,
}

/// The crate whose types stand for dates, times and timestamps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeCrate {
    /// avrox's own: timestamps are `i64` counts with a `unit` attribute;
    /// dates, times of day and local timestamps, which have no such type,
    /// are their plain `int` or `long` (the logical type is lost).
    #[default]
    Avrox,
    /// `chrono` (avrox's feature `chrono`).
    Chrono,
    /// `time` (avrox's feature `time`).
    Time,
}

/// The Rust type of a `decimal` or `big-decimal` on `bytes`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecimalType {
    /// `avrox::value::Decimal`: any precision.
    #[default]
    Avrox,
    /// `rust_decimal::Decimal` (avrox's feature `rust_decimal`): 96 bits.
    RustDecimal,
}

/// How schemas become Rust source.
///
/// ```
/// use avrox_codegen::{Layout, MapType, Options};
///
/// let options = Options::new().layout(Layout::Flat).map_type(MapType::BTreeMap);
/// assert_ne!(options, Options::new());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub(crate) layout: Layout,
    pub(crate) map_type: MapType,
    pub(crate) time: TimeCrate,
    pub(crate) decimal: DecimalType,
}

impl Options {
    /// The defaults: nested modules, `HashMap`, avrox's own logical types.
    pub fn new() -> Options {
        Options::default()
    }

    /// Where named types go.
    pub fn layout(mut self, layout: Layout) -> Options {
        self.layout = layout;
        self
    }

    /// The Rust type of maps.
    pub fn map_type(mut self, map_type: MapType) -> Options {
        self.map_type = map_type;
        self
    }

    /// The crate of dates, times and timestamps.
    pub fn time(mut self, time: TimeCrate) -> Options {
        self.time = time;
        self
    }

    /// The Rust type of decimals.
    pub fn decimal(mut self, decimal: DecimalType) -> Options {
        self.decimal = decimal;
        self
    }
}
