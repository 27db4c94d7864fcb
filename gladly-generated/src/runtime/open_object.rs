//! Reading a generated struct that keeps the properties its schema does not declare.
//!
//! serde's `#[serde(flatten)]` would keep them, but it reads the whole object into a
//! buffer of generic values first and every field from there, so that every struct
//! decoded through it costs what an untyped `serde_json::Value` costs, nested structs
//! once per level. Here the object's entries stream instead: a declared property goes
//! straight to the struct's derived reader, and only an undeclared one is kept, as a
//! `serde_json::Value`.
//!
//! Which structs a crate has depends on its spec, hence `dead_code` allowed.
#![allow(dead_code)]

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::wire::PropertyName;

/// A struct with declared fields and a map of the others. The generated code implements
/// it; [`read`] is its `Deserialize`.
pub(crate) trait OpenObject: Sized {
    /// The type's name, for the error when the JSON is not an object.
    const NAME: &'static str;

    /// Whether the struct declares the property `name` (its derived reader reads it).
    fn declares(name: &str) -> bool;

    /// Reads the declared fields from an object that has no other entries (the derived
    /// reader of a shadow of the type, which leaves the map empty).
    fn read_declared<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// The map of undeclared properties.
    fn additional_properties(&mut self) -> &mut Map<String, Value>;
}

/// Reads an [`OpenObject`]: the declared fields through its derived reader, the others
/// into its map.
pub(crate) fn read<'de, D: Deserializer<'de>, T: OpenObject>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: OpenObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut additional = Map::new();
        let mut value = T::read_declared(MapAccessDeserializer::new(Declared {
            map: &mut map,
            declares: T::declares,
            additional: &mut additional,
        }))?;
        *value.additional_properties() = additional;
        Ok(value)
    }
}

/// The object as the derived reader sees it: its declared entries only. The others are
/// moved aside into `additional` as they pass.
struct Declared<'a, A> {
    map: &'a mut A,
    declares: fn(&str) -> bool,
    additional: &'a mut Map<String, Value>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Declared<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(PropertyName(key)) = self.map.next_key::<PropertyName<'de>>()? {
            if !(self.declares)(&key) {
                let value = self.map.next_value::<Value>()?;
                self.additional.insert(key.into_owned(), value);
                continue;
            }
            return match key {
                Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
                Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
            }
            .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A struct as the generator writes one: a shadow derives the declared fields.
    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Pet {
        name: String,
        #[serde(rename = "petType")]
        pet_type: Option<String>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    impl OpenObject for Pet {
        const NAME: &'static str = "Pet";
        fn declares(name: &str) -> bool {
            matches!(name, "name" | "petType")
        }
        fn read_declared<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            #[derive(serde::Deserialize)]
            #[serde(remote = "Pet")]
            struct Shadow {
                name: String,
                #[serde(rename = "petType", default)]
                pet_type: Option<String>,
                #[serde(skip)]
                additional_properties: Map<String, Value>,
            }
            Shadow::deserialize(deserializer)
        }
        fn additional_properties(&mut self) -> &mut Map<String, Value> {
            &mut self.additional_properties
        }
    }

    impl<'de> serde::Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read(deserializer)
        }
    }

    #[test]
    fn declared_fields_are_read_and_the_others_kept() {
        let text = r#"{"zz": [1], "name": "Rex", "a\"b": {"x": null}, "petType": "dog"}"#;
        let pet: Pet = serde_json::from_str(text).unwrap();
        assert_eq!(pet.name, "Rex");
        assert_eq!(pet.pet_type.as_deref(), Some("dog"));
        assert_eq!(
            Value::Object(pet.additional_properties.clone()),
            json!({"zz": [1], "a\"b": {"x": null}})
        );
        // Written back, every property is there.
        assert_eq!(
            serde_json::to_value(&pet).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn it_reads_from_a_value_and_from_a_reader_as_from_text() {
        let value = json!({"name": "Rex", "extra": true});
        let from_value: Pet = serde_json::from_value(value.clone()).unwrap();
        let from_reader: Pet = serde_json::from_reader(value.to_string().as_bytes()).unwrap();
        assert_eq!(from_value, from_reader);
        assert_eq!(
            from_value.additional_properties.get("extra"),
            Some(&json!(true))
        );
    }

    #[test]
    fn errors_are_those_of_the_derived_reader() {
        let missing = serde_json::from_str::<Pet>(r#"{"petType": "dog"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `name`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<Pet>(r#"{"name": 3}"#).unwrap_err();
        assert!(
            wrong.to_string().contains("invalid type: integer `3`"),
            "{wrong}"
        );
        let not_object = serde_json::from_str::<Pet>("[1]").unwrap_err();
        assert!(
            not_object.to_string().contains("expected struct Pet"),
            "{not_object}"
        );
    }
}
