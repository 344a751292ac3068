//! The metrics example: its loop run against Prometheus's recorder, its
//! server scraped over HTTP.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use metrics_exporter_prometheus::PrometheusBuilder;

#[path = "../../../avrox/examples/metrics_service.rs"]
#[allow(dead_code, reason = "the example's main is not run here")]
mod example;

/// The response to a GET of `path`.
fn get(address: std::net::SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn the_example_serves_every_documented_metric() {
    let recorder = PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    let round = metrics::with_local_recorder(&recorder, || {
        avrox::observe::describe_metrics();
        example::produce_and_consume(0).unwrap()
    });
    assert_eq!(round.refused, 1, "{round:?}");
    assert_eq!(round.consumed, 9 + 7, "{round:?}");
    assert_eq!(round.rejected, 1, "{round:?}");
    assert_eq!(round.skipped, 1, "{round:?}");

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || example::serve(listener, handle));
    let response = get(address, "/metrics");
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    for name in super::tables::documented().keys() {
        assert!(
            body.lines().any(|l| l.starts_with(name.as_str())),
            "{name} not served:\n{body}"
        );
        assert!(
            body.contains(&format!("# HELP {name}")),
            "{name} has no help"
        );
    }
    let refused = "avrox_failures_total{schema=\"com.acme.iot.Reading\",operation=\"encode\",\
                   framing=\"ocf\",category=\"validation\",kind=\"validation\"} 1";
    assert!(body.contains(refused), "{body}");
    assert!(get(address, "/other").starts_with("HTTP/1.1 404"));
}
