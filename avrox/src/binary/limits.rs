//! Limits on what one datum of untrusted input may make a reader do.

/// Limits on what one datum may make a reader allocate or recurse into.
///
/// Data from Kafka topics and files from strangers is untrusted: a ten-byte
/// message can claim a string of 2^62 bytes or an array of 2^62 nulls.
/// Every length is checked against the bytes that remain before anything is
/// allocated, which stops most such claims at once; these limits stop the
/// rest. They are options of each reader, never global.
///
/// ```
/// use avrox::binary::Limits;
///
/// let strict = Limits::default().max_allocation(1 << 20).max_depth(32);
/// assert_eq!(strict.allocation(), 1 << 20);
/// ```
///
/// # What the allocation limit bounds
///
/// Decoding a datum of `N` bytes holds at most `max_allocation` + 64·`N`
/// bytes + 16 KiB at once, and while a vector grows its old buffer, less
/// than `max_allocation` (below), whatever the bytes, through any decoder (the generic [`Value`](crate::Value), derived types, serde, resolution); a
/// container file's reader holds a block besides, at most its
/// [`max_block_size`](crate::ocf::ReaderOptions::max_block_size). The
/// limit is charged before anything is allocated, for what is really
/// allocated: a string's or bytes' copy; a whole `Value` for each array
/// item (items that take no bytes on the wire, a `null` or an empty
/// record, are held once and repeated, see [`Array`](crate::value::Array),
/// but each is still charged what it would hold, so a value's length
/// stays in proportion to the limit for whoever walks it); a map entry with its share of the hash index; a
/// union's box; a record's fields; a default copied into a record; a
/// derived `Box`, `Rc` or `Arc`. A vector is charged its capacity, and
/// never grows past its charge: its first block is reserved exactly, and a
/// later block that needs more room doubles it, but only as far as the
/// limit can still fill with items, so the same items are accepted in one
/// block or in many. They may be charged more in many blocks only for
/// what they hold besides their items (a `Value` record's fields, a
/// string's copy): the room the last growth left empty, at most the items
/// before it, may then be what refuses them. Collections that grow on
/// their own are charged for what they hold at worst: a vector serde
/// fills twice its items, a map four times (a derived `HashMap` or
/// `BTreeMap` too), what a hash table holds at worst while it grows (a
/// set serde fills from an array is charged as a vector, though a hash set
/// may hold twice that). What the limit does
/// not see is paid for by the input, a few bytes for each byte: the
/// rounding of a small map's hash table (every map takes a byte at least)
/// and the error that reports a failure, with its path. Nor does it keep
/// charged a vector's old buffer, which growing copies from while the new
/// one exists and frees at once: growth leaves room for it within the
/// limit when the items allow, and otherwise holds it beyond, less than
/// the limit, one vector at a time. The test that counts every allocation
/// (`avrox-tests/tests/alloc_bound`) sees at most 10 bytes per input byte
/// and under 1 KiB beyond the limit and that old buffer.
///
/// Limits are about the wire only. Whether decoded values are checked
/// against their constraints is an option of each reader (see
/// [`validate`](crate::validate#where-validation-runs)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    max_allocation: usize,
    max_collection_items: usize,
    max_depth: usize,
}

impl Limits {
    /// 512 MiB: the bytes one datum may make a reader allocate.
    pub const DEFAULT_MAX_ALLOCATION: usize = 512 << 20;
    /// 16,777,216: the items one array or map may have.
    pub const DEFAULT_MAX_COLLECTION_ITEMS: usize = 1 << 24;
    /// 256: how deeply records, arrays, maps and unions may nest.
    pub const DEFAULT_MAX_DEPTH: usize = 256;

    /// No limits beyond the size of the input itself. Only for input you
    /// produced yourself.
    pub fn unlimited() -> Limits {
        Limits {
            max_allocation: usize::MAX,
            max_collection_items: usize::MAX,
            max_depth: usize::MAX,
        }
    }

    /// Sets the number of bytes one datum may make the reader allocate
    /// (strings, bytes, and the elements of arrays and maps).
    pub fn max_allocation(mut self, bytes: usize) -> Limits {
        self.max_allocation = bytes;
        self
    }

    /// Sets the number of items one array or map may have. This matters for
    /// items that take no bytes (`null`, empty records), which the size of
    /// the input cannot bound.
    pub fn max_collection_items(mut self, items: usize) -> Limits {
        self.max_collection_items = items;
        self
    }

    /// Sets how deeply values may nest, which bounds the recursion of
    /// recursive schemas. The generic decoder counts every record, array,
    /// map and union; a derived type counts the pointers (`Box`, `Rc`,
    /// `Arc`) and collections a Rust type recurses through, so a linked list
    /// of `Option<Box<Self>>` is one level a node for it and two for the
    /// generic decoder.
    ///
    /// Each level takes stack in proportion to the type being decoded: the
    /// default of 256 suits ordinary records on a 2 MiB thread (Tokio's and
    /// test threads' size). A derived type that holds kilobytes inline (a
    /// large array field) and recurses needs a lower limit, or a bigger stack.
    pub fn max_depth(mut self, depth: usize) -> Limits {
        self.max_depth = depth;
        self
    }

    /// The allocation limit, in bytes.
    pub fn allocation(&self) -> usize {
        self.max_allocation
    }

    /// The limit on items in one array or map.
    pub fn collection_items(&self) -> usize {
        self.max_collection_items
    }

    /// The nesting limit.
    pub fn depth(&self) -> usize {
        self.max_depth
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_allocation: Limits::DEFAULT_MAX_ALLOCATION,
            max_collection_items: Limits::DEFAULT_MAX_COLLECTION_ITEMS,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
        }
    }
}
