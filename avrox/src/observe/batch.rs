//! The counts of one thread not yet handed to the recorder: the datums
//! and bytes of one set of [`Keys`] (one type and operation of the crate
//! root's functions, or the keys of one object the caller keeps), added
//! up in plain thread-local cells and handed over every [`SIZE`] datums,
//! when the thread counts for other keys, when [`flush`] is called, when
//! the object that owns the keys is dropped on this thread, and when the
//! thread exits.
//!
//! A count through the facade costs 130 to 300 instructions, a third to
//! half of encoding a small record; adding to the batch costs a few.
//!
//! The batch is two thread-locals. [`PENDING`], which every count
//! reaches, holds plain numbers and has no destructor, so reaching it
//! takes no check of whether it is alive. [`HELD`] holds the keys the
//! pending counts are for, is reached only when they are handed over or
//! change, and its destructor hands over what is pending when the thread
//! exits.

use std::cell::Cell;
use std::sync::Arc;

use super::Op;
use super::metrics::{Keys, type_keys};
use crate::schema::Schema;

/// Datums a batch holds before it is handed over: the most a scrape can
/// lag behind one thread's counting of one type. The hand-over (a count
/// through the facade, ~150 instructions) is paid once per batch: counted
/// with callgrind (`benches/examples/observe_instructions.rs`), a `log`
/// record's `encode_into` costs 422 instructions uncounted, and counted
/// in batches of 16, 64 and 256, 447 (+5.8%), 439 (+4.1%) and 438
/// (+3.6%): past 64 a batch buys little and lags more.
pub(super) const SIZE: u64 = 64;

/// Which keys a batch counts for, compared on every count: an address.
/// For a type's keys, that of the type's schema builder (`id`) when
/// encoding, one byte into it when decoding (inside the builder's own
/// code, which is longer than a byte: it builds and returns a node, so
/// no other function starts there); for an object's keys, the keys' own
/// address, on the heap, where no code is. `0` is no keys at all. The
/// keys' address stays theirs while the tag names them ([`HELD`] keeps
/// them alive, and the tag is cleared whenever it lets go of them), so no
/// other keys can come to sit there and be taken for them.
type Tag = usize;

const NONE: Tag = 0;

fn type_tag(op: Op, id: usize) -> Tag {
    match op {
        Op::Encode => id,
        Op::Decode => id.wrapping_add(1),
    }
}

fn kept_tag(keys: &Arc<Keys>) -> Tag {
    Arc::as_ptr(keys) as usize
}

/// What a thread has counted and not yet handed over: `SIZE - room`
/// datums of `bytes`. (Counting the room down makes a count one
/// subtraction that also says whether the batch is full.)
struct Pending {
    tag: Cell<Tag>,
    room: Cell<u64>,
    bytes: Cell<u64>,
}

/// The keys of a thread's pending counts: a share of them, so that an
/// object dropped (on any thread) while this thread's counts of it are
/// pending leaves them something to be counted under.
struct Held {
    keys: Cell<Option<Arc<Keys>>>,
}

thread_local! {
    static PENDING: Pending = const {
        Pending {
            tag: Cell::new(NONE),
            room: Cell::new(SIZE),
            bytes: Cell::new(0),
        }
    };
    static HELD: Held = const { Held { keys: Cell::new(None) } };
}

impl Pending {
    /// Adds a datum of `bytes`, handing the batch over when it is full.
    #[inline(always)]
    fn add(&self, bytes: usize) {
        let room = self.room.get() - 1;
        self.room.set(room);
        self.bytes.set(self.bytes.get() + bytes as u64);
        if room == 0 {
            self.hand_over();
        }
    }

    /// The pending datums and bytes, taken out.
    fn take(&self) -> (u64, u64) {
        (SIZE - self.room.replace(SIZE), self.bytes.replace(0))
    }

    /// Counts the pending datums and bytes with the recorder current now;
    /// the keys stay for the next counts.
    #[cold]
    #[inline(never)]
    fn hand_over(&self) {
        let (datums, bytes) = self.take();
        if datums == 0 {
            return;
        }
        // A share taken out and put back rather than borrowed across the
        // count: a recorder that counts through avrox itself finds the
        // batch whole.
        let keys = HELD.try_with(|held| {
            let keys = held.keys.take();
            held.keys.set(keys.clone());
            keys
        });
        if let Ok(Some(keys)) = keys {
            keys.count(datums, bytes, None);
        }
    }

    /// Hands over the pending counts, then counts a datum of `bytes` for
    /// `keys`, tagged `tag`, and what follows of them. At thread exit,
    /// once [`HELD`] is gone, counts it at once instead.
    #[cold]
    #[inline(never)]
    fn switch(&self, tag: Tag, keys: Arc<Keys>, bytes: usize) {
        self.hand_over();
        let held = HELD.try_with(|held| held.keys.replace(Some(Arc::clone(&keys))));
        if held.is_ok() {
            self.tag.set(tag);
            self.add(bytes);
        } else {
            self.tag.set(NONE);
            keys.count(1, bytes as u64, None);
        }
    }

    /// Hands over the pending counts and lets go of the keys.
    fn clear(&self) {
        self.hand_over();
        self.tag.set(NONE);
        let _ = HELD.try_with(|held| held.keys.take());
    }
}

/// At thread exit: the thread's last counts. A recorder that panics here
/// would abort the process (a panic may not leave a thread-local's
/// destructor), so a panic is caught and those counts lost.
impl Drop for Held {
    fn drop(&mut self) {
        let keys = self.keys.take();
        let _ = PENDING.try_with(|pending| {
            pending.tag.set(NONE);
            let (datums, bytes) = pending.take();
            if let Some(keys) = keys
                && datums > 0
            {
                let count = || keys.count(datums, bytes, None);
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(count));
            }
        });
    }
}

/// A datum of a type's own schema (`id` stands for it) through a function
/// of the crate root.
#[inline(always)]
pub(super) fn typed(op: Op, id: usize, schema: fn() -> &'static Schema, bytes: usize) {
    let tag = type_tag(op, id);
    let added = PENDING.try_with(|pending| {
        if pending.tag.get() == tag {
            pending.add(bytes);
        } else {
            switch_type(pending, op, id, schema, bytes);
        }
    });
    if added.is_err() {
        count_now(&type_keys(op, id, schema), bytes);
    }
}

#[cold]
#[inline(never)]
fn switch_type(
    pending: &Pending,
    op: Op,
    id: usize,
    schema: fn() -> &'static Schema,
    bytes: usize,
) {
    pending.switch(type_tag(op, id), type_keys(op, id, schema), bytes);
}

/// A datum counted through the keys of an object the caller keeps.
#[inline(always)]
pub(super) fn kept(keys: &Arc<Keys>, bytes: usize) {
    let tag = kept_tag(keys);
    let added = PENDING.try_with(|pending| {
        if pending.tag.get() == tag {
            pending.add(bytes);
        } else {
            pending.switch(tag, Arc::clone(keys), bytes);
        }
    });
    if added.is_err() {
        count_now(keys, bytes);
    }
}

/// A datum counted at once: where a thread's batch is out of reach
/// (thread-locals without a destructor stay reachable on the platforms
/// whose thread-locals are native, but not on all).
#[cold]
#[inline(never)]
fn count_now(keys: &Keys, bytes: usize) {
    keys.count(1, bytes as u64, None);
}

/// Hands over the thread's pending counts if they are for `keys`: before
/// a count of the same keys made at once (a timed call), so that the
/// recorder gets them in the order they were made.
#[inline]
pub(super) fn hand_over_for(keys: &Arc<Keys>) {
    let tag = kept_tag(keys);
    let _ = PENDING.try_with(|pending| {
        if pending.tag.get() == tag {
            pending.hand_over();
        }
    });
}

/// The object owning `keys` is dropped: if this thread's batch is for
/// them, its counts are handed over and the keys let go. (Other threads'
/// batches keep their share of the keys until they hand over.)
pub(super) fn release(keys: &Arc<Keys>) {
    let tag = kept_tag(keys);
    let _ = PENDING.try_with(|pending| {
        if pending.tag.get() == tag {
            pending.clear();
        }
    });
}

/// Hands the calling thread's pending counts to the recorder current now.
pub(super) fn flush() {
    let _ = PENDING.try_with(Pending::hand_over);
}
