//! Building a client: the registry's URL, credentials, timeouts, retries
//! and the bounds of what the client keeps and accepts.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::cache::Caches;
use crate::error::{Error, Result};
use crate::request::{CONTENT_TYPE, Method, Request};
use crate::retry::RetryPolicy;

/// Credentials sent with every request.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// HTTP basic authentication (Confluent Cloud: the API key and secret).
    Basic {
        /// The user name or API key.
        username: String,
        /// The password or API secret.
        password: String,
    },
    /// A bearer token (OAuth).
    Bearer(String),
}

impl fmt::Debug for Auth {
    /// Never prints a secret: logs of a client's configuration are common.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Basic { username, .. } => write!(f, "Basic({username:?}, <password>)"),
            Auth::Bearer(_) => f.write_str("Bearer(<token>)"),
        }
    }
}

/// Configures a [`Client`](crate::Client) or a
/// [`blocking::Client`](crate::blocking::Client).
///
/// ```
/// use std::time::Duration;
/// use avrox_registry::{ClientBuilder, RetryPolicy};
///
/// let client = ClientBuilder::new("http://localhost:8081")
///     .basic_auth("key", "secret")
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::none())
///     .cache_capacity(10_000)
///     .build()?;
/// # Ok::<(), avrox_registry::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    url: String,
    auth: Option<Auth>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    cache_capacity: usize,
    max_response_bytes: usize,
    max_reference_depth: usize,
    max_references: usize,
}

impl ClientBuilder {
    /// 30 s: the longest a request may take, answer included.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// 1000: schemas (and ids) a client keeps. A topic's versions are a
    /// few to a few hundred; more distinct ids than this in one consumer
    /// is a runaway or hostile producer, whose schemas then take turns.
    pub const DEFAULT_CACHE_CAPACITY: usize = 1000;
    /// 8 MiB: the longest response accepted. A large schema is a few
    /// hundred KiB of JSON.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 << 20;
    /// 16: how deep references may nest.
    pub const DEFAULT_MAX_REFERENCE_DEPTH: usize = 16;
    /// 256: the most schemas one schema's references may bring in, all
    /// levels together.
    pub const DEFAULT_MAX_REFERENCES: usize = 256;

    /// A client of the registry at `url` (`http://host:8081`, or with a
    /// path prefix), with the defaults: no credentials, a 30 s timeout (10 s
    /// to connect), [`RetryPolicy::default`], and the limits above.
    pub fn new(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            url: url.into().trim_end_matches('/').to_owned(),
            auth: None,
            timeout: Self::DEFAULT_TIMEOUT,
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            cache_capacity: Self::DEFAULT_CACHE_CAPACITY,
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
            max_reference_depth: Self::DEFAULT_MAX_REFERENCE_DEPTH,
            max_references: Self::DEFAULT_MAX_REFERENCES,
        }
    }

    /// Sends HTTP basic credentials.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Some(Auth::Basic {
            username: username.into(),
            password: password.into(),
        });
        self
    }

    /// Sends a bearer token.
    pub fn bearer_auth(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Bearer(token.into()));
        self
    }

    /// The longest one attempt of a request may take, answer included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// When to retry.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The most schemas by id, by GUID, and ids by (subject, schema) kept,
    /// each; 0 keeps none.
    pub fn cache_capacity(mut self, capacity: usize) -> Self {
        self.cache_capacity = capacity;
        self
    }

    /// The longest response body accepted, in bytes.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How deep references may nest (a schema using another is depth 1).
    pub fn max_reference_depth(mut self, depth: usize) -> Self {
        self.max_reference_depth = depth;
        self
    }

    /// The most schemas one schema's references may bring in, all levels
    /// together.
    pub fn max_references(mut self, count: usize) -> Self {
        self.max_references = count;
        self
    }

    /// The async client.
    pub fn build(self) -> Result<crate::Client> {
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(crate::Client::from_parts(http, Arc::new(self.core()?)))
    }

    /// The blocking client. Like `reqwest::blocking`, which it runs on, it
    /// must not be built, used or dropped inside an async runtime: use the
    /// async [`Client`](crate::Client) there.
    pub fn build_blocking(self) -> Result<crate::blocking::Client> {
        let http = reqwest::blocking::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(crate::blocking::Client::from_parts(
            http,
            Arc::new(self.core()?),
        ))
    }

    fn core(self) -> Result<Core> {
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(Error::Config(format!(
                "the registry URL {:?} does not start with http:// or https://",
                self.url
            )));
        }
        Ok(Core {
            caches: Caches::new(self.cache_capacity),
            url: self.url,
            auth: self.auth,
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            max_reference_depth: self.max_reference_depth,
            max_references: self.max_references,
        })
    }
}

/// What both clients share: the configuration and the caches.
#[derive(Debug)]
pub(crate) struct Core {
    pub(crate) url: String,
    pub(crate) auth: Option<Auth>,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_reference_depth: usize,
    pub(crate) max_references: usize,
    pub(crate) caches: Caches,
}

impl Core {
    pub(crate) fn url(&self, request: &Request) -> String {
        format!("{}{}", self.url, request.path)
    }

    pub(crate) fn method(request: &Request) -> reqwest::Method {
        match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        }
    }

    pub(crate) const CONTENT_TYPE: &'static str = CONTENT_TYPE;

    /// A transport error as the client's error.
    pub(crate) fn transport(request: &Request, error: &reqwest::Error) -> Error {
        if error.is_timeout() {
            return Error::Timeout {
                request: request.to_string(),
            };
        }
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(e) = source {
            message.push_str(": ");
            message.push_str(&e.to_string());
            source = e.source();
        }
        Error::Transport {
            request: request.to_string(),
            message,
            connect: error.is_connect(),
        }
    }

    /// The body is over the limit.
    pub(crate) fn too_large(&self, request: &Request) -> Error {
        Error::ResponseTooLarge {
            request: request.to_string(),
            limit: self.max_response_bytes,
        }
    }
}
