//! A global allocator that counts the bytes each thread holds, and the
//! most it held while a closure ran.
//!
//! A reallocation is counted as the new block allocated before the old one
//! is freed: that is what it costs where the allocator must move the block,
//! so the counts are an upper bound whatever the system allocator does.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// [`System`], counting.
pub struct Counting;

thread_local! {
    /// Bytes this thread allocated less the bytes it freed (a thread may
    /// free what another allocated, so this may go below zero).
    static CURRENT: Cell<i64> = const { Cell::new(0) };
    /// The most `CURRENT` has been since [`peak`] last started.
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn grow(bytes: usize) {
    // `try_with`: a thread being torn down has no counters left, and its
    // allocations then go uncounted rather than abort.
    let _ = CURRENT.try_with(|current| {
        let now = current.get() + bytes as i64;
        current.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrink(bytes: usize) {
    let _ = CURRENT.try_with(|current| current.set(current.get() - bytes as i64));
}

// SAFETY: every call goes to `System` with the caller's arguments; the
// counting beside it touches only const-initialized thread-locals, which
// never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            grow(new_size);
            shrink(layout.size());
        }
        p
    }
}

/// Runs `f` and returns what it returned and the most bytes this thread
/// held meanwhile beyond what it held before, what `f` returns included.
pub fn peak<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = CURRENT.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let out = f();
    let most = PEAK.with(Cell::get);
    (out, usize::try_from(most - before).unwrap_or(0))
}

/// The counter counts: a vector of a mebibyte is seen, and freed.
#[test]
fn the_counter_sees_allocations() {
    let (v, most) = peak(|| vec![7u8; 1 << 20]);
    assert!(most >= 1 << 20, "{most}");
    drop(v);
    let ((), most) = peak(|| {
        let mut v: Vec<u64> = Vec::with_capacity(1000);
        v.extend(0..1000);
        v.reserve_exact(2000);
    });
    // The old block and the new one, at once.
    assert_eq!(most, 8 * (1000 + 3000));
}
