//! The spans and events of files, streams and failures, captured by a
//! layer that writes each as a line.

use std::fmt::{Debug, Write as _};
use std::sync::{Arc, Mutex};

use avrox::framing::{MessageStream, SchemaStore};
use avrox::json::LinesReader;
use avrox::ocf::{Writer, WriterOptions};
use avrox::{AvroSchema, Schema};
use futures_util::{StreamExt, stream};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::drivers::{DRIVERS, Driver, block_on};
use crate::{Reading, reading};

/// Every span opened, field recorded and event, one line each.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

/// Fields as `name=value`, strings without quotes.
#[derive(Default)]
struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let span = ctx.span(id).expect("the span just made");
        let parent = span.parent().map_or("-", |p| p.name());
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let line = format!("span {} in {parent}:{}", span.name(), fields.0);
        self.0.lock().unwrap().push(line);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).expect("a live span");
        let mut fields = Fields::default();
        values.record(&mut fields);
        let line = format!("record {}:{}", span.name(), fields.0);
        self.0.lock().unwrap().push(line);
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let parent = ctx.event_span(event).map_or("-", |p| p.name());
        let mut fields = Fields::default();
        event.record(&mut fields);
        let line = format!(
            "event {} {} in {parent}:{}",
            event.metadata().level(),
            event.metadata().target(),
            fields.0
        );
        self.0.lock().unwrap().push(line);
    }
}

/// Keeps tracing's callsites open to the subscriber each test installs.
///
/// tracing caches, per callsite, whether any live subscriber wants it.
/// While a single subscriber is registered, it asks only the subscriber of
/// the thread that hits the callsite first: a test in this binary that
/// runs avrox's code with no subscriber (the metrics tests, on other
/// threads) then caches avrox's callsites as wanted by nobody, and a test
/// here would now and then see nothing (about one run in six with eight
/// test threads). A second subscriber that is alive for the whole run and
/// answers "sometimes" makes tracing ask every thread's own subscriber on
/// each use instead.
fn keep_callsites_open() {
    static OPEN: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    OPEN.get_or_init(|| tracing::Dispatch::new(AskEachTime));
}

/// A subscriber that records nothing and leaves every callsite to be
/// asked again at each use.
struct AskEachTime;

impl Subscriber for AskEachTime {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        false
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The lines `f` traced.
fn capture(f: impl FnOnce()) -> Vec<String> {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    keep_callsites_open();
    tracing::subscriber::with_default(subscriber, f);
    capture.0.lock().unwrap().clone()
}

#[test]
fn files_have_a_span_and_one_per_block_and_failures_are_events_in_their_block() {
    for driver in DRIVERS {
        file_spans(driver);
    }
}

fn file_spans(driver: Driver) {
    let options = WriterOptions::new().sync_marker([7; 16]);
    let mut file = Vec::new();
    let lines = capture(|| {
        let mut w = driver.writer::<Reading>(options);
        w.append(&reading(1.0)).unwrap();
        w.flush().unwrap();
        w.append_encoded(&avrox::to_vec_unchecked(&reading(150.0)).unwrap())
            .unwrap();
        w.append(&reading(2.0)).unwrap();
        file = w.finish().unwrap();
        let read = driver.read::<Reading>(&file).unwrap();
        assert_eq!(read.len(), 3);
    });
    // Print the capture: the book's sample is this output.
    for line in &lines {
        println!("{line}");
    }
    // A block's bytes: its count and size (a byte each here), its data
    // (13 bytes a reading) and its 16-byte sync marker.
    let expected = [
        "span avrox.ocf.write in -: schema=com.acme.iot.Reading codec=null",
        "span avrox.ocf.block in avrox.ocf.write: index=0",
        "record avrox.ocf.block: records=1",
        "record avrox.ocf.block: bytes=31",
        "span avrox.ocf.block in avrox.ocf.write: index=1",
        "record avrox.ocf.block: records=2",
        "record avrox.ocf.block: bytes=44",
        "span avrox.ocf.read in -: schema=com.acme.iot.Reading codec=null",
        "span avrox.ocf.block in avrox.ocf.read: index=0",
        "record avrox.ocf.block: records=1",
        "record avrox.ocf.block: bytes=31",
        "span avrox.ocf.block in avrox.ocf.read: index=1",
        "event WARN avrox in avrox.ocf.block: message=block 1 (at file byte 369), record 0: \
         Reading: 1 constraint failed operation=decode framing=ocf \
         schema=com.acme.iot.Reading category=validation kind=validation path=Reading offset=0",
        "record avrox.ocf.block: records=2",
        "record avrox.ocf.block: bytes=44",
    ];
    assert_eq!(lines, expected, "{driver:?}");
}

#[test]
fn a_failed_call_is_an_event_in_the_caller_s_span_with_its_path_and_offset() {
    let lines = capture(|| {
        let span = tracing::info_span!("consume");
        let _in = span.enter();
        let bytes = avrox::to_vec(&reading(1.0)).unwrap();
        assert!(avrox::from_slice::<Reading>(&bytes[..5]).is_err());
    });
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert_eq!(lines[0], "span consume in -:");
    let event = &lines[1];
    assert!(
        event.starts_with("event WARN avrox in consume: message="),
        "{event}"
    );
    for field in [
        " operation=decode",
        " framing=raw",
        " schema=com.acme.iot.Reading",
        " category=data",
        " kind=unexpected_eof",
        " path=Reading.celsius",
        " offset=4",
    ] {
        assert!(event.contains(field), "{field} in {event}");
    }
}

#[test]
fn streams_of_json_lines_have_one_span_and_no_span_per_line() {
    let schema: &Schema = Reading::schema();
    let text = "{\"sensor\": \"a\", \"celsius\": 1.0, \"note\": null}\n\
                {\"sensor\": \"b\", \"celsius\": 2.0, \"note\": null}\n";
    let lines = capture(|| {
        let read = LinesReader::new(text.as_bytes(), schema.clone()).typed::<Reading>();
        assert_eq!(read.filter(Result::is_ok).count(), 2);
    });
    let spans: Vec<_> = lines.iter().filter(|l| l.starts_with("span")).collect();
    assert_eq!(
        spans,
        ["span avrox.json.read in -: schema=com.acme.iot.Reading"]
    );
    assert!(!lines.iter().any(|l| l.starts_with("event")), "{lines:#?}");
}

#[test]
fn message_streams_open_no_span_and_their_failures_are_events_in_the_caller_s() {
    let good = avrox::framing::to_single_object(&reading(1.0)).unwrap();
    let cut = good[..good.len() - 1].to_vec();
    let mut store = SchemaStore::new();
    store.add_type::<Reading>();
    let source = vec![Ok::<_, std::io::Error>(good.clone()), Ok(cut), Ok(good)];
    let lines = capture(|| {
        let span = tracing::info_span!("consume");
        let _in = span.enter();
        let stream = MessageStream::<Reading, _, _>::new(stream::iter(source), &store);
        let read: Vec<_> = block_on(stream.collect());
        assert_eq!(read.iter().filter(|r| r.is_ok()).count(), 2);
    });
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert_eq!(lines[0], "span consume in -:");
    let event = &lines[1];
    assert!(
        event.starts_with("event WARN avrox in consume: message="),
        "{event}"
    );
    assert!(event.contains(" framing=single_object"), "{event}");
    assert!(event.contains(" kind=unexpected_eof"), "{event}");
}

/// What a `tracing_subscriber::fmt` subscriber prints: the book's sample.
/// Its default level, INFO, leaves out the blocks' spans (DEBUG): the
/// event is then in the file's.
#[test]
fn a_formatted_log_shows_the_file_and_block_of_a_failure() {
    let mut w =
        Writer::<Reading, _>::with_options(Vec::new(), WriterOptions::new().sync_marker([7; 16]))
            .unwrap();
    w.append(&reading(1.0)).unwrap();
    w.append_encoded(&avrox::to_vec_unchecked(&reading(150.0)).unwrap())
        .unwrap();
    let file = w.finish().unwrap();
    for driver in DRIVERS {
        formatted_log(driver, &file);
    }
}

fn formatted_log(driver: Driver, file: &[u8]) {
    let out = Arc::new(Mutex::new(Vec::new()));
    let writer = {
        let out = out.clone();
        move || SharedBuf(out.clone())
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .without_time()
        .finish();
    keep_callsites_open();
    tracing::subscriber::with_default(subscriber, || {
        let read = driver.read::<Reading>(file).unwrap();
        assert!(read[1].is_err());
    });
    let text = String::from_utf8(out.lock().unwrap().clone()).unwrap();
    print!("{text}");
    assert_eq!(
        text,
        " WARN avrox.ocf.read{schema=\"com.acme.iot.Reading\" codec=\"null\"}: \
         avrox: block 0 (at file byte 338), record 1: Reading: \
         1 constraint failed operation=\"decode\" framing=\"ocf\" \
         schema=\"com.acme.iot.Reading\" category=\"validation\" kind=\"validation\" \
         path=\"Reading\" offset=13\n"
    );
}

/// A buffer shared with the subscriber.
struct SharedBuf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for SharedBuf {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A block skipped for damage in its frame is a WARN event in the file's
/// span, as the same damage is when it ends the reading.
#[test]
fn damage_skipped_in_a_frame_is_an_event() {
    let file = crate::counts::file_with_a_damaged_frame();
    for skip in [false, true] {
        for driver in DRIVERS {
            let options = avrox::ocf::ReaderOptions::new().skip_damaged(skip);
            let lines = capture(|| {
                driver.read_with::<Reading>(&file, options).unwrap();
            });
            let events: Vec<_> = lines.iter().filter(|l| l.starts_with("event")).collect();
            assert_eq!(
                events.len(),
                1,
                "{driver:?}, skip_damaged {skip}: {lines:#?}"
            );
            assert!(
                events[0].starts_with("event WARN avrox in avrox.ocf.read"),
                "{}",
                events[0]
            );
            assert!(events[0].contains(" kind=sync_mismatch"), "{}", events[0]);
        }
    }
}
