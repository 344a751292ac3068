//! What decoding really allocates, counted by a global allocator: a binary
//! of its own, since a global allocator is the whole binary's.
//!
//! - `bound`: any input of N bytes, read with an allocation limit of L,
//!   holds at most L + 64·N + 16 KiB, through every decoder and schema;
//! - `blocking`: the same items are charged the same in one block or
//!   many, through every decoder;
//! - `counting`: the allocator, which counts each thread's bytes (so tests
//!   may run side by side), and [`counting::peak`];
//! - `reproducer`: issue 21's 15 bytes that made `Value::decode` allocate
//!   a gigabyte, through every decoder, under the default limits and
//!   smaller ones.

mod blocking;
mod bound;
mod counting;
mod reproducer;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;
