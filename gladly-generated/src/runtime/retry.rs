//! When and how long to wait before sending a failed request again.

use std::time::Duration;

use reqwest::Method;

/// The most attempts any policy makes, so that no setting can retry forever.
pub const MAX_ATTEMPTS_CAP: u32 = 10;

/// How a request is retried after a rate limit (`429`), a gateway error (`502`, `503`,
/// `504`) or a failed connection.
///
/// Waits grow exponentially from [`initial_backoff`](Self::initial_backoff), with
/// random jitter so that many clients hitting a rate limit they share (an organization's
/// or an account's) together do not retry in lockstep. A `Retry-After` header from the server sets the
/// minimum wait. Every wait is capped by [`max_backoff`](Self::max_backoff): when the
/// server asks for a longer wait than that, the request is not retried and the error is
/// returned, so the caller can decide (its [`Error::retry_after`](crate::Error::retry_after)
/// says how long).
///
/// By default only idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`) are
/// retried, because a `POST` or `PATCH` that timed out may have been applied already.
///
/// ```
/// use std::time::Duration;
/// use gladly_generated::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(6)
///     .initial_backoff(Duration::from_millis(200))
///     .max_backoff(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 6);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Four attempts, waits starting at 500 ms and never longer than 30 s, idempotent
    /// methods only. Rate limits are commonly per second, so half a second is the
    /// shortest wait that is likely to land in a fresh second.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy; see [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends every request exactly once.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a request is sent at most, first attempt included. Clamped to
    /// `1..=`[`MAX_ATTEMPTS_CAP`].
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.clamp(1, MAX_ATTEMPTS_CAP);
        self
    }

    /// The wait before the first retry; each later wait doubles it (before jitter).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest single wait, `Retry-After` included.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Also retries `POST` and `PATCH`. Only turn this on for requests that are safe to
    /// apply twice.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The most attempts this policy makes.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before the first retry.
    pub fn backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest single wait.
    pub fn backoff_cap(&self) -> Duration {
        self.max_backoff
    }

    /// Whether requests with this method may be retried at all.
    pub(crate) fn permits(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }

    /// The wait before attempt `failed_attempt + 1`, or `None` to give up now.
    pub(crate) fn delay(
        &self,
        failed_attempt: u32,
        retry_after: Option<Duration>,
        rng: &mut fastrand::Rng,
    ) -> Option<Duration> {
        if failed_attempt >= self.max_attempts {
            return None;
        }
        match retry_after {
            Some(wait) if wait > self.max_backoff => None,
            // The server's wait is a floor; a little jitter on top keeps clients that got
            // the same answer from all returning in the same instant.
            Some(wait) => {
                let spread = self.initial_backoff.min(self.max_backoff - wait);
                Some(wait + random_up_to(spread, rng))
            }
            // "Equal jitter": at least half of the exponential wait, so retries still back
            // off, plus a random share of the other half.
            None => {
                let exponent = failed_attempt.saturating_sub(1).min(31);
                let full = self
                    .initial_backoff
                    .saturating_mul(1u32 << exponent)
                    .min(self.max_backoff);
                let half = full / 2;
                Some(half + random_up_to(full - half, rng))
            }
        }
    }
}

/// Methods that RFC 9110 defines as idempotent, minus `TRACE`, which clients of an API do not send.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

fn random_up_to(max: Duration, rng: &mut fastrand::Rng) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rng.u64(0..=nanos))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .max_attempts(5)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(1000))
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stays_capped() {
        let mut rng = fastrand::Rng::with_seed(7);
        let policy = policy().max_attempts(10);
        for _ in 0..200 {
            for (attempt, full_ms) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (9, 1000)]
            {
                let delay = policy.delay(attempt, None, &mut rng).unwrap();
                let full = Duration::from_millis(full_ms);
                assert!(
                    delay >= full / 2 && delay <= full,
                    "attempt {attempt}: {delay:?}"
                );
            }
        }
    }

    #[test]
    fn retry_after_is_a_floor_and_too_long_a_wait_gives_up() {
        let mut rng = fastrand::Rng::with_seed(1);
        let policy = policy();
        for _ in 0..200 {
            let delay = policy
                .delay(1, Some(Duration::from_millis(700)), &mut rng)
                .unwrap();
            assert!(delay >= Duration::from_millis(700), "{delay:?}");
            assert!(delay <= Duration::from_millis(800), "{delay:?}");
            let delay = policy
                .delay(1, Some(Duration::from_millis(950)), &mut rng)
                .unwrap();
            assert!(delay <= Duration::from_millis(1000), "{delay:?}");
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2)), &mut rng),
            None
        );
    }

    #[test]
    fn stops_at_the_attempt_limit() {
        let mut rng = fastrand::Rng::with_seed(3);
        let policy = policy().max_attempts(3);
        assert!(policy.delay(2, None, &mut rng).is_some());
        assert_eq!(policy.delay(3, None, &mut rng), None);
        assert_eq!(RetryPolicy::none().delay(1, None, &mut rng), None);
    }

    #[test]
    fn attempts_are_clamped() {
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
        assert_eq!(
            RetryPolicy::new().max_attempts(u32::MAX).attempts(),
            MAX_ATTEMPTS_CAP
        );
    }

    #[test]
    fn huge_settings_do_not_overflow() {
        let mut rng = fastrand::Rng::with_seed(5);
        let policy = RetryPolicy::new()
            .max_attempts(MAX_ATTEMPTS_CAP)
            .initial_backoff(Duration::MAX)
            .max_backoff(Duration::MAX);
        assert!(policy.delay(9, None, &mut rng).is_some());
        assert!(policy.delay(1, Some(Duration::MAX), &mut rng).is_some());
    }

    #[test]
    fn only_idempotent_methods_by_default() {
        let policy = RetryPolicy::default();
        for method in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            assert!(policy.permits(&method), "{method}");
        }
        assert!(!policy.permits(&Method::POST));
        assert!(!policy.permits(&Method::PATCH));
        assert!(policy.retry_non_idempotent(true).permits(&Method::POST));
    }
}
