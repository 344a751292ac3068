//! What only the async readers and writers have: cancellation, writers
//! dropped mid-block, sources that return `Pending` and short reads at
//! every byte, real tokio files, object stores, and message streams.
//! (Everything else runs on them through `both.rs`.)

use std::future::Future;
use std::io::Cursor;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use avrox::framing::{self, ConfluentReader, MemoryRegistry, MessageStream, SchemaStore};
use avrox::ocf::{
    AsyncReader, AsyncWriter, Codec, ObjectReader, Reader, ReaderOptions, Writer, WriterOptions,
};
use avrox::{Avro, AvroSchema, Error, ErrorKind, Value};
use futures_util::{StreamExt, TryStreamExt, stream};
use object_store::{ObjectStore, ObjectStoreExt, path::Path as ObjectPath};
use tokio::io::AsyncWrite;

use crate::both::{Trickle, block_on};

#[derive(Avro, Debug, Clone, PartialEq)]
struct Event {
    id: i64,
    name: String,
}

fn events(n: usize) -> Vec<Event> {
    (0..n)
        .map(|i| Event {
            id: i as i64,
            name: format!("event {i}"),
        })
        .collect()
}

fn every_codec() -> Vec<Codec> {
    vec![
        Codec::Null,
        Codec::Deflate(6),
        Codec::Snappy,
        Codec::Zstandard(3),
        Codec::Bzip2(9),
        Codec::Xz(6),
    ]
}

/// A file of `blocks` blocks of 10 events.
fn file(codec: Codec, blocks: usize) -> Vec<u8> {
    let options = WriterOptions::new().codec(codec);
    let mut w = Writer::<Event, _>::with_options(Vec::new(), options).unwrap();
    for chunk in events(10 * blocks).chunks(10) {
        w.extend(chunk).unwrap();
        w.flush().unwrap();
    }
    w.finish().unwrap()
}

/// What a reader gave, as text: each record or error, then what it skipped.
fn blocking_outcome(bytes: &[u8], options: ReaderOptions) -> Vec<String> {
    let mut reader = match Reader::<Event, _>::with_options(bytes, options) {
        Ok(reader) => reader,
        Err(e) => return vec![format!("{e:?}")],
    };
    let mut out: Vec<String> = reader.by_ref().map(|r| format!("{r:?}")).collect();
    out.extend(reader.skipped().iter().map(|s| format!("{s:?}")));
    out
}

async fn async_outcome<R>(inner: R, options: ReaderOptions) -> Vec<String>
where
    R: tokio::io::AsyncRead + Unpin,
{
    let mut reader = match AsyncReader::<Event, _>::with_options(inner, options).await {
        Ok(reader) => reader,
        Err(e) => return vec![format!("{e:?}")],
    };
    let mut out = Vec::new();
    while let Some(r) = reader.next().await {
        out.push(format!("{r:?}"));
    }
    out.extend(reader.skipped().iter().map(|s| format!("{s:?}")));
    out
}

#[test]
fn a_byte_at_a_time_with_pending_before_each_reads_the_same() {
    for codec in every_codec() {
        let bytes = file(codec, 3);
        for skip in [false, true] {
            let options = ReaderOptions::new().skip_damaged(skip);
            let expected = blocking_outcome(&bytes, options.clone());
            assert_eq!(expected.len(), 30, "{codec:?}");
            let got = block_on(async_outcome(
                Trickle::with_sizes(bytes.clone(), &[1]),
                options,
            ));
            assert_eq!(got, expected, "{codec:?}");
        }
    }
}

#[test]
fn truncated_at_every_byte_the_async_reader_errs_as_the_blocking_one() {
    for codec in [Codec::Null, Codec::Deflate(6), Codec::Zstandard(3)] {
        let bytes = file(codec, 3);
        for cut in 0..bytes.len() {
            for skip in [false, true] {
                let options = ReaderOptions::new().skip_damaged(skip);
                let expected = blocking_outcome(&bytes[..cut], options.clone());
                let got = block_on(async_outcome(
                    Trickle::with_sizes(bytes[..cut].to_vec(), &[1, 7]),
                    options,
                ));
                assert_eq!(got, expected, "{codec:?} cut at {cut}");
            }
        }
    }
}

#[test]
fn corrupt_syncs_and_hostile_counts_and_sizes_are_errors() {
    let bytes = file(Codec::Null, 3);
    let sync = *Reader::<Event, _>::new(&bytes[..]).unwrap().header().sync();
    // Where the header's sync marker and the first block's start.
    let markers: Vec<usize> = bytes
        .windows(16)
        .enumerate()
        .filter(|(_, w)| *w == sync)
        .map(|(i, _)| i)
        .collect();
    let (header_end, sync_at) = (markers[0] + 16, markers[1]);
    let mut cases = Vec::new();
    // Every byte of the first block's sync marker flipped.
    for i in 0..16 {
        let mut b = bytes.clone();
        b[sync_at + i] ^= 0xff;
        cases.push(b);
    }
    // A block claiming i64::MAX records, and one claiming a size past
    // any limit, and one a size just past the file.
    for (count, size) in [(i64::MAX, 4), (1, i64::MAX), (1, 1 << 40), (1, 1000)] {
        let mut b = bytes[..header_end].to_vec();
        avrox::binary::write_long(&mut b, count);
        avrox::binary::write_long(&mut b, size);
        b.extend_from_slice(&[0; 8]);
        cases.push(b);
    }
    for b in cases {
        for skip in [false, true] {
            let options = ReaderOptions::new()
                .skip_damaged(skip)
                .max_block_size(1 << 20);
            let expected = blocking_outcome(&b, options.clone());
            assert!(
                skip || expected.last().unwrap().starts_with("Err("),
                "{expected:?}"
            );
            let got = block_on(async_outcome(Trickle::new(b.clone()), options));
            assert_eq!(got, expected);
        }
    }
}

/// Polls a future once, then drops it.
fn poll_once<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => Some(out),
        Poll::Pending => None,
    }
}

#[test]
fn dropping_next_futures_loses_no_record() {
    for codec in [Codec::Null, Codec::Snappy] {
        let bytes = file(codec, 100);
        assert!(bytes.len() > 2 * 4096, "{}", bytes.len());
        let mut reader = block_on(AsyncReader::<Event, _>::new(Trickle::with_sizes(
            bytes,
            &[3, 1, 50],
        )))
        .unwrap();
        let mut got = Vec::new();
        let mut dropped = 0;
        // Each `next()` is polled once and dropped: as a `select!` or a
        // timeout would do. Records come out whole, once each.
        loop {
            match poll_once(reader.next()) {
                Some(Some(r)) => got.push(r.unwrap()),
                Some(None) => break,
                None => dropped += 1,
            }
        }
        assert!(dropped > 100, "{dropped}");
        assert_eq!(got, events(1000), "{codec:?}");
    }
}

/// An `AsyncWrite` into a shared vector that takes at most `step` bytes a
/// write and returns `Pending` before each write.
#[derive(Debug, Clone)]
struct Dribble {
    out: Arc<std::sync::Mutex<Vec<u8>>>,
    step: usize,
    ready: bool,
}

impl Dribble {
    fn new(step: usize) -> Dribble {
        Dribble {
            out: Arc::default(),
            step,
            ready: false,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        self.out.lock().unwrap().clone()
    }
}

impl AsyncWrite for Dribble {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if !self.ready {
            self.ready = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.ready = false;
        let n = buf.len().min(self.step);
        self.out.lock().unwrap().extend_from_slice(&buf[..n]);
        Poll::Ready(Ok(n))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[test]
fn short_writes_and_pending_write_the_blocking_writer_s_bytes() {
    for codec in every_codec() {
        let options = WriterOptions::new()
            .codec(codec)
            .block_size(300)
            .sync_marker([9; 16]);
        let mut w = Writer::<Event, _>::with_options(Vec::new(), options.clone()).unwrap();
        w.extend(events(100)).unwrap();
        let expected = w.finish().unwrap();
        let out = Dribble::new(7);
        let mut w = block_on(AsyncWriter::<Event, _>::with_options(out.clone(), options)).unwrap();
        block_on(w.extend(events(100))).unwrap();
        block_on(w.finish()).unwrap();
        assert_eq!(out.bytes(), expected, "{codec:?}");
    }
}

#[test]
fn a_writer_dropped_mid_block_loses_no_flushed_block() {
    for codec in [Codec::Null, Codec::Deflate(6), Codec::Zstandard(3)] {
        // Written, flushed, more written, dropped without finish: the file
        // reads up to the flushed block and ends cleanly.
        let mut out = Vec::new();
        block_on(async {
            let mut w =
                AsyncWriter::<Event, _>::with_options(&mut out, WriterOptions::new().codec(codec))
                    .await
                    .unwrap();
            w.extend(events(10)).await.unwrap();
            w.flush().await.unwrap();
            w.extend(events(15)).await.unwrap();
            assert_eq!(w.pending_records(), 15);
        });
        let back: Vec<Event> = Reader::new(&out[..])
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(back, events(10), "{codec:?}");

        // The same, but the writer is dropped while a future was writing
        // a block, half of it out: every flushed block reads, then the cut
        // one is damage, named by its block.
        let sink = Dribble::new(5);
        let options = WriterOptions::new().codec(codec).block_size(200);
        let mut w = block_on(AsyncWriter::<Event, _>::with_options(sink.clone(), options)).unwrap();
        block_on(w.extend(events(10))).unwrap();
        block_on(w.flush()).unwrap();
        let flushed = sink.bytes().len();
        let mut more = events(1000).into_iter();
        // Appends until one of them writes a block and is cut off after
        // a few writes.
        let cut = loop {
            let event = more.next().unwrap();
            let mut future = pin!(w.append(&event));
            let mut cx = Context::from_waker(Waker::noop());
            let mut polls = 0;
            let done = loop {
                match future.as_mut().poll(&mut cx) {
                    Poll::Ready(r) => break r.map(|()| true).unwrap(),
                    Poll::Pending if polls == 6 => break false,
                    Poll::Pending => polls += 1,
                }
            };
            if !done {
                break sink.bytes().len();
            }
        };
        drop(w);
        let bytes = sink.bytes();
        assert!(cut > flushed, "{codec:?}");
        let results: Vec<_> = Reader::<Event, _>::new(&bytes[..]).unwrap().collect();
        let (good, bad): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        let good: Vec<Event> = good.into_iter().map(Result::unwrap).collect();
        assert_eq!(good[..10], events(10), "{codec:?}");
        assert_eq!(bad.len(), 1, "{codec:?}");
        let err = bad.into_iter().next().unwrap().unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
            "{err}"
        );
        assert!(err.block().is_some(), "{err}");
    }
}

#[test]
fn a_dropped_append_leaves_the_writer_sound() {
    // Each append is polled a few times and dropped while its block is
    // being written; the next call finishes that block first. The file is
    // whole and its records are in order, none twice.
    let sink = Dribble::new(3);
    let options = WriterOptions::new().block_size(100);
    let mut w = block_on(AsyncWriter::<Event, _>::with_options(sink.clone(), options)).unwrap();
    for event in events(200) {
        let _ = poll_once(w.append(&event));
    }
    block_on(w.finish()).unwrap();
    let back: Vec<Event> = Reader::new(&sink.bytes()[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<i64> = back.iter().map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert!(!back.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn tokio_files_write_append_sync_and_read() {
    let dir = std::env::temp_dir().join(format!("avrox-async-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("events.avro");
    let mut w = AsyncWriter::<Event, _>::create(&path).await.unwrap();
    w.extend(events(10)).await.unwrap();
    w.sync_all().await.unwrap();
    w.finish().await.unwrap();
    let file = tokio::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .await
        .unwrap();
    let mut w = AsyncWriter::<Event, _>::append_with_options(
        file,
        WriterOptions::new().codec(Codec::Deflate(9)),
    )
    .await
    .unwrap();
    assert_eq!(w.header().codec(), Codec::Null, "the file's codec is kept");
    w.extend(&events(25)[10..]).await.unwrap();
    w.finish().await.unwrap();
    let back: Vec<Event> = AsyncReader::open(&path)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(back, events(25));
    // The blocking reader reads what the async writer wrote.
    let blocking: Vec<Event> = Reader::open(&path)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(blocking, back);
    // Appending to a file cut inside a block is refused, as blocking.
    let mut cut = std::fs::read(&path).unwrap();
    cut.truncate(cut.len() - 3);
    let err = AsyncWriter::<Event, _>::append_to(Cursor::new(cut))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("does not end with its sync marker"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn values_read_through_a_reader_schema_as_blocking() {
    let bytes = file(Codec::Snappy, 2);
    let reader_schema = avrox::Schema::parse(
        r#"{"type": "record", "name": "Event", "fields": [
            {"name": "id", "type": "long"},
            {"name": "tag", "type": "string", "default": "none"}]}"#,
    )
    .unwrap();
    let options = ReaderOptions::new().reader_schema(reader_schema);
    let values: Vec<Value> = AsyncReader::with_options(&bytes[..], options.clone())
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let blocking: Vec<Value> = Reader::with_options(&bytes[..], options)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values, blocking);
    assert_eq!(values[3].get("tag"), Some(&Value::from("none")));
    // A derived type given another reader schema fails when made.
    let other = ReaderOptions::new().reader_schema(avrox::Schema::parse(r#""long""#).unwrap());
    assert!(
        AsyncReader::<Event, _>::with_options(&bytes[..], other)
            .await
            .is_err()
    );
}

/// A file of many small blocks in a store; the reader with fetch size 0
/// asks for the header, then each block's frame and rest.
async fn object_store_case(store: Arc<dyn ObjectStore>) {
    let options = WriterOptions::new().block_size(1000);
    let mut w = Writer::<Event, _>::with_options(Vec::new(), options).unwrap();
    w.extend(events(4000)).unwrap();
    let bytes = w.finish().unwrap();
    let blocks = avrox::ocf::BlockReader::new(&bytes[..]).unwrap().count() as u64;
    assert!(blocks > 20, "{blocks}");
    let path = ObjectPath::from("data/events.avro");
    store.put(&path, bytes.clone().into()).await.unwrap();

    let object = ObjectReader::new(store.clone(), path.clone())
        .await
        .unwrap()
        .with_fetch_size(0);
    assert_eq!(object.size(), bytes.len() as u64);
    let mut reader = AsyncReader::<Event, _>::new(object).await.unwrap();
    // The range the header is in, not the whole object.
    assert_eq!(reader.get_ref().requests(), 1);
    assert!(reader.get_ref().bytes_fetched() <= 4096);
    let first = reader.next().await.unwrap().unwrap();
    assert_eq!(first, events(1)[0]);
    assert!(reader.get_ref().bytes_fetched() < bytes.len() as u64 / 4);
    let rest: Vec<Event> = (&mut reader).try_collect().await.unwrap();
    assert_eq!(rest.len(), 3999);
    // Block by block: at most a range for a block's count and size and
    // one for the rest of it, each fetched once.
    let requests = reader.get_ref().requests();
    assert!(
        requests > blocks / 2 && requests <= 2 * blocks + 2,
        "{requests} for {blocks} blocks"
    );
    assert_eq!(reader.get_ref().bytes_fetched(), bytes.len() as u64);

    // With the default fetch size, the small file is one request.
    let object = ObjectReader::new(store.clone(), path.clone())
        .await
        .unwrap();
    let mut reader = AsyncReader::<Event, _>::new(object).await.unwrap();
    assert_eq!((&mut reader).count().await, 4000);
    assert_eq!(reader.get_ref().requests(), 1);

    // A missing object is an error naming it; a damaged one reads as the
    // same bytes do anywhere.
    let err = ObjectReader::new(store.clone(), ObjectPath::from("nope.avro"))
        .await
        .unwrap_err();
    let source = std::error::Error::source(&err).map(ToString::to_string);
    assert!(source.unwrap_or_default().contains("nope.avro"), "{err:?}");
    let mut damaged = bytes.clone();
    let at = damaged.len() / 2;
    damaged[at] ^= 0x55;
    damaged.truncate(damaged.len() - 10);
    let damaged_path = ObjectPath::from("data/damaged.avro");
    store
        .put(&damaged_path, damaged.clone().into())
        .await
        .unwrap();
    for skip in [false, true] {
        let options = ReaderOptions::new().skip_damaged(skip);
        let object = ObjectReader::new(store.clone(), damaged_path.clone())
            .await
            .unwrap()
            .with_fetch_size(100);
        let got = async_outcome(object, options.clone()).await;
        assert_eq!(got, blocking_outcome(&damaged, options));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn object_store_in_memory_reads_block_by_block() {
    object_store_case(Arc::new(object_store::memory::InMemory::new())).await;
}

#[tokio::test(flavor = "current_thread")]
async fn object_store_local_files_read_block_by_block() {
    let dir = std::env::temp_dir().join(format!("avrox-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = object_store::local::LocalFileSystem::new_with_prefix(&dir).unwrap();
    object_store_case(Arc::new(store)).await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn single_object_messages_from_a_length_delimited_socket() {
    use tokio::io::AsyncWriteExt;
    use tokio_util::codec::{FramedRead, LengthDelimitedCodec};

    let (mut client, server) = tokio::io::duplex(64);
    let sender = tokio::spawn(async move {
        for event in events(50) {
            let message = framing::to_single_object(&event).unwrap();
            client
                .write_all(&(message.len() as u32).to_be_bytes())
                .await
                .unwrap();
            client.write_all(&message).await.unwrap();
        }
        // A message of an unknown schema, then one cut short.
        let unknown = framing::to_single_object(&5i64).unwrap();
        client
            .write_all(&(unknown.len() as u32).to_be_bytes())
            .await
            .unwrap();
        client.write_all(&unknown).await.unwrap();
        let cut = &framing::to_single_object(&events(1)[0]).unwrap()[..12];
        client
            .write_all(&(cut.len() as u32).to_be_bytes())
            .await
            .unwrap();
        client.write_all(cut).await.unwrap();
    });
    let mut store = SchemaStore::new();
    store.add_type::<Event>();
    let frames = FramedRead::new(server, LengthDelimitedCodec::new());
    let results: Vec<_> = MessageStream::<Event, _, _>::new(frames, &store)
        .collect()
        .await;
    sender.await.unwrap();
    assert_eq!(results.len(), 52);
    let good: Vec<Event> = results[..50]
        .iter()
        .map(|r| r.as_ref().unwrap().clone())
        .collect();
    assert_eq!(good, events(50));
    let unknown = results[50].as_ref().unwrap_err();
    assert!(
        matches!(unknown.kind(), ErrorKind::UnknownFingerprint(_)),
        "{unknown}"
    );
    assert!(results[51].is_err());
}

#[tokio::test(flavor = "current_thread")]
async fn confluent_payloads_from_a_channel() {
    let mut registry = MemoryRegistry::new();
    let id = registry.register("events-value", Event::schema().clone());
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let payloads: Vec<Vec<u8>> = events(20)
        .iter()
        .map(|e| framing::to_confluent(&registry, "events-value", e).unwrap())
        .collect();
    assert_eq!(&payloads[0][1..5], id.to_be_bytes());
    tokio::spawn(async move {
        for p in payloads {
            tx.send(p).await.unwrap();
        }
        tx.send(vec![0x00, 0, 0, 0x7f, 0xff, 0x02]).await.unwrap();
    });
    let source = stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|m| (Ok::<_, std::io::Error>(m), rx))
    });
    let reader = ConfluentReader::new(registry);
    let mut records = MessageStream::<Event, _, _>::new(Box::pin(source), reader);
    let mut got = Vec::new();
    let mut errors: Vec<Error> = Vec::new();
    while let Some(r) = records.next().await {
        match r {
            Ok(e) => got.push(e),
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(got, events(20));
    assert_eq!(errors.len(), 1, "{errors:?}");
    // An error of the source is an item too.
    let failing = stream::iter([
        Ok(framing::to_single_object(&events(1)[0]).unwrap()),
        Err(std::io::Error::other("connection reset")),
    ]);
    let mut store = SchemaStore::new();
    store.add_type::<Event>();
    let items: Vec<_> = MessageStream::<Event, _, _>::new(failing, store)
        .collect()
        .await;
    assert!(items[0].is_ok());
    assert!(matches!(
        items[1].as_ref().unwrap_err().kind(),
        ErrorKind::Io(_)
    ));
}

#[test]
fn a_huge_block_claimed_by_a_short_stream_is_an_eof_error() {
    // Memory grows with the bytes that come, not with the size a block
    // claims: a short stream claiming a 1 GiB block is an error of its end.
    let mut b = Writer::<Event, _>::new(Vec::new())
        .unwrap()
        .finish()
        .unwrap();
    avrox::binary::write_long(&mut b, 1);
    avrox::binary::write_long(&mut b, 1 << 30);
    b.extend_from_slice(&[1; 100]);
    let options = ReaderOptions::new().max_block_size(2 << 30);
    let got = block_on(async_outcome(Trickle::new(b.clone()), options.clone()));
    assert_eq!(got, blocking_outcome(&b, options));
    assert!(got[0].contains("UnexpectedEof"), "{got:?}");
}
