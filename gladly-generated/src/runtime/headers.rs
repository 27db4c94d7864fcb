//! Typed readers for the response headers an API uses to say more than the body does.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER, SET_COOKIE};

/// The request budget per second (the `RateLimit-*-Second` headers API gateways such as
/// Kong send).
pub(crate) const RATE_LIMIT_LIMIT: &str = "ratelimit-limit-second";
/// What is left of that budget in the current second.
pub(crate) const RATE_LIMIT_REMAINING: &str = "ratelimit-remaining-second";

/// The rate limit the API reported with a response.
///
/// An API may count requests from every client that shares the account or its tokens,
/// so `remaining_per_second` can drop faster than this client alone sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// `Ratelimit-Limit-Second`: requests allowed per second.
    pub limit_per_second: u32,
    /// `Ratelimit-Remaining-Second`: requests left in the current second.
    pub remaining_per_second: u32,
}

fn text(headers: &HeaderMap, name: impl reqwest::header::AsHeaderName) -> Option<&str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Marks headers that may carry session secrets as sensitive, so that the `Debug` of a
/// [`Response`](crate::Response) or [`Error`](crate::Error) prints `Sensitive` for them.
pub(crate) fn hide_secrets(headers: &mut HeaderMap) {
    if let reqwest::header::Entry::Occupied(mut cookies) = headers.entry(SET_COOKIE) {
        for value in cookies.iter_mut() {
            value.set_sensitive(true);
        }
    }
}

/// The `Location` header, if present and readable as text.
pub(crate) fn location(headers: &HeaderMap) -> Option<&str> {
    text(headers, LOCATION)
}

/// Both rate-limit headers, when both are present and numeric.
pub(crate) fn rate_limit(headers: &HeaderMap) -> Option<RateLimit> {
    Some(RateLimit {
        limit_per_second: text(headers, RATE_LIMIT_LIMIT)?.parse().ok()?,
        remaining_per_second: text(headers, RATE_LIMIT_REMAINING)?.parse().ok()?,
    })
}

/// Whether the header named `header` (the API's limited-data header, if it has one)
/// flags a truncated list.
///
/// The header is a flag: its presence means truncation, unless it explicitly says
/// otherwise (`false`, `0`, `no`), so an unexpected spelling errs on the side of
/// telling the caller that data may be missing.
pub(crate) fn limited_data(headers: &HeaderMap, header: Option<&str>) -> bool {
    match header.and_then(|name| headers.get(name)) {
        None => false,
        Some(value) => !matches!(
            value
                .to_str()
                .map(|v| v.trim().to_ascii_lowercase())
                .as_deref(),
            Ok("false" | "0" | "no")
        ),
    }
}

/// How long `Retry-After` asks to wait, measured from `now`: either delay-seconds or
/// an HTTP date. A date in the past means "now".
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = text(headers, RETRY_AFTER)?;
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for u64 is still a (very long) wait, not "no header".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn map(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn reads_rate_limit_only_when_both_headers_parse() {
        let headers = map(&[
            ("Ratelimit-Limit-Second", "10"),
            ("Ratelimit-Remaining-Second", " 3 "),
        ]);
        assert_eq!(
            rate_limit(&headers),
            Some(RateLimit {
                limit_per_second: 10,
                remaining_per_second: 3
            })
        );
        assert_eq!(rate_limit(&map(&[("Ratelimit-Limit-Second", "10")])), None);
        assert_eq!(
            rate_limit(&map(&[
                ("Ratelimit-Limit-Second", "ten"),
                ("Ratelimit-Remaining-Second", "3")
            ])),
            None
        );
    }

    #[test]
    fn limited_data_is_a_flag() {
        let flag = Some("Acme-Limited-Data");
        assert!(!limited_data(&HeaderMap::new(), flag));
        assert!(limited_data(&map(&[("Acme-Limited-Data", "true")]), flag));
        assert!(limited_data(&map(&[("acme-limited-data", "")]), flag));
        assert!(limited_data(&map(&[("Acme-Limited-Data", "TRUE")]), flag));
        assert!(!limited_data(&map(&[("Acme-Limited-Data", "false")]), flag));
        assert!(!limited_data(&map(&[("Acme-Limited-Data", "0")]), flag));
        // Another header, or an API without such a header, says nothing.
        assert!(!limited_data(&map(&[("Other-Limited-Data", "true")]), flag));
        assert!(!limited_data(&map(&[("Acme-Limited-Data", "true")]), None));
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            retry_after(&map(&[("Retry-After", "3")]), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(
                &map(&[("Retry-After", "Wed, 21 Oct 2015 07:28:05 GMT")]),
                now
            ),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            retry_after(
                &map(&[("Retry-After", "Wed, 21 Oct 2015 07:27:00 GMT")]),
                now
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after(&map(&[("Retry-After", "99999999999999999999999")]), now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(retry_after(&map(&[("Retry-After", "soon")]), now), None);
        assert_eq!(retry_after(&map(&[("Retry-After", "-1")]), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
