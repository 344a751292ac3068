//! Decoding Rust types through a plan: no `Value` in between.

use std::fmt;
use std::sync::Arc;

use super::history::{self, SchemaHistory, Version};
use super::plan::Plan;
use crate::binary::expect_end;
use crate::binary::{Limits, SliceReader};
use crate::bounded_cache::BoundedCache;
use crate::codec::{AvroSchema, Chain, Decode, DecodeOwned, named_root};
use crate::error::Result;
use crate::observe::{self, Cache, Framing, Labels, Meter, Op, Timer};
use crate::schema::{Fingerprint, Schema};

/// What avrox knows of how a type's schema evolved: its versions' schemas
/// and every schema its data may have been written with. Implemented for
/// every type with an [`AvroSchema`]; nobody implements it. Its inputs are
/// items of [`AvroSchema`] that `#[derive(Avro)]` fills in from the
/// attributes `version`, `since`, `renamed_in`, `from`, `try_from` and
/// `migrate`: [`AvroSchema::VERSION`] and hidden hooks whose defaults (one
/// version, no chain, no migration) are what a codec written by hand has,
/// so it needs nothing more to be read from container files and messages.
///
/// `#[avro(migrate = path)]` names a function `fn(Self, Option<u32>) ->
/// Result<Self, E>` (`E` an error type that is `Send + Sync`, or a
/// `String` or `&str`; it is kept as the source of the
/// [`Migration`](crate::ErrorKind::Migration) error) that runs after data of any other
/// version than the current one is decoded. It receives the version that
/// wrote the data, as [`SchemaHistory::identify`] finds it from the
/// writer's schema: the version with the writer's canonical form, else the
/// version whose record has exactly the writer's fields in another order
/// (a producer in another language that wrote the fields in its own
/// order), else `None`. [`TypedPlan::writer_version`] shows what it found.
///
/// ```
/// use avrox::AvroSchema;
/// use avrox::resolve::Evolve;
///
/// #[derive(avrox::Avro, Debug, PartialEq)]
/// #[avro(version = 2)]
/// struct Point {
///     x: i64,
///     y: i64,
///     #[avro(default, since = 2)]
///     z: i64,
/// }
///
/// assert_eq!(Point::VERSION, 2);
/// let v1 = Point::history().version(1).unwrap().schema();
/// let bytes = [0x02, 0x04]; // x = 1, y = 2, written by version 1
/// let p: Point = avrox::from_slice_with_writer(&bytes, v1)?;
/// assert_eq!(p, Point { x: 1, y: 2, z: 0 });
/// # Ok::<(), avrox::Error>(())
/// ```
pub trait Evolve: AvroSchema + Sized {
    /// The schemas of every version, oldest first, built once (with the
    /// versioned types nested in it at their older versions: see
    /// [`SchemaHistory::readable`]).
    fn history() -> &'static SchemaHistory;

    /// Every schema data of this type may have been written with, each
    /// once: the schemas of its history
    /// ([`SchemaHistory::readable`]: each version, and each with nested
    /// versioned types at their older versions), then those of the older
    /// type its `from`/`try_from` chain converts from, and so on down the
    /// chain. A [`SchemaStore`](crate::framing::SchemaStore) registers
    /// these; a [`TypedPlan`] reads data of any of them.
    ///
    /// ```
    /// use avrox::AvroSchema;
    /// use avrox::resolve::Evolve;
    ///
    /// #[derive(avrox::Avro)]
    /// struct PriceCents { cents: i64 }
    ///
    /// #[derive(avrox::Avro)]
    /// #[avro(from = PriceCents)]
    /// struct Price { amount: f64 }
    ///
    /// impl From<PriceCents> for Price {
    ///     fn from(old: PriceCents) -> Price {
    ///         Price { amount: old.cents as f64 / 100.0 }
    ///     }
    /// }
    ///
    /// let readable = Price::readable_schemas();
    /// assert_eq!(readable, [Price::schema(), PriceCents::schema()]);
    /// ```
    fn readable_schemas() -> Vec<&'static Schema>;
}

impl<T: AvroSchema> Evolve for T {
    fn history() -> &'static SchemaHistory {
        history::of(T::schema(), T::VERSION)
    }

    fn readable_schemas() -> Vec<&'static Schema> {
        let mut seen: Vec<&'static SchemaHistory> = Vec::new();
        let mut schemas = Vec::new();
        for history in lineage::<T>(0) {
            // A cycle of `from`s meets a type again.
            if seen.iter().any(|h| std::ptr::eq(*h, history)) {
                continue;
            }
            seen.push(history);
            schemas.extend(history.readable().map(Version::schema));
        }
        schemas
    }
}

/// The histories of `T` and of the types down its `from` chain, `T`'s
/// first: what [`Evolve::readable_schemas`] and [`TypedPlan`] read.
fn lineage<T: AvroSchema>(depth: u32) -> Vec<&'static SchemaHistory> {
    let mut lineage = Vec::new();
    T::lineage(depth, &mut lineage);
    lineage
        .into_iter()
        .map(|(schema, version)| history::of(schema, version))
        .collect()
}

/// How many types a `from` chain may pass through: more is taken for a
/// cycle of `from` attributes.
const MAX_CHAIN: u32 = 32;

/// The lineage of `New`, whose `from` chain goes through `Old`: `New`'s
/// schema and version, then `Old`'s lineage (at most `MAX_CHAIN` types
/// deep). What `#[avro(from = Old)]` generates for
/// [`AvroSchema::lineage`].
pub fn lineage_through<New: AvroSchema, Old: AvroSchema>(
    depth: u32,
    out: &mut Vec<(&'static Schema, u32)>,
) {
    out.push((New::schema(), New::VERSION));
    if depth < MAX_CHAIN {
        Old::lineage(depth + 1, out);
    }
}

/// The chain that decodes `Old` (through its own plans and hooks) and
/// converts it with `convert`: what `#[avro(from = Old)]` generates for
/// [`AvroSchema::chain`].
pub fn chain<Old, New>(
    writer: &Schema,
    depth: u32,
    convert: fn(Old) -> Result<New>,
) -> Option<Result<Chain<New>>>
where
    Old: AvroSchema + DecodeOwned + Send + Sync + 'static,
    New: 'static,
{
    Some(TypedPlan::<Old>::new_at(writer, depth + 1).map(|plan| {
        Box::new(move |r: &mut SliceReader<'_>| plan.read_one(r).and_then(convert)) as Chain<New>
    }))
}

enum Kind<T> {
    /// The writer's schema is the type's own: the plain decoder.
    Same,
    Plan(Box<Plan>),
    Chain(Chain<T>),
}

/// How data of one writer's schema decodes into `T`, decided once: the
/// plain decoder when the writer's schema is `T`'s own (nothing paid for
/// resolution), a compiled [`Plan`] otherwise, or `T`'s `from` chain; then
/// `T`'s `migrate` hook for data of an older version.
pub struct TypedPlan<T> {
    kind: Kind<T>,
    version: Option<u32>,
    /// The writer, for metrics, when its schema is not `T`'s.
    writer: Option<observe::Writer>,
    meter: Meter,
}

impl<T: AvroSchema + DecodeOwned> TypedPlan<T> {
    /// Decides how data written with `writer` decodes into `T`.
    ///
    /// A writer schema that is a version in `T`'s history resolves
    /// directly; one known only to the type's `from` chain decodes as the
    /// older type and is converted; any other is resolved directly, then
    /// through the chain if that fails. "Known" is first by canonical form
    /// (`T`'s versions, then the chain's), then by a version's fields in
    /// another order ([`SchemaHistory::identify`]; `T`'s, then the
    /// chain's).
    pub fn new(writer: &Schema) -> Result<TypedPlan<T>> {
        let mut plan = TypedPlan::new_at(writer, 0)?;
        plan.writer = observe::Writer::differing(writer, T::schema(), plan.version);
        Ok(plan)
    }

    fn new_at(writer: &Schema, depth: u32) -> Result<TypedPlan<T>> {
        if depth > MAX_CHAIN {
            return Err(crate::Error::invalid(format!(
                "a `from` chain passes through more than {MAX_CHAIN} types: is it a cycle?"
            )));
        }
        let own = T::schema();
        let lineage = lineage::<T>(depth);
        let (this, older) = match lineage.split_first() {
            Some((this, older)) => (Some(*this), older),
            None => (None, &[][..]),
        };
        // Whose schema the writer's is: an exact schema (canonical form)
        // of this type, else of a type down the chain, before a version
        // of this type with the writer's fields in another order, else one
        // of the chain's. An older type may well have this type's name and
        // field names with other meanings (cents, not an amount).
        let exact = this.and_then(|h| h.find(writer));
        let chain_exact = exact.is_none() && older.iter().any(|h| h.find(writer).is_some());
        let version = match (exact, chain_exact) {
            (Some(v), _) => Some(v.number()),
            (None, true) => None,
            (None, false) => this.and_then(|h| h.identify(writer)).map(Version::number),
        };
        if writer.canonical_form() == own.canonical_form() {
            return Ok(TypedPlan {
                kind: Kind::Same,
                version,
                writer: None,
                meter: Meter::default(),
            });
        }
        // A schema of an older type's lineage and none of this type's: the
        // older type decodes it, with its own hooks, and is converted.
        let of_chain = chain_exact
            || (version.is_none() && older.iter().any(|h| h.identify(writer).is_some()));
        if of_chain && let Some(chain) = T::chain(writer, depth) {
            return Ok(TypedPlan {
                kind: Kind::Chain(chain?),
                version: None,
                writer: None,
                meter: Meter::default(),
            });
        }
        match Plan::new(writer, own) {
            Ok(plan) => Ok(TypedPlan {
                kind: if plan.is_identity() {
                    Kind::Same
                } else {
                    Kind::Plan(Box::new(plan))
                },
                version,
                writer: None,
                meter: Meter::default(),
            }),
            Err(e) => match T::chain(writer, depth) {
                Some(Ok(chain)) => Ok(TypedPlan {
                    kind: Kind::Chain(chain),
                    version: None,
                    writer: None,
                    meter: Meter::default(),
                }),
                _ => Err(e.into()),
            },
        }
    }

    /// The version of `T` the writer's schema is, if it is one, as
    /// [`SchemaHistory::identify`] finds it: the newest version with its
    /// canonical form (its nested versioned types at any of their
    /// versions), else the version whose fields it has in another order.
    /// This is what the `migrate` hook receives.
    pub fn writer_version(&self) -> Option<u32> {
        self.version
    }

    /// Whether data decodes with `T`'s plain decoder.
    pub fn is_identity(&self) -> bool {
        matches!(self.kind, Kind::Same)
    }

    /// Decodes one datum that fills `bytes` exactly, with the default
    /// limits.
    pub fn decode(&self, bytes: &[u8]) -> Result<T> {
        self.decode_with_limits(bytes, Limits::default())
    }

    /// Decodes one datum that fills `bytes` exactly, with the given limits.
    pub fn decode_with_limits(&self, bytes: &[u8], limits: Limits) -> Result<T> {
        let timer = Timer::start();
        let decode = || {
            let mut reader = SliceReader::with_limits(bytes, limits);
            let value = self.read_checked(&mut reader)?;
            expect_end(&reader)?;
            Ok(value)
        };
        self.observed(decode(), bytes.len(), timer)
    }

    /// Reports a call to [`observe`]: its datum, bytes and time, and
    /// whether it was written with another schema, or its failure.
    fn observed(&self, result: Result<T>, bytes: usize, timer: Timer) -> Result<T> {
        match &result {
            Ok(_) => self.meter.call(|| self.labels(), bytes, timer),
            Err(e) => observe::failure(Op::Decode, Framing::Raw, || Some(T::schema()), e),
        }
        result
    }

    /// Reports a datum of many read from the caller's buffer: added to
    /// the thread's batch, without reading the clock, as by
    /// `avrox::read_next`.
    fn observed_next(&self, result: Result<T>, bytes: usize) -> Result<T> {
        match &result {
            Ok(_) => self.meter.datum(|| self.labels(), bytes),
            Err(e) => observe::failure(Op::Decode, Framing::Raw, || Some(T::schema()), e),
        }
        result
    }

    fn labels(&self) -> Labels<'static> {
        Labels {
            op: Op::Decode,
            framing: Framing::Raw,
            schema: T::schema(),
            writer: self.writer,
        }
    }

    /// Reads the next datum from `reader`, leaving what follows unread.
    ///
    /// The value (after any migration) is checked against `T`'s
    /// constraints; one that breaks them is an
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) error at the
    /// byte where it starts, and the reader is then past it.
    pub fn read_next(&self, reader: &mut SliceReader<'_>) -> Result<T> {
        let start = reader.position();
        let result = self.read_checked(reader);
        self.observed_next(result, reader.position().saturating_sub(start))
    }

    /// [`read_next`](Self::read_next) without reporting to [`observe`].
    fn read_checked(&self, reader: &mut SliceReader<'_>) -> Result<T> {
        let start = reader.position();
        let value = self.read_unobserved(reader)?;
        crate::codec::check(&value).map_err(|e| e.at(start))?;
        Ok(value)
    }

    /// Reads the next datum from `reader`, like [`read_next`](Self::read_next),
    /// without checking `T`'s constraints.
    pub fn read_next_unchecked(&self, reader: &mut SliceReader<'_>) -> Result<T> {
        let start = reader.position();
        let result = self.read_unobserved(reader);
        self.observed_next(result, reader.position().saturating_sub(start))
    }

    /// [`read_next_unchecked`](Self::read_next_unchecked) without
    /// reporting to [`observe`]: what readers of files and messages call,
    /// which report per block or message themselves.
    #[inline]
    pub(crate) fn read_unobserved(&self, reader: &mut SliceReader<'_>) -> Result<T> {
        reader.begin_datum();
        self.read_one(reader)
    }

    fn read_one(&self, r: &mut SliceReader<'_>) -> Result<T> {
        let value = match &self.kind {
            Kind::Same => T::decode(r).map_err(named_root::<T>)?,
            Kind::Plan(plan) => {
                T::decode_resolved(r, plan, plan.root()).map_err(named_root::<T>)?
            }
            Kind::Chain(chain) => chain(r)?,
        };
        if self.version == Some(T::VERSION) {
            Ok(value)
        } else {
            T::migrate(value, self.version)
        }
    }
}

impl<T> fmt::Debug for TypedPlan<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            Kind::Same => "same schema",
            Kind::Plan(_) => "plan",
            Kind::Chain(_) => "from chain",
        };
        f.debug_struct("TypedPlan")
            .field("kind", &kind)
            .field("writer_version", &self.version)
            .finish()
    }
}

/// Decodes `T`s written with any number of writer schemas, compiling one
/// [`TypedPlan`] per writer schema and keeping it: the cache lives in the
/// resolver, keyed by the writer's fingerprint (and checked against its
/// canonical form).
///
/// ```
/// use avrox::Schema;
/// use avrox::resolve::Resolver;
///
/// #[derive(avrox::Avro, Debug, PartialEq)]
/// struct Reading { sensor: String, celsius: f64 }
///
/// // Written by a producer whose `celsius` was a float, with a field we dropped.
/// let writer = Schema::parse(r#"{"type": "record", "name": "Reading", "fields": [
///     {"name": "celsius", "type": "float"},
///     {"name": "battery", "type": "int"},
///     {"name": "sensor", "type": "string"}
/// ]}"#)?;
/// let bytes = [0x00, 0x00, 0xac, 0x41, 0x54, 0x06, b't', b'-', b'1'];
///
/// let mut resolver = Resolver::<Reading>::new();
/// let reading = resolver.decode(&bytes, &writer)?;
/// assert_eq!(reading, Reading { sensor: "t-1".into(), celsius: 21.5 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Resolver<T> {
    /// By the writer's fingerprint: the plan and the canonical form it was
    /// compiled for. Two canonical forms with one fingerprint take turns
    /// in the entry: each recompiles when the other was there.
    plans: BoundedCache<Fingerprint, CachedPlan<T>>,
    limits: Limits,
}

/// A plan and the canonical form of the writer's schema it was made for.
type CachedPlan<T> = (Arc<str>, Arc<TypedPlan<T>>);

impl<T> Resolver<T> {
    /// 1024: the most writer schemas a resolver keeps a plan for unless
    /// [`with_max_plans`](Resolver::with_max_plans) says otherwise. A
    /// type's history or a topic's versions are a few to a few hundred;
    /// more than this many distinct writers in one stream is a runaway or
    /// hostile producer, whose plans then take turns.
    ///
    /// ```
    /// use avrox::resolve::Resolver;
    ///
    /// assert_eq!(Resolver::<i64>::new().max_plans(), Resolver::<i64>::DEFAULT_MAX_PLANS);
    /// ```
    pub const DEFAULT_MAX_PLANS: usize = 1024;
}

impl<T: AvroSchema + DecodeOwned> Resolver<T> {
    /// A resolver with no plans yet, the default limits, and room for
    /// [`DEFAULT_MAX_PLANS`](Resolver::DEFAULT_MAX_PLANS) plans.
    pub fn new() -> Resolver<T> {
        Resolver {
            plans: BoundedCache::new(Self::DEFAULT_MAX_PLANS),
            limits: Limits::default(),
        }
    }

    /// The resolver with these limits for every datum it decodes.
    pub fn with_limits(mut self, limits: Limits) -> Resolver<T> {
        self.limits = limits;
        self
    }

    /// The resolver keeping at most `plans` plans (of distinct writer
    /// schemas): past that, the plan used longest ago is forgotten to make
    /// room, and compiled again if its writer comes back. With 0, each
    /// call compiles its plan. The default is
    /// [`DEFAULT_MAX_PLANS`](Resolver::DEFAULT_MAX_PLANS).
    ///
    /// ```
    /// use avrox::resolve::Resolver;
    /// use avrox::Schema;
    ///
    /// let mut resolver = Resolver::<i64>::new().with_max_plans(2);
    /// let writers = [(r#""int""#, &[0x54][..]), (r#""long""#, &[0x54]), (r#"["long", "null"]"#, &[0x00, 0x54])];
    /// for (writer, bytes) in writers {
    ///     assert_eq!(resolver.decode(bytes, &Schema::parse(writer)?)?, 42);
    /// }
    /// // The third writer's plan took the place of the first's.
    /// assert_eq!(resolver.cached_plans(), 2);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn with_max_plans(mut self, plans: usize) -> Resolver<T> {
        self.plans.set_capacity(plans);
        self
    }

    /// The plan for data written with `writer`, compiled on first use.
    pub fn plan(&mut self, writer: &Schema) -> Result<Arc<TypedPlan<T>>> {
        let canonical = writer.canonical_form();
        let fingerprint = writer.rabin_fingerprint();
        if let Some((_, plan)) = self
            .plans
            .get(&fingerprint)
            .filter(|(c, _)| &**c == canonical)
        {
            observe::cache(Cache::Resolver, true);
            return Ok(plan.clone());
        }
        observe::cache(Cache::Resolver, false);
        let plan = Arc::new(TypedPlan::new(writer)?);
        self.plans
            .insert(fingerprint, (canonical.into(), plan.clone()));
        Ok(plan)
    }

    /// Decodes one datum written with `writer` that fills `bytes` exactly.
    pub fn decode(&mut self, bytes: &[u8], writer: &Schema) -> Result<T> {
        let limits = self.limits;
        match self.plan(writer) {
            Ok(plan) => plan.decode_with_limits(bytes, limits),
            Err(e) => Err(observed_failure::<T>(e)),
        }
    }

    /// Reads the next datum written with `writer` from `reader`, leaving
    /// what follows unread (the reader's own limits apply).
    pub fn read_next(&mut self, reader: &mut SliceReader<'_>, writer: &Schema) -> Result<T> {
        match self.plan(writer) {
            Ok(plan) => plan.read_next(reader),
            Err(e) => Err(observed_failure::<T>(e)),
        }
    }

    /// How many plans the resolver keeps now: one per distinct canonical
    /// form of the writer schemas it has been given, up to its
    /// [`max_plans`](Resolver::max_plans).
    pub fn cached_plans(&self) -> usize {
        self.plans.len()
    }

    /// The most plans the resolver keeps (see
    /// [`with_max_plans`](Resolver::with_max_plans)).
    pub fn max_plans(&self) -> usize {
        self.plans.capacity()
    }
}

impl<T: AvroSchema + DecodeOwned> Default for Resolver<T> {
    fn default() -> Resolver<T> {
        Resolver::new()
    }
}

impl<T> fmt::Debug for Resolver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resolver")
            .field("plans", &self.plans.len())
            .field("max_plans", &self.plans.capacity())
            .field("limits", &self.limits)
            .finish()
    }
}

/// A failure of a call that read no datum, reported to [`observe`].
fn observed_failure<T: AvroSchema>(e: crate::Error) -> crate::Error {
    observe::failure(Op::Decode, Framing::Raw, || Some(T::schema()), &e);
    e
}

/// Decodes one `T` written with `writer` that fills `bytes` exactly: the
/// plain decoder when `writer` is `T`'s own schema, a plan compiled for
/// this call otherwise (use a [`Resolver`] to keep plans). Strings and
/// bytes may borrow from `bytes`. The value is checked against `T`'s
/// constraints. Migration hooks and `from` chains run only through
/// [`TypedPlan`] and [`Resolver`].
///
/// ```
/// let writer = avrox::Schema::parse(r#""int""#)?;
/// let n: i64 = avrox::from_slice_with_writer(&[0x54], &writer)?;
/// assert_eq!(n, 42);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_slice_with_writer<'de, T: Decode<'de> + AvroSchema>(
    bytes: &'de [u8],
    writer: &Schema,
) -> Result<T> {
    let own = T::schema();
    let decode = || {
        let mut reader = SliceReader::new(bytes);
        let value = if writer.canonical_form() == own.canonical_form() {
            T::decode(&mut reader).map_err(named_root::<T>)?
        } else {
            let plan = Plan::new(writer, own)?;
            T::decode_resolved(&mut reader, &plan, plan.root()).map_err(named_root::<T>)?
        };
        expect_end(&reader)?;
        crate::codec::check(&value)?;
        Ok(value)
    };
    let result = decode();
    match &result {
        Ok(_) => {
            observe::typed_datum(
                Op::Decode,
                crate::codec::cache::schema_id::<T>,
                T::schema,
                bytes.len(),
            );
            let differing = observe::Writer::differing(writer, own, None);
            observe::mismatch(Framing::Raw, own, differing, 1);
        }
        Err(e) => observe::failure(Op::Decode, Framing::Raw, || Some(own), e),
    }
    result
}
