//! A producer and a consumer of sensor readings that serve avrox's metrics
//! in Prometheus's text format.
//!
//! ```text
//! cargo run -p avrox --features metrics --example metrics_service -- 127.0.0.1:9464
//! curl http://127.0.0.1:9464/metrics
//! ```
//!
//! Each round, the producer writes a container file and single-object
//! messages (a few of its readings break their constraints and are
//! refused, and an older producer still sends version 1), and the consumer
//! reads them back, and a copy of the file that arrived damaged, skipping
//! the damage. The metrics go to Prometheus's recorder, which a small
//! HTTP server renders on every request. The example's parts are
//! functions that `avrox-tests/tests/observe/service.rs` runs and scrapes.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use avrox::framing::{self, SchemaStore};
use avrox::ocf::{Reader, ReaderOptions, Writer};
use avrox::resolve::Evolve;
use avrox::{Avro, Value};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// A reading of a sensor: version 2 added `note`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.iot", version = 2)]
pub struct Reading {
    pub sensor: String,
    #[avro(min = -90.0, max = 100.0)]
    pub celsius: f64,
    #[avro(default, since = 2)]
    pub note: Option<String>,
}

/// One round of the loop: what the producer refused, and how many
/// readings the consumer got.
#[derive(Debug, Default)]
pub struct Round {
    pub refused: usize,
    pub consumed: usize,
    pub rejected: usize,
    /// Damaged stretches skipped in the damaged copy of the file.
    pub skipped: usize,
}

/// Produces and consumes one round of readings: a container file of ten
/// (one refused by its constraint), read whole and from a copy whose last
/// byte (of its one block's sync marker) was lost, five single-object
/// messages of this version, two of version 1, and one from a producer
/// nobody knows.
pub fn produce_and_consume(round: u64) -> avrox::Result<Round> {
    let mut done = Round::default();
    let readings: Vec<Reading> = (0..10)
        .map(|i| Reading {
            sensor: format!("t-{}", i % 3),
            // The seventh is a faulty sensor's reading: 150 °C.
            celsius: if i == 6 {
                150.0
            } else {
                15.0 + (round + i) as f64
            },
            note: None,
        })
        .collect();

    let mut file = Writer::<Reading, _>::new(Vec::new())?;
    for reading in &readings {
        if file.append(reading).is_err() {
            done.refused += 1;
        }
    }
    let file = file.finish()?;
    for reading in Reader::<Reading, _>::new(&file[..])? {
        match reading {
            Ok(_) => done.consumed += 1,
            Err(_) => done.rejected += 1,
        }
    }
    let mut damaged = file.clone();
    if let Some(last) = damaged.last_mut() {
        *last ^= 0xff;
    }
    let options = ReaderOptions::new().skip_damaged(true);
    let mut copy = Reader::<Reading, _>::with_options(&damaged[..], options)?;
    done.consumed += copy.by_ref().filter(Result::is_ok).count();
    done.skipped += copy.skipped().len();

    let mut messages = Vec::new();
    for reading in readings.iter().filter(|r| r.celsius < 100.0).take(5) {
        messages.push(framing::to_single_object(reading)?);
    }
    let v1 = Reading::history().version(1).expect("version 1").schema();
    let old = Value::record([
        ("sensor", Value::from("legacy-1")),
        ("celsius", Value::Double(19.5)),
    ]);
    for _ in 0..2 {
        messages.push(framing::to_single_object(&old.with_schema(v1))?);
    }
    let mut stranger = messages[0].clone();
    stranger[2] ^= 0xff; // a fingerprint nobody registered
    messages.push(stranger);

    let mut store = SchemaStore::new();
    store.add_type::<Reading>();
    for message in &messages {
        match store.decode::<Reading>(message) {
            Ok(_) => done.consumed += 1,
            Err(_) => done.rejected += 1,
        }
    }
    Ok(done)
}

/// Answers every HTTP request on `listener`, one connection at a time:
/// `GET /metrics` with the metrics in Prometheus's text format, anything
/// else with 404.
pub fn serve(listener: TcpListener, handle: PrometheusHandle) -> io::Result<()> {
    for stream in listener.incoming() {
        // A client that hangs up early is its own problem, not the server's.
        let _ = respond(stream?, &handle);
    }
    Ok(())
}

fn respond(stream: TcpStream, handle: &PrometheusHandle) -> io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.by_ref().take(8 << 10).read_line(&mut request)?;
    // The rest of the head, up to its empty line.
    let mut line = String::new();
    while reader.by_ref().take(8 << 10).read_line(&mut line)? > 2 {
        line.clear();
    }
    let (status, body) = if request.starts_with("GET /metrics ") {
        ("200 OK", handle.render())
    } else {
        ("404 Not Found", "not found\n".to_owned())
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let address = std::env::args().nth(1).unwrap_or("127.0.0.1:9464".into());
    let handle = PrometheusBuilder::new().install_recorder()?;
    avrox::observe::describe_metrics();
    let listener = TcpListener::bind(&address)?;
    println!("metrics on http://{}/metrics", listener.local_addr()?);
    std::thread::spawn(move || {
        for round in 0.. {
            if let Err(e) = produce_and_consume(round) {
                eprintln!("round {round}: {e}");
            }
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    });
    serve(listener, handle)?;
    Ok(())
}
