//! How a container file is read ([`ReaderOptions`]) and what a reader
//! skipped ([`Skipped`]): shared by the blocking and async readers.

use crate::binary::Limits;
use crate::error::Error;
use crate::schema::Schema;

/// How a container file is read: limits, what to do with damaged blocks,
/// whether records are validated, and for [`Value`](crate::Value)s the
/// schema to read them as.
///
/// ```
/// use avrox::binary::Limits;
/// use avrox::ocf::ReaderOptions;
///
/// let options = ReaderOptions::new()
///     .limits(Limits::default().max_depth(64))
///     .max_block_size(16 << 20)
///     .skip_damaged(true)
///     .validate(true);
/// # let _ = options;
/// ```
#[derive(Clone, Debug)]
pub struct ReaderOptions {
    pub(crate) limits: Limits,
    pub(crate) max_block_size: usize,
    pub(crate) skip_damaged: bool,
    pub(crate) validate: bool,
    pub(crate) reader_schema: Option<Schema>,
}

impl ReaderOptions {
    /// 512 MiB: the default bound on a block's size, stored and
    /// decompressed. It is also the most memory one block takes.
    pub const DEFAULT_MAX_BLOCK_SIZE: usize = 512 << 20;

    /// The defaults: default [`Limits`], blocks of at most 512 MiB, damage
    /// is an error, and records are validated.
    pub fn new() -> ReaderOptions {
        ReaderOptions {
            limits: Limits::default(),
            max_block_size: ReaderOptions::DEFAULT_MAX_BLOCK_SIZE,
            skip_damaged: false,
            validate: true,
            reader_schema: None,
        }
    }

    /// The limits each record is decoded with (reset per record).
    pub fn limits(mut self, limits: Limits) -> ReaderOptions {
        self.limits = limits;
        self
    }

    /// The largest block, in bytes, as stored and once decompressed. A
    /// larger one is an error (`LimitExceeded` of `max_block_size`), found
    /// before the memory is allocated: this is what stops decompression
    /// bombs.
    pub fn max_block_size(mut self, bytes: usize) -> ReaderOptions {
        self.max_block_size = bytes;
        self
    }

    /// With `true`, a damaged block is skipped: reading goes on after the
    /// next sync marker, and what was skipped is listed by
    /// [`Reader::skipped`](super::Reader::skipped). With `false` (the default), damage is an error
    /// that ends the reading, after every record before it.
    ///
    /// A failed read of the input is not damage, in either mode: it is
    /// returned as an I/O error, nothing is skipped for it, and the next
    /// call reads again from where the input stopped (see
    /// [`Reader`](super::Reader)).
    pub fn skip_damaged(mut self, skip: bool) -> ReaderOptions {
        self.skip_damaged = skip;
        self
    }

    /// Sets whether records are checked against their constraints once
    /// decoded (see [`validate`](crate::validate)): a derived type's own, or
    /// for [`Value`](crate::Value)s those the schema they are read as
    /// carries. On by default. A record that breaks them is no damage: the
    /// reader yields an [`ErrorKind::Validation`](crate::ErrorKind::Validation) error for it, naming its
    /// block and record and carrying the report, and goes on with the next
    /// record. Turn it off for files this program wrote itself, or to read
    /// what is there anyway.
    ///
    /// ```
    /// use avrox::ocf::{Reader, ReaderOptions, Writer};
    /// use avrox::Avro;
    ///
    /// #[derive(Avro, Debug)]
    /// struct Score { #[avro(max = 100)] points: u32 }
    ///
    /// let mut w = Writer::<Score, _>::new(Vec::new())?;
    /// w.append_encoded(&avrox::to_vec_unchecked(&Score { points: 150 })?)?;
    /// let file = w.finish()?;
    ///
    /// let mut checked = Reader::<Score, _>::new(&file[..])?;
    /// assert!(checked.next().unwrap().is_err());
    /// let options = ReaderOptions::new().validate(false);
    /// let mut trusting = Reader::<Score, _>::with_options(&file[..], options)?;
    /// assert_eq!(trusting.next().unwrap()?.points, 150);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn validate(mut self, on: bool) -> ReaderOptions {
        self.validate = on;
        self
    }

    /// The schema to read [`Value`](crate::Value)s as, instead of the
    /// writer's: the writer's schema is resolved to it. A derived type
    /// reads as its own schema only, so a reader of one given another
    /// schema here (by canonical form) fails when it is made.
    ///
    /// ```
    /// use avrox::ocf::{Reader, ReaderOptions, Writer};
    /// use avrox::{Schema, Value};
    ///
    /// let mut w = Writer::<i32, _>::new(Vec::new())?;
    /// w.append(&5)?;
    /// let file = w.finish()?;
    ///
    /// let long = Schema::parse(r#""long""#)?;
    /// let options = ReaderOptions::new().reader_schema(long.clone());
    /// let values = Reader::<Value, _>::with_options(&file[..], options.clone())?
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// assert_eq!(values, [Value::Long(5)]);
    /// // An i64 reads as its own schema, "long": only that one may be given.
    /// assert!(Reader::<i64, _>::with_options(&file[..], options)?.next().is_some());
    /// let int = ReaderOptions::new().reader_schema(Schema::parse(r#""int""#)?);
    /// assert!(Reader::<i64, _>::with_options(&file[..], int).is_err());
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn reader_schema(mut self, schema: Schema) -> ReaderOptions {
        self.reader_schema = Some(schema);
        self
    }
}

impl Default for ReaderOptions {
    fn default() -> ReaderOptions {
        ReaderOptions::new()
    }
}

/// A stretch of a file that a reader with
/// [`skip_damaged`](ReaderOptions::skip_damaged) skipped.
#[derive(Debug)]
pub struct Skipped {
    /// The index of the damaged block.
    pub block: u64,
    /// The file offset where the skipped bytes start.
    pub offset: u64,
    /// How many bytes were skipped.
    pub bytes: u64,
    /// How many records were lost, when the block's count could be read.
    pub records: Option<u64>,
    /// The damage.
    pub error: Error,
}
