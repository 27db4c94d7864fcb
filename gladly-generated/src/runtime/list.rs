//! A list from a response in which one element that does not match its type does not
//! fail the others: it is kept as the JSON it came as, with the reason.

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::{DeserializeOwned, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::wire::{without_position, RawText};

/// A value the client could not decode as the type the spec gives it: the JSON exactly
/// as it came, and why it did not match.
#[derive(Debug, Clone, PartialEq)]
pub struct Undecoded {
    value: Value,
    path: String,
    message: String,
}

impl Undecoded {
    /// The JSON as the server sent it.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The JSON as the server sent it, owned.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// Where inside the value it failed to match (`.` for the value itself), e.g.
    /// `content.messageType`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Why it did not match, as serde put it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl Undecoded {
    /// Decodes `raw`, one JSON value's text, as `T`, or keeps it (as a `Value`) with why
    /// it did not match. The text is decoded directly: no `Value` is built for an element
    /// that matches.
    pub(crate) fn try_decode<T: DeserializeOwned>(raw: &str) -> Result<T, Undecoded> {
        // Most elements decode: they are read without tracking the path, which costs an
        // allocation per key; only one that fails is read again for its path.
        if let Ok(item) = serde_json::from_str::<T>(raw) {
            return Ok(item);
        }
        let mut deserializer = serde_json::Deserializer::from_str(raw);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(item) => Ok(item),
            Err(error) => {
                let path = error.path().to_string();
                let message = without_position(error.inner());
                // `raw` is JSON serde_json has checked already, so it reads as a `Value`;
                // `null` stands in should that ever not hold.
                let value = serde_json::from_str(raw).unwrap_or(Value::Null);
                Err(Undecoded {
                    value,
                    path,
                    message,
                })
            }
        }
    }
}

impl fmt::Display for Undecoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

/// The elements of a JSON array that decoded as `T`, in order, and those that did not
/// ([`List::undecoded`]), each kept with its position and error.
///
/// It dereferences to `[T]`, so it reads like a `Vec<T>` (`len`, `iter`, indexing,
/// `for item in &list`); [`List::into_vec`] gives the typed elements. Encoding it writes
/// every element back in its place, the undecoded ones as they came.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T> {
    items: Vec<T>,
    /// Each element that did not decode, with its index in the array as received.
    undecoded: Vec<(usize, Undecoded)>,
}

impl<T> List<T> {
    /// The elements that decoded.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The elements that decoded, owned.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// The elements that did not decode, each with its index in the array as the server
    /// sent it.
    pub fn undecoded(&self) -> &[(usize, Undecoded)] {
        &self.undecoded
    }

    /// Whether every element decoded.
    pub fn is_complete(&self) -> bool {
        self.undecoded.is_empty()
    }

    /// The typed elements when every element decoded, else the list itself (see
    /// [`List::undecoded`]): for callers that would rather stop than go on without an
    /// element.
    pub fn complete(self) -> Result<Vec<T>, Self> {
        if self.undecoded.is_empty() {
            Ok(self.items)
        } else {
            Err(self)
        }
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            undecoded: Vec::new(),
        }
    }
}

impl<T> Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        Self {
            items,
            undecoded: Vec::new(),
        }
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.items.len() + self.undecoded.len()))?;
        // Each undecoded element goes back before the typed element that took its index.
        let mut undecoded = self.undecoded.iter().peekable();
        let mut index = 0;
        for item in &self.items {
            while let Some((_, raw)) = undecoded.next_if(|(at, _)| *at <= index) {
                seq.serialize_element(&raw.value)?;
                index += 1;
            }
            seq.serialize_element(item)?;
            index += 1;
        }
        for (_, raw) in undecoded {
            seq.serialize_element(&raw.value)?;
        }
        seq.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut list = List {
            items: Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096)),
            undecoded: Vec::new(),
        };
        if is_strict() {
            while let Some(item) = seq.next_element::<T>()? {
                list.items.push(item);
            }
            return Ok(list);
        }
        // Each element is read as its JSON text first, so that one that does not match
        // its type can be kept whole; what is not JSON at all still fails the list.
        let mut index = 0;
        while let Some(RawText(raw)) = seq.next_element::<RawText<'de>>()? {
            match Undecoded::try_decode::<T>(&raw) {
                Ok(item) => list.items.push(item),
                Err(undecoded) => list.undecoded.push((index, undecoded)),
            }
            index += 1;
        }
        Ok(list)
    }
}

thread_local! {
    /// Set while [`strictly`] runs: lists then fail on an element that does not decode,
    /// with serde's path to it, instead of keeping it aside.
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Whether lists and maps are being decoded strictly (see [`strictly`]).
pub(crate) fn is_strict() -> bool {
    STRICT.get()
}

/// Runs `f` with every [`List`] (and [`Map`](super::Map)) decoded strictly. The type registry checks the
/// generated types against the spec's examples and a mock server with it, where an
/// element kept aside would hide a type that does not match.
#[allow(dead_code)]
pub(crate) fn strictly<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the previous mode even if `f` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.set(self.0);
        }
    }
    let _restore = Restore(STRICT.replace(true));
    f()
}

/// A future each of whose polls runs [`strictly`]: decoding happens inside a poll, on
/// the thread that polls it.
#[allow(dead_code)]
pub(crate) struct Strictly<F>(Pin<Box<F>>);

impl<F: Future> Strictly<F> {
    /// Wraps `future`.
    #[allow(dead_code)]
    pub(crate) fn new(future: F) -> Self {
        Self(Box::pin(future))
    }
}

impl<F: Future> Future for Strictly<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        strictly(|| self.0.as_mut().poll(cx))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Item {
        id: String,
        count: u32,
    }

    #[test]
    fn one_bad_element_is_kept_with_its_error_and_the_rest_decode() {
        let body = json!([
            {"id": "a", "count": 1},
            {"id": "b", "count": "many"},
            {"id": "c", "count": 3}
        ]);
        let list: List<Item> = serde_json::from_value(body.clone()).unwrap();
        let ids: Vec<&str> = list.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert!(!list.is_complete());
        let (index, bad) = &list.undecoded()[0];
        assert_eq!(*index, 1);
        assert_eq!(bad.value(), &json!({"id": "b", "count": "many"}));
        assert_eq!(bad.path(), "count");
        assert!(bad.message().contains("invalid type"), "{}", bad.message());
        // Written back with every element in its place.
        assert_eq!(serde_json::to_value(&list).unwrap(), body);
        assert_eq!(list.complete().unwrap_err().undecoded()[0].0, 1);
    }

    #[test]
    fn text_a_reader_and_a_value_give_the_same_list() {
        // Escaped text, a bad element and nesting: the element's raw text is borrowed from
        // a string, owned from a reader, and printed from a value.
        let text = r#"[{"id": "a\"b", "count": 1}, {"id": "c", "count": -1}, {"id": "\u00e9", "count": 2}]"#;
        let from_text: List<Item> = serde_json::from_str(text).unwrap();
        let from_reader: List<Item> = serde_json::from_reader(text.as_bytes()).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        let from_value: List<Item> = serde_json::from_value(value.clone()).unwrap();
        for list in [&from_text, &from_reader, &from_value] {
            let ids: Vec<&str> = list.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(ids, ["a\"b", "é"]);
            assert_eq!(list.undecoded()[0].0, 1);
            assert_eq!(
                list.undecoded()[0].1.value(),
                &json!({"id": "c", "count": -1})
            );
            assert_eq!(serde_json::to_value(list).unwrap(), value);
        }
    }

    #[test]
    fn undecoded_elements_at_the_end_are_written_back() {
        let body = json!([{"id": "a", "count": 1}, 7, "x"]);
        let list: List<Item> = serde_json::from_str(&body.to_string()).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list.undecoded().len(), 2);
        assert_eq!(serde_json::to_value(&list).unwrap(), body);
    }

    #[test]
    fn a_body_that_is_not_a_list_still_fails() {
        assert!(serde_json::from_str::<List<Item>>(r#"{"id": "a"}"#).is_err());
        assert!(serde_json::from_str::<List<Item>>("[{\"id\": ").is_err());
    }

    #[test]
    fn reads_like_a_vec() {
        let list: List<u32> = vec![1, 2, 3].into();
        assert_eq!(list[1], 2);
        assert_eq!((&list).into_iter().sum::<u32>(), 6);
        assert_eq!(list.into_vec(), vec![1, 2, 3]);
    }

    #[test]
    fn strictly_an_element_that_does_not_decode_fails_the_list_with_its_path() {
        let body = r#"{"inner": [{"id": "a", "count": 1}, {"id": "b", "count": "many"}]}"#;
        #[derive(Debug, Deserialize)]
        struct Outer {
            #[allow(dead_code)]
            inner: List<Item>,
        }
        let lenient: Outer = serde_json::from_str(body).unwrap();
        assert_eq!(lenient.inner.undecoded().len(), 1);
        let error = strictly(|| {
            let de = &mut serde_json::Deserializer::from_str(body);
            serde_path_to_error::deserialize::<_, Outer>(de).unwrap_err()
        });
        assert_eq!(error.path().to_string(), "inner[1].count");
        // The mode ends with the call.
        assert!(serde_json::from_str::<Outer>(body).is_ok());
    }
}
