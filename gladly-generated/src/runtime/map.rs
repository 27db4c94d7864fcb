//! A map from a response in which one value that does not match its type does not fail
//! the others: it is kept as the JSON it came as, with the reason (as [`List`] does for
//! the elements of an array).
//!
//! [`List`]: super::List

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::list::{is_strict, Undecoded};
use super::wire::RawText;

/// The entries of a JSON object whose values decoded as `T`, by key, and those that did
/// not ([`Map::undecoded`]), each kept with its error.
///
/// It dereferences to `BTreeMap<String, T>`, so it reads like one (`get`, `iter`,
/// `len`); encoding it writes every entry back, the undecoded ones as they came.
#[derive(Debug, Clone, PartialEq)]
pub struct Map<T> {
    entries: BTreeMap<String, T>,
    undecoded: BTreeMap<String, Undecoded>,
}

impl<T> Map<T> {
    /// The entries whose values decoded, owned.
    pub fn into_map(self) -> BTreeMap<String, T> {
        self.entries
    }

    /// The entries whose values did not decode, by key.
    pub fn undecoded(&self) -> &BTreeMap<String, Undecoded> {
        &self.undecoded
    }

    /// Whether every value decoded.
    pub fn is_complete(&self) -> bool {
        self.undecoded.is_empty()
    }

    /// The typed entries when every value decoded, else the map itself.
    pub fn complete(self) -> Result<BTreeMap<String, T>, Self> {
        if self.undecoded.is_empty() {
            Ok(self.entries)
        } else {
            Err(self)
        }
    }
}

impl<T> Default for Map<T> {
    fn default() -> Self {
        Self {
            entries: BTreeMap::new(),
            undecoded: BTreeMap::new(),
        }
    }
}

impl<T> Deref for Map<T> {
    type Target = BTreeMap<String, T>;

    fn deref(&self) -> &BTreeMap<String, T> {
        &self.entries
    }
}

impl<T> From<BTreeMap<String, T>> for Map<T> {
    fn from(entries: BTreeMap<String, T>) -> Self {
        Self {
            entries,
            undecoded: BTreeMap::new(),
        }
    }
}

impl<K: Into<String>, T> FromIterator<(K, T)> for Map<T> {
    fn from_iter<I: IntoIterator<Item = (K, T)>>(iter: I) -> Self {
        iter.into_iter()
            .map(|(k, v)| (k.into(), v))
            .collect::<BTreeMap<_, _>>()
            .into()
    }
}

impl<T> IntoIterator for Map<T> {
    type Item = (String, T);
    type IntoIter = std::collections::btree_map::IntoIter<String, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Map<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = std::collections::btree_map::Iter<'a, String, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl<T: Serialize> Serialize for Map<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len() + self.undecoded.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        for (key, raw) in &self.undecoded {
            map.serialize_entry(key, raw.value())?;
        }
        map.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Map<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for MapVisitor<T> {
    type Value = Map<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Map<T>, A::Error> {
        let mut map = Map::default();
        if is_strict() {
            while let Some((key, value)) = access.next_entry::<String, T>()? {
                map.entries.insert(key, value);
            }
            return Ok(map);
        }
        while let Some((key, RawText(raw))) = access.next_entry::<String, RawText<'de>>()? {
            match Undecoded::try_decode::<T>(&raw) {
                Ok(item) => {
                    map.entries.insert(key, item);
                }
                Err(undecoded) => {
                    map.undecoded.insert(key, undecoded);
                }
            }
        }
        Ok(map)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Price {
        amount: u32,
    }

    #[test]
    fn one_bad_value_is_kept_with_its_error_and_the_rest_decode() {
        let body = json!({"a": {"amount": 1}, "b": {"amount": "x"}, "c": {"amount": 3}});
        let map: Map<Price> = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "c"]);
        let bad = &map.undecoded()["b"];
        assert_eq!(bad.path(), "amount");
        assert_eq!(bad.value(), &json!({"amount": "x"}));
        assert_eq!(serde_json::to_value(&map).unwrap(), body);
        assert!(map.complete().is_err());
    }

    #[test]
    fn strictly_a_bad_value_fails_the_map() {
        let body = r#"{"a": {"amount": 1}, "b": {"amount": "x"}}"#;
        assert!(super::super::list::strictly(|| serde_json::from_str::<Map<Price>>(body)).is_err());
        assert!(serde_json::from_str::<Map<Price>>("[1]").is_err());
    }
}
