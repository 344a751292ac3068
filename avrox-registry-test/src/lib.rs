//! An in-memory schema registry that speaks the Confluent Schema Registry
//! REST API, for tests: start one, point a client (avrox-registry's, or
//! Confluent's own) at its URL, and stop it (or drop it) at the end.
//!
//! ```
//! use avrox_registry_test::TestRegistry;
//!
//! let registry = TestRegistry::start()?;
//! assert!(registry.url().starts_with("http://127.0.0.1:"));
//! // ... a producer and a consumer under test, configured with registry.url() ...
//! registry.stop();
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! It follows the registry's documented behaviour where a client can see
//! it: subjects and their versions (from 1, `latest`), global ids (the same
//! schema under two subjects has one id) and GUIDs, lookups
//! (`POST /subjects/{subject}`), references, soft and permanent deletes of
//! versions, compatibility levels (global and per subject, `BACKWARD` by
//! default) checked with avrox's own resolution rules, compatibility tests,
//! and the error codes with their HTTP statuses. Only Avro schemas are
//! accepted. Not served: modes, contexts, exporters, metadata and rules,
//! and permanent deletes of whole subjects.

mod routes;
mod state;

use std::io;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use state::State;

/// A running in-memory registry, served on 127.0.0.1 at a port of its own
/// from a thread of its own, so it works in blocking tests and in async
/// ones alike. Dropping it stops it.
#[derive(Debug)]
pub struct TestRegistry {
    url: String,
    requests: Arc<AtomicUsize>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestRegistry {
    /// Starts a registry with no schemas on a free port of 127.0.0.1.
    pub fn start() -> io::Result<TestRegistry> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(AtomicUsize::new(0));
        let state = Arc::new(Mutex::new(State::default()));
        let app = routes::router(state, requests.clone());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("avrox-test-registry".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                        let _ = stopped.await;
                    });
                    let _ = serve.await;
                });
            })?;
        Ok(TestRegistry {
            url,
            requests,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The registry's base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many requests it has answered: for tests of a client's caches.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Stops serving and waits for the server's thread to end.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for TestRegistry {
    fn drop(&mut self) {
        self.shut_down();
    }
}
