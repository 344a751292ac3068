//! A registry that answers what a test scripts: any status, any bytes, no
//! length, or nothing at all for a while. Raw HTTP/1.1 over std's
//! `TcpListener`, one connection per request (`Connection: close`), so a
//! test controls every byte a client sees.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the scripted registry saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
pub enum Reply {
    /// A status and a JSON (or any text) body, with its length.
    Body(u16, String),
    /// A status and a body sent without a length, ended by closing.
    Unsized(u16, Vec<u8>),
    /// Nothing for this long, then close.
    Hang(Duration),
}

pub struct Scripted {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    port: u16,
}

type Script = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

impl Scripted {
    /// Serves `script(request, index of the request from 0)`.
    pub fn start(script: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let script: Arc<Script> = Arc::new(script);
        {
            let (seen, stop) = (seen.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (seen, script) = (seen.clone(), script.clone());
                    std::thread::spawn(move || serve(stream, &seen, &*script));
                }
            });
        }
        Scripted {
            url: format!("http://127.0.0.1:{port}"),
            seen,
            stop,
            port,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The requests answered so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn requests(&self) -> usize {
        self.seen().len()
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, script: &Script) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let request = Seen {
        method,
        path,
        headers,
    };
    let index = {
        let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.push(request.clone());
        seen.len() - 1
    };
    let mut stream = reader.into_inner();
    let reply = script(&request, index);
    let _ = match reply {
        Reply::Body(status, body) => write!(
            stream,
            "HTTP/1.1 {status} X\r\ncontent-type: application/vnd.schemaregistry.v1+json\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        ),
        Reply::Unsized(status, body) => write!(
            stream,
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
        )
        .and_then(|()| stream.write_all(&body)),
        Reply::Hang(time) => {
            std::thread::sleep(time);
            Ok(())
        }
    };
}

/// A registry error body.
pub fn error(code: u32, message: &str) -> Reply {
    let status = if code >= 10_000 { code / 100 } else { code };
    Reply::Body(
        status as u16,
        serde_json::json!({"error_code": code, "message": message}).to_string(),
    )
}

/// A `200` with a JSON body.
pub fn ok(json: serde_json::Value) -> Reply {
    Reply::Body(200, json.to_string())
}
