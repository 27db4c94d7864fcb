//! Dates and points in time as the spec's `format: date-time` and `format: date` fields
//! carry them, read leniently: the text the server sent is kept (and written back
//! exactly), and parsed with [`jiff`] when it can be. Gladly's own examples put a plain
//! date where a date-time is declared, and a server may send text that is no date at
//! all; neither fails the response, and [`Timestamp::is_parsed`] tells which is which.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time (`format: date-time`), kept as the text it came as.
///
/// Its text is an RFC 3339 date-time (`2019-07-03T04:30:12.07Z`), or a plain date
/// (`2024-09-16`, read as midnight UTC), or anything else the server sent, kept as it is
/// (then [`Timestamp::as_timestamp`] is `None`).
///
/// Two timestamps are equal, and ordered, by the instant they name, whatever their
/// text: `2024-01-01T00:00:00Z` equals `2024-01-01T01:00:00+01:00`. A text that names
/// no instant compares by its text, after every one that does.
#[derive(Clone)]
pub struct Timestamp {
    text: String,
    parsed: Option<jiff::Timestamp>,
}

impl Timestamp {
    /// Reads `text`: never fails, see [`Timestamp::is_parsed`].
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = parse_timestamp(&text);
        Self { text, parsed }
    }

    /// The text, exactly as it came (or as [`From<jiff::Timestamp>`] wrote it).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The instant, when the text names one.
    pub fn as_timestamp(&self) -> Option<jiff::Timestamp> {
        self.parsed
    }

    /// Whether the text names an instant (a date-time with an offset, or a plain date).
    pub fn is_parsed(&self) -> bool {
        self.parsed.is_some()
    }

    /// The instant in the time zone `tz`, when the text names one.
    pub fn to_zoned(&self, tz: jiff::tz::TimeZone) -> Option<jiff::ZonedDateTime> {
        self.parsed.map(|instant| instant.to_zoned_datetime(tz))
    }
}

/// RFC 3339 (and the ISO 8601 forms jiff reads) with an offset, else a plain date at
/// midnight UTC.
fn parse_timestamp(text: &str) -> Option<jiff::Timestamp> {
    let text = text.trim();
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        return Some(instant);
    }
    let date = parse_plain_date(text)?;
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// A date with nothing after it: `2024-09-16`.
fn parse_plain_date(text: &str) -> Option<jiff::civil::Date> {
    // jiff also reads a date out of a longer date-time; only the bare date is meant.
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

impl From<jiff::Timestamp> for Timestamp {
    /// The instant, written as RFC 3339 in UTC.
    fn from(instant: jiff::Timestamp) -> Self {
        Self {
            text: instant.to_string(),
            parsed: Some(instant),
        }
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        Self::parse(text)
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Self::parse(text)
    }
}

impl FromStr for Timestamp {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(text))
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Timestamp {
    /// The text, as it came.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.text)
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.parsed, other.parsed) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.text.cmp(&other.text),
        }
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.parsed {
            Some(instant) => instant.hash(state),
            None => self.text.hash(state),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Cow::<'de, str>::deserialize(deserializer).map(|text| Self::parse(text.into_owned()))
    }
}

/// A calendar date (`format: date`), kept as the text it came as.
///
/// Its text is `2024-09-16`, or a date-time whose date is taken as written
/// (`2024-09-16T23:30:00-05:00` is the 16th), or anything else the server sent, kept as
/// it is (then [`Date::as_date`] is `None`).
///
/// Two dates are equal, and ordered, by the day they name, whatever their text; a text
/// that names no day compares by its text, after every one that does.
#[derive(Clone)]
pub struct Date {
    text: String,
    parsed: Option<jiff::civil::Date>,
}

impl Date {
    /// Reads `text`: never fails, see [`Date::is_parsed`].
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        // jiff reads the date out of a date-time too, which is what is meant here.
        let parsed = text.trim().parse().ok();
        Self { text, parsed }
    }

    /// The text, exactly as it came (or as [`From<jiff::civil::Date>`] wrote it).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The day, when the text names one.
    pub fn as_date(&self) -> Option<jiff::civil::Date> {
        self.parsed
    }

    /// Whether the text names a day.
    pub fn is_parsed(&self) -> bool {
        self.parsed.is_some()
    }

    /// The start of the day in the time zone `tz`, when the text names a day (and the
    /// time zone has that day).
    pub fn to_zoned(&self, tz: jiff::tz::TimeZone) -> Option<jiff::ZonedDateTime> {
        self.parsed.and_then(|date| date.to_zoned_datetime(tz).ok())
    }
}

impl From<jiff::civil::Date> for Date {
    /// The day, written as `YYYY-MM-DD`.
    fn from(date: jiff::civil::Date) -> Self {
        Self {
            text: date.to_string(),
            parsed: Some(date),
        }
    }
}

impl From<String> for Date {
    fn from(text: String) -> Self {
        Self::parse(text)
    }
}

impl From<&str> for Date {
    fn from(text: &str) -> Self {
        Self::parse(text)
    }
}

impl FromStr for Date {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(text))
    }
}

impl AsRef<str> for Date {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Date {
    /// The text, as it came.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({:?})", self.text)
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Date {}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.parsed, other.parsed) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => self.text.cmp(&other.text),
        }
    }
}

impl Hash for Date {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.parsed {
            Some(date) => date.hash(state),
            None => self.text.hash(state),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Cow::<'de, str>::deserialize(deserializer).map(|text| Self::parse(text.into_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> T {
        serde_json::from_value(json!(text)).unwrap()
    }

    #[test]
    fn a_timestamp_keeps_its_text_and_names_its_instant() {
        for text in [
            "2019-07-03T04:30:12.07Z",
            "2024-09-16T00:00:00.000Z",
            "2024-01-15T09:00:00+01:00",
            "2024-09-16",
        ] {
            let stamp: Timestamp = read(text);
            assert!(stamp.is_parsed(), "{text}");
            assert_eq!(serde_json::to_value(&stamp).unwrap(), json!(text));
            assert_eq!(stamp.to_string(), text);
        }
        let stamp: Timestamp = read("2019-07-03T04:30:12.07Z");
        let instant = stamp.as_timestamp().unwrap();
        assert_eq!(instant.as_millisecond(), 1_562_128_212_070);
        let zoned = stamp
            .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(2)))
            .unwrap();
        assert_eq!(zoned.hour(), 6);
    }

    #[test]
    fn a_plain_date_is_midnight_utc() {
        let date: Timestamp = read("2024-09-16");
        let midnight: Timestamp = read("2024-09-16T00:00:00Z");
        assert_eq!(date.as_timestamp(), midnight.as_timestamp());
        assert_eq!(date, midnight);
        assert_ne!(date.as_str(), midnight.as_str());
    }

    #[test]
    fn text_that_is_no_time_is_kept_not_failed() {
        for text in ["", "soon", "2024-13-01", "2019-07-03T04:30:12"] {
            let stamp: Timestamp = read(text);
            assert!(!stamp.is_parsed(), "{text}");
            assert_eq!(stamp.as_timestamp(), None);
            assert_eq!(serde_json::to_value(&stamp).unwrap(), json!(text));
        }
        // What is not text at all is still an error.
        assert!(serde_json::from_value::<Timestamp>(json!(12)).is_err());
        assert!(serde_json::from_value::<Date>(json!(null)).is_err());
    }

    #[test]
    fn timestamps_compare_by_instant_then_unparsed_text() {
        let a = Timestamp::parse("2024-01-01T00:00:00Z");
        let same = Timestamp::parse("2024-01-01T01:00:00+01:00");
        let later = Timestamp::parse("2024-01-01T00:00:00.001Z");
        let junk = Timestamp::parse("junk");
        assert_eq!(a, same);
        assert!(a < later);
        assert!(later < junk);
        assert!(Timestamp::parse("a") < Timestamp::parse("b"));
        let mut sorted = vec![junk.clone(), later.clone(), a.clone()];
        sorted.sort();
        assert_eq!(sorted, [a.clone(), later, junk]);
        // Equal values hash alike, whatever their text.
        let state = std::collections::hash_map::RandomState::new();
        use std::hash::BuildHasher;
        assert_eq!(state.hash_one(&a), state.hash_one(&same));
    }

    #[test]
    fn from_jiff_writes_rfc3339() {
        let instant = jiff::Timestamp::from_second(1_562_128_212).unwrap();
        let stamp = Timestamp::from(instant);
        assert_eq!(stamp.as_str(), "2019-07-03T04:30:12Z");
        assert_eq!(stamp.as_timestamp(), Some(instant));
        let date = Date::from(jiff::civil::date(2024, 9, 16));
        assert_eq!(date.as_str(), "2024-09-16");
    }

    #[test]
    fn a_date_keeps_its_text_and_names_its_day() {
        let date: Date = read("2024-09-16");
        assert_eq!(date.as_date(), Some(jiff::civil::date(2024, 9, 16)));
        assert_eq!(serde_json::to_value(&date).unwrap(), json!("2024-09-16"));
        let from_time: Date = read("2024-09-16T23:30:00-05:00");
        assert_eq!(from_time.as_date(), Some(jiff::civil::date(2024, 9, 16)));
        assert_eq!(from_time, date);
        let junk: Date = read("someday");
        assert!(!junk.is_parsed());
        assert!(date < junk);
        let zoned = date.to_zoned(jiff::tz::TimeZone::UTC).unwrap();
        assert_eq!(
            zoned.timestamp(),
            Timestamp::parse("2024-09-16").as_timestamp().unwrap()
        );
    }
}
