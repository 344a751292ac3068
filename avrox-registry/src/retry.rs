//! When to try a request again, and how long to wait first.

use std::time::Duration;

use crate::error::Error;

/// Retries with exponential backoff: after a failure that
/// [may pass](Error::is_retryable) (a 5xx answer, a connection that could
/// not be made), wait `initial_backoff`, then twice that, and so on up to
/// `max_backoff`, for at most `max_retries` retries. A 4xx answer is never
/// retried: the same request gets the same answer.
///
/// ```
/// use std::time::Duration;
/// use avrox_registry::RetryPolicy;
///
/// let policy = RetryPolicy::default();
/// assert_eq!(policy.backoff(0), Duration::from_millis(100));
/// assert_eq!(policy.backoff(1), Duration::from_millis(200));
/// assert_eq!(policy.backoff(20), Duration::from_secs(2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: none).
    pub max_retries: u32,
    /// The wait before the first retry.
    pub initial_backoff: Duration,
    /// The longest wait.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, waiting 100 ms, 200 ms, 400 ms (at most 2 s).
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// `max_retries` retries, the first after `initial_backoff`, each wait
    /// twice the last, at most `max_backoff`.
    pub fn new(max_retries: u32, initial_backoff: Duration, max_backoff: Duration) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            initial_backoff,
            max_backoff,
        }
    }

    /// The wait before retry number `retry` (from 0).
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// How long to wait before trying again after `error` on attempt
    /// `retry` (from 0), or `None` to give up.
    pub(crate) fn next(&self, retry: u32, error: &Error) -> Option<Duration> {
        (retry < self.max_retries && error.is_retryable()).then(|| self.backoff(retry))
    }
}
