//! A container file in an object store (S3, GCS, Azure, a local
//! directory) read in ranges, as an `AsyncRead` the [`AsyncReader`]
//! reads block by block (feature `object_store`).
//!
//! [`AsyncReader`]: super::AsyncReader

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use tokio::io::{AsyncRead, ReadBuf};

use crate::error::Result;

type Fetch = Pin<Box<dyn Future<Output = object_store::Result<Bytes>> + Send>>;

/// An object of an [`ObjectStore`] as an `AsyncRead`, fetched in ranges
/// as it is read (feature `object_store`).
///
/// Given to an [`AsyncReader`](super::AsyncReader), it fetches what the
/// reader asks for and no more: the header's range first, then each
/// block's as the records reach it, each range at least
/// [`fetch_size`](ObjectReader::with_fetch_size) long (1 MiB by default)
/// so that small blocks share a request. Memory holds one range beside
/// the reader's block; the object is never fetched whole unless it is
/// smaller than one range.
///
/// # Cancellation
///
/// A range being fetched is kept in the reader when the poll that started
/// it is dropped, and the next read goes on waiting for it.
///
/// ```
/// use std::sync::Arc;
/// use avrox::ocf::{AsyncReader, ObjectReader, Writer};
/// use futures_util::TryStreamExt;
/// use object_store::{ObjectStore, ObjectStoreExt, memory::InMemory, path::Path};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
/// let mut w = Writer::<i64, _>::new(Vec::new())?;
/// w.extend(0..1000)?;
/// let path = Path::from("events/2026/12/05.avro");
/// store.put(&path, w.finish()?.into()).await?;
///
/// let object = ObjectReader::new(store, path).await?;
/// let numbers: Vec<i64> = AsyncReader::<i64, _>::new(object).await?.try_collect().await?;
/// assert_eq!(numbers.len(), 1000);
/// # Ok(())
/// # }
/// ```
pub struct ObjectReader {
    store: Arc<dyn ObjectStore>,
    location: Path,
    size: u64,
    /// The offset of the next byte to fetch.
    next: u64,
    fetch_size: u64,
    /// Fetched and not read yet.
    fetched: Bytes,
    pending: Option<Fetch>,
    requests: u64,
}

impl ObjectReader {
    /// 1 MiB: the least a range request asks for.
    pub const DEFAULT_FETCH_SIZE: usize = 1 << 20;

    /// The object at `location` of `store`: asks the store for its size
    /// (one `HEAD`), and fetches nothing yet.
    pub async fn new(store: Arc<dyn ObjectStore>, location: Path) -> Result<ObjectReader> {
        let meta = store.head(&location).await.map_err(io::Error::other)?;
        Ok(ObjectReader {
            store,
            location,
            size: meta.size,
            next: 0,
            fetch_size: ObjectReader::DEFAULT_FETCH_SIZE as u64,
            fetched: Bytes::new(),
            pending: None,
            requests: 0,
        })
    }

    /// The least a range request asks for: more than a read needs is kept
    /// for the reads after it. With 0, each request is for what one read
    /// asks, at most 64 KiB when an [`AsyncReader`](super::AsyncReader)
    /// reads.
    pub fn with_fetch_size(mut self, bytes: usize) -> ObjectReader {
        self.fetch_size = bytes as u64;
        self
    }

    /// The object's size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// How many range requests were made so far.
    pub fn requests(&self) -> u64 {
        self.requests
    }

    /// How many bytes of the object were fetched so far.
    pub fn bytes_fetched(&self) -> u64 {
        self.next
    }
}

impl fmt::Debug for ObjectReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectReader")
            .field("store", &self.store.to_string())
            .field("location", &self.location)
            .field("size", &self.size)
            .field("next", &self.next)
            .field("fetched", &self.fetched.len())
            .field("fetching", &self.pending.is_some())
            .field("requests", &self.requests)
            .finish()
    }
}

impl AsyncRead for ObjectReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if !this.fetched.is_empty() {
                let n = buf.remaining().min(this.fetched.len());
                buf.put_slice(&this.fetched.split_to(n));
                return Poll::Ready(Ok(()));
            }
            if this.next >= this.size || buf.remaining() == 0 {
                return Poll::Ready(Ok(()));
            }
            let pending = this.pending.get_or_insert_with(|| {
                let len = (buf.remaining() as u64).max(this.fetch_size);
                let range = this.next..this.size.min(this.next.saturating_add(len));
                let (store, location) = (this.store.clone(), this.location.clone());
                this.requests += 1;
                Box::pin(async move { store.get_range(&location, range).await })
            });
            let fetched = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => result,
            };
            this.pending = None;
            match fetched {
                Ok(bytes) if bytes.is_empty() => {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "{} ended at byte {} of the {} it had",
                            this.location, this.next, this.size
                        ),
                    )));
                }
                Ok(bytes) => {
                    this.next += bytes.len() as u64;
                    this.fetched = bytes;
                }
                Err(e) => return Poll::Ready(Err(io::Error::other(e))),
            }
        }
    }
}
