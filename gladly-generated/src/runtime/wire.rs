//! How generated types that serde's derives cannot express meet the wire: string enums
//! that keep unknown values, unions told apart by a tag property, and unions without a
//! tag. The generated `impl`s call these functions, so that the logic is written (and
//! tested) once rather than repeated in every type.
//!
//! Which of them a crate uses depends on its spec's schemas, hence `dead_code` allowed.
#![allow(dead_code)]

use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Reads a string enum that keeps values it does not know: any string, converted by the
/// type's `From<&str>`.
pub(crate) fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    // `Cow` borrows the text when the input allows it and owns it when it is escaped.
    let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    Ok(T::from(value.as_ref()))
}

/// A tagged union of the generated code: the name of its tag property, and how the
/// variant each tag names is read ([`tagged`] finds the tag and calls it).
pub(crate) trait TaggedUnion: Sized {
    /// The property whose text tells the variant.
    const TAG: &'static str;

    /// Reads the variant `tag` names from `body`, the whole object (tag included).
    fn decode<'de, A: MapAccess<'de>>(tag: &str, body: TaggedBody<'_, A>)
        -> Result<Self, A::Error>;
}

/// Reads a tagged union: the object's entries up to its tag, then the variant the tag
/// names, from the input itself. When the tag comes first, as it usually does, nothing is
/// buffered; the entries before it are kept as `serde_json::Value`s and read again with
/// the rest. A value that is not an object, or has no text under the tag, is no value of
/// the union, not even one of a variant this crate does not know yet: it is an error,
/// never the `Unknown` variant.
pub(crate) fn tagged<'de, D: Deserializer<'de>, U: TaggedUnion>(
    deserializer: D,
) -> Result<U, D::Error> {
    deserializer.deserialize_any(TaggedVisitor(std::marker::PhantomData))
}

/// The visitor of [`tagged`].
struct TaggedVisitor<U>(std::marker::PhantomData<U>);

impl<U: TaggedUnion> TaggedVisitor<U> {
    fn not_an_object<E: serde::de::Error>(kind: &str) -> Result<U, E> {
        Err(E::custom(format!(
            "expected an object with a `{}` property, found {kind}",
            U::TAG
        )))
    }
}

impl<'de, U: TaggedUnion> Visitor<'de> for TaggedVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an object with a `{}` property", U::TAG)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        use serde::de::Error as _;
        let mut before = Vec::new();
        while let Some(key) = map.next_key_seed(TagKey(U::TAG))? {
            if let Some(other) = key {
                before.push((other, map.next_value::<Value>()?));
                continue;
            }
            let text = match map.next_value::<TagText>()? {
                TagText(Ok(text)) => text,
                TagText(Err(kind)) => {
                    return Err(A::Error::custom(format!(
                        "the `{}` property must be text, found {kind}",
                        U::TAG
                    )))
                }
            };
            let body = TaggedBody {
                before: before.into_iter(),
                tag: Some((U::TAG, &text)),
                pending: Pending::None,
                rest: map,
            };
            return U::decode(&text, body);
        }
        Err(A::Error::custom(format!("missing field `{}`", U::TAG)))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<U, A::Error> {
        Self::not_an_object("a list")
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<U, E> {
        Self::not_an_object("text")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<U, E> {
        Self::not_an_object("a boolean")
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<U, E> {
        Self::not_an_object("a number")
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<U, E> {
        Self::not_an_object("a number")
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<U, E> {
        Self::not_an_object("a number")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<U, E> {
        Self::not_an_object("null")
    }
}

/// Reads an object's key: `None` when it is the tag (no text copied), else the key.
struct TagKey<'t>(&'t str);

impl<'de> DeserializeSeed<'de> for TagKey<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for TagKey<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key != self.0).then(|| key.to_owned()))
    }
}

/// The object of a tagged union, tag included, as its variant reads it: the entries
/// before the tag (buffered), the tag, then the rest straight from the input.
pub(crate) struct TaggedBody<'t, A> {
    before: std::vec::IntoIter<(String, Value)>,
    /// The tag's name and text.
    tag: Option<(&'t str, &'t str)>,
    /// The value of the entry whose key was just given, when it is not in `rest`.
    pending: Pending<'t>,
    rest: A,
}

/// See [`TaggedBody::pending`].
enum Pending<'t> {
    None,
    Buffered(Value),
    Tag(&'t str),
}

impl<'de, A: MapAccess<'de>> TaggedBody<'_, A> {
    /// Reads a known variant from the whole object (its type ignores the tag or keeps it
    /// among its additional properties) and wraps it.
    pub(crate) fn variant<T: Deserialize<'de>, U>(
        self,
        wrap: impl FnOnce(T) -> U,
    ) -> Result<U, A::Error> {
        T::deserialize(self).map(wrap)
    }

    /// The JSON of a variant this crate does not know, kept whole.
    pub(crate) fn unknown(self) -> Result<Value, A::Error> {
        Value::deserialize(self)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for TaggedBody<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::value::{StrDeserializer, StringDeserializer};
        if let Some((key, value)) = self.before.next() {
            self.pending = Pending::Buffered(value);
            return seed.deserialize(StringDeserializer::new(key)).map(Some);
        }
        if let Some((key, text)) = self.tag.take() {
            self.pending = Pending::Tag(text);
            return seed.deserialize(StrDeserializer::new(key)).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        use serde::de::value::StrDeserializer;
        use serde::de::Error as _;
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Buffered(value) => seed.deserialize(value).map_err(A::Error::custom),
            Pending::Tag(text) => seed.deserialize(StrDeserializer::<A::Error>::new(text)),
            Pending::None => self.rest.next_value_seed(seed),
        }
    }
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for TaggedBody<'_, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The value under a tag: its text, or the kind of JSON it is instead.
struct TagText(Result<String, &'static str>);

impl<'de> Deserialize<'de> for TagText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Kind;
        impl<'de> serde::de::Visitor<'de> for Kind {
            type Value = TagText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<TagText, E> {
                Ok(TagText(Ok(v.to_owned())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<TagText, E> {
                Ok(TagText(Err("a boolean")))
            }
            fn visit_i64<E>(self, _: i64) -> Result<TagText, E> {
                Ok(TagText(Err("a number")))
            }
            fn visit_u64<E>(self, _: u64) -> Result<TagText, E> {
                Ok(TagText(Err("a number")))
            }
            fn visit_f64<E>(self, _: f64) -> Result<TagText, E> {
                Ok(TagText(Err("a number")))
            }
            fn visit_unit<E>(self) -> Result<TagText, E> {
                Ok(TagText(Err("null")))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TagText, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(TagText(Err("a list")))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TagText, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(TagText(Err("an object")))
            }
        }
        deserializer.deserialize_any(Kind)
    }
}

/// A serde_json error's message without its line and column, which count from the start
/// of one value's text rather than of the response: the message as the same error read
/// from a `serde_json::Value` gives it.
pub(crate) fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.line() == 0 {
        return message;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&suffix) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// Writes one value of a tagged union: the payload of a known variant with its tag put
/// back ([`Self::variant`]), or the JSON of an unknown one as it came ([`Self::unknown`]).
pub(crate) struct TaggedWriter<'t, S> {
    serializer: S,
    tag: &'t str,
    tag_value: &'t str,
}

impl<'t, S: Serializer> TaggedWriter<'t, S> {
    /// Writes to `serializer`, the `tag` property set to `tag_value`.
    pub(crate) fn new(serializer: S, tag: &'t str, tag_value: &'t str) -> Self {
        Self {
            serializer,
            tag,
            tag_value,
        }
    }

    /// A known variant's payload with the tag put back; a payload that is not a JSON
    /// object is written as it is.
    pub(crate) fn variant<T: Serialize>(self, payload: &T) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(payload).map_err(S::Error::custom)?;
        if let Value::Object(map) = &mut value {
            map.insert(
                self.tag.to_owned(),
                Value::String(self.tag_value.to_owned()),
            );
        }
        value.serialize(self.serializer)
    }

    /// An unknown variant's JSON, which holds its own tag.
    pub(crate) fn unknown(self, value: &Value) -> Result<S::Ok, S::Error> {
        value.serialize(self.serializer)
    }
}

/// Decodes an untagged union. The variant chosen is the one, of those that decode, that
/// declares most of the input's properties (the earlier one on a tie), so that a loose
/// variant never silently wins over a closer one. The variants are tried in that order,
/// best-scoring first, and the first that decodes wins: usually one trial. The
/// generated code drives it:
///
/// ```ignore
/// let mut trial = wire::Untagged::new(deserializer, &[&["x", "y"], &[]])?;
/// while let Some(variant) = trial.next_variant() {
///     match variant {
///         0 => trial.attempt("Point", Self::Point),
///         _ => trial.attempt("Loose", Self::Loose),
///     }
/// }
/// trial.finish("Shape")
/// ```
///
/// The input is kept as its JSON text when the deserializer is `serde_json`'s (every
/// trial reads the text; none copies it), else as a `serde_json::Value` (every trial
/// reads it borrowed).
pub(crate) struct Untagged<'de, U> {
    input: UntaggedInput<'de>,
    /// The variants' indices, in the order they are tried.
    order: Vec<usize>,
    next: usize,
    chosen: Option<U>,
    /// Why each variant that did not decode failed, for the error when none does.
    errors: Vec<String>,
}

/// The JSON an [`Untagged`] tries its variants on.
enum UntaggedInput<'de> {
    Text(std::borrow::Cow<'de, str>),
    Value(Value),
}

/// The name by which `serde_json` recognises a request for a value's raw text (its
/// `RawValue`). A deserializer that does not know it hands over the value itself, which
/// is then read as a `serde_json::Value`: the name only decides how fast, never what.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

impl<'de, U> Untagged<'de, U> {
    /// Reads the JSON to decode, and orders the variants by how many of its properties
    /// each declares (`declared[i]`: the property names of variant `i`).
    pub(crate) fn new<D: Deserializer<'de>>(
        deserializer: D,
        declared: &[&[&str]],
    ) -> Result<Self, D::Error> {
        let input = deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, InputVisitor)?;
        let keys = input.keys();
        let scores: Vec<usize> = declared
            .iter()
            .map(|names| {
                keys.iter()
                    .filter(|key| names.contains(&key.as_ref()))
                    .count()
            })
            .collect();
        let mut order: Vec<usize> = (0..declared.len()).collect();
        // Stable: on a tie, the earlier variant first.
        order.sort_by_key(|&i| std::cmp::Reverse(scores.get(i).copied().unwrap_or(0)));
        Ok(Self {
            input,
            order,
            next: 0,
            chosen: None,
            errors: Vec::new(),
        })
    }

    /// The index of the next variant to try, or `None` once one has decoded or all
    /// have been tried.
    pub(crate) fn next_variant(&mut self) -> Option<usize> {
        if self.chosen.is_some() {
            return None;
        }
        let index = self.order.get(self.next).copied();
        self.next += 1;
        index
    }

    /// Tries the variant named `label`, of type `T`.
    pub(crate) fn attempt<T: DeserializeOwned>(&mut self, label: &str, wrap: impl FnOnce(T) -> U) {
        let decoded = match &self.input {
            UntaggedInput::Text(text) => {
                serde_json::from_str::<T>(text).map_err(|error| without_position(&error))
            }
            UntaggedInput::Value(value) => T::deserialize(value).map_err(|error| error.to_string()),
        };
        match decoded {
            Ok(value) => self.chosen = Some(wrap(value)),
            Err(error) => self.errors.push(format!("{label}: {error}")),
        }
    }

    /// The variant chosen, or an error naming the union (`type_name`) and why each
    /// variant failed.
    pub(crate) fn finish<E: serde::de::Error>(self, type_name: &str) -> Result<U, E> {
        match self.chosen {
            Some(chosen) => Ok(chosen),
            None => Err(E::custom(format!(
                "no variant of `{type_name}` matches ({})",
                self.errors.join("; ")
            ))),
        }
    }
}

impl UntaggedInput<'_> {
    /// The property names of the input, when it is an object.
    fn keys(&self) -> Vec<std::borrow::Cow<'_, str>> {
        match self {
            UntaggedInput::Value(value) => value.as_object().map_or_else(Vec::new, |map| {
                map.keys()
                    .map(|key| std::borrow::Cow::Borrowed(key.as_str()))
                    .collect()
            }),
            UntaggedInput::Text(text) => {
                let mut reader = serde_json::Deserializer::from_str(text);
                // The text was read as JSON already: it does not fail here.
                serde::Deserializer::deserialize_any(&mut reader, KeysVisitor).unwrap_or_default()
            }
        }
    }
}

/// One JSON value's text, as `Box<serde_json::value::RawValue>` gives it but borrowed
/// from the input when the input allows it, so that capturing an element costs no copy.
/// Only `serde_json`'s deserializers (text and `Value`) can give it.
pub(crate) struct RawText<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for RawText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, RawTextVisitor)
    }
}

struct RawTextVisitor;

impl<'de> Visitor<'de> for RawTextVisitor {
    type Value = RawText<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    // `serde_json` answers the token with a map of one entry: the token, then the text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_key::<PropertyName<'de>>()? {
            Some(PropertyName(key)) if key == RAW_VALUE_TOKEN => {
                let PropertyName(text) = map.next_value::<PropertyName<'de>>()?;
                Ok(RawText(text))
            }
            _ => Err(serde::de::Error::custom(
                "a JSON value's text can only be read from serde_json",
            )),
        }
    }
}

/// Reads the input of an [`Untagged`]: its raw text from `serde_json`, else its value.
struct InputVisitor;

impl<'de> Visitor<'de> for InputVisitor {
    type Value = UntaggedInput<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(PropertyName(first)) = map.next_key::<PropertyName<'de>>()? else {
            return Ok(UntaggedInput::Value(Value::Object(serde_json::Map::new())));
        };
        if first == RAW_VALUE_TOKEN {
            let PropertyName(text) = map.next_value::<PropertyName<'de>>()?;
            return Ok(UntaggedInput::Text(text));
        }
        let mut object = serde_json::Map::new();
        object.insert(first.into_owned(), map.next_value::<Value>()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Ok(UntaggedInput::Value(Value::Object(object)))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        Value::deserialize(deserializer).map(UntaggedInput::Value)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Value::deserialize(deserializer).map(UntaggedInput::Value)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
            .map(UntaggedInput::Value)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::String(v.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::String(v)))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::Bool(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::from(v)))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::from(v)))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::from(v)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::Null))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(UntaggedInput::Value(Value::Null))
    }
}

/// The property names of a JSON object (any other JSON: none), its values skipped.
struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Vec<std::borrow::Cow<'de, str>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::new();
        while let Some(PropertyName(key)) = map.next_key::<PropertyName<'de>>()? {
            map.next_value::<serde::de::IgnoredAny>()?;
            keys.push(key);
        }
        Ok(keys)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
}

/// A property name (or other text), borrowed from the input when the input allows it.
pub(crate) struct PropertyName<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for PropertyName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(PropertyNameVisitor)
    }
}

struct PropertyNameVisitor;

impl<'de> Visitor<'de> for PropertyNameVisitor {
    type Value = PropertyName<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(PropertyName(std::borrow::Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(PropertyName(std::borrow::Cow::Owned(text.to_owned())))
    }

    fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
        Ok(PropertyName(std::borrow::Cow::Owned(text)))
    }
}

/// Reads a field the spec types as an integer, a number or a boolean (alone, optional,
/// or in a list or map) from its JSON type or from text holding one (`"100"`, `"true"`):
/// servers and the spec's own examples send both. Writing always uses the spec's type.
pub(crate) fn lenient<'de, D: Deserializer<'de>, T: Lenient>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// A value [`lenient`] can read.
pub(crate) trait Lenient: Sized {
    /// Reads the value from its JSON type or its text.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Carries a [`Lenient`] value through serde's impls for `Option`, `Vec` and maps.
struct Leniently<T>(T);

impl<'de, T: Lenient> Deserialize<'de> for Leniently<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Leniently)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Leniently<T>>::deserialize(deserializer)?.map(|v| v.0))
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Leniently<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|v| v.0).collect())
    }
}

impl<T: Lenient> Lenient for std::collections::BTreeMap<String, T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, Leniently<T>>::deserialize(deserializer)?;
        Ok(map.into_iter().map(|(k, v)| (k, v.0)).collect())
    }
}

/// The one scalar visitor: what each JSON type or text means for the target type.
struct Scalar<T>(std::marker::PhantomData<T>);

/// How a scalar type is read from each form it may come in.
trait FromWire: Sized {
    const EXPECTING: &'static str;
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_text(text: &str) -> Option<Self>;
}

impl FromWire for i64 {
    const EXPECTING: &'static str = "an integer, or text holding one";
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    fn from_u64(v: u64) -> Option<Self> {
        i64::try_from(v).ok()
    }
    fn from_f64(v: f64) -> Option<Self> {
        // `5.0` is the integer 5; the range check keeps the cast exact.
        (v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)
    }
    fn from_text(text: &str) -> Option<Self> {
        let text = text.trim();
        text.parse()
            .ok()
            .or_else(|| text.parse::<f64>().ok().and_then(Self::from_f64))
    }
}

impl FromWire for i32 {
    const EXPECTING: &'static str = "a 32-bit integer, or text holding one";
    fn from_i64(v: i64) -> Option<Self> {
        i32::try_from(v).ok()
    }
    fn from_u64(v: u64) -> Option<Self> {
        i32::try_from(v).ok()
    }
    fn from_f64(v: f64) -> Option<Self> {
        i64::from_f64(v).and_then(Self::from_i64)
    }
    fn from_text(text: &str) -> Option<Self> {
        i64::from_text(text).and_then(Self::from_i64)
    }
}

impl FromWire for f64 {
    const EXPECTING: &'static str = "a number, or text holding one";
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

impl FromWire for bool {
    const EXPECTING: &'static str = "a boolean, or the text `true` or `false`";
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
    fn from_text(text: &str) -> Option<Self> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
}

impl<T: FromWire> Lenient for T {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Scalar::<T>(std::marker::PhantomData))
    }
}

impl<T: FromWire> Scalar<T> {
    fn or_invalid<E: serde::de::Error>(
        &self,
        value: Option<T>,
        unexpected: serde::de::Unexpected<'_>,
    ) -> Result<T, E> {
        value.ok_or_else(|| E::invalid_value(unexpected, self))
    }
}

impl<T: FromWire> serde::de::Visitor<'_> for Scalar<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
        self.or_invalid(T::from_i64(v), serde::de::Unexpected::Signed(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
        self.or_invalid(T::from_u64(v), serde::de::Unexpected::Unsigned(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<T, E> {
        self.or_invalid(T::from_f64(v), serde::de::Unexpected::Float(v))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<T, E> {
        self.or_invalid(T::from_bool(v), serde::de::Unexpected::Bool(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        self.or_invalid(T::from_text(v), serde::de::Unexpected::Str(v))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Text(String);

    impl From<&str> for Text {
        fn from(value: &str) -> Self {
            Self(value.to_owned())
        }
    }

    #[test]
    fn a_string_enum_takes_any_string_and_nothing_else() {
        let read: Text = string_enum(&json!("NEW")).unwrap();
        assert_eq!(read, Text("NEW".into()));
        // Escaped text cannot be borrowed; it is read all the same.
        let read: Text = string_enum(&mut serde_json::Deserializer::from_str(r#""a\"b""#)).unwrap();
        assert_eq!(read, Text("a\"b".into()));
        assert!(string_enum::<_, Text>(&json!(1)).is_err());
    }

    /// A tagged union as the generated code writes one.
    #[derive(Debug, PartialEq)]
    enum Event {
        Point(Spot),
        Unknown(Value),
    }

    impl TaggedUnion for Event {
        const TAG: &'static str = "type";

        fn decode<'de, A: MapAccess<'de>>(
            tag: &str,
            body: TaggedBody<'_, A>,
        ) -> Result<Self, A::Error> {
            match tag {
                "POINT" => body.variant(Event::Point),
                _ => body.unknown().map(Event::Unknown),
            }
        }
    }

    impl<'de> Deserialize<'de> for Event {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            tagged(deserializer)
        }
    }

    /// The payload of `POINT`, which keeps every property, its tag too.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Spot {
        x: f64,
        #[serde(flatten)]
        others: serde_json::Map<String, Value>,
    }

    fn from_text(text: &str) -> Result<Event, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn a_variant_is_read_wherever_its_tag_is() {
        let expected = Event::Point(Spot {
            x: 1.0,
            others: serde_json::Map::from_iter([("type".to_owned(), json!("POINT"))]),
        });
        // Tag first, last, in the middle; from text and from a `Value`.
        for text in [
            r#"{"type": "POINT", "x": 1}"#,
            r#"{"x": 1, "type": "POINT"}"#,
        ] {
            assert_eq!(from_text(text).unwrap(), expected, "{text}");
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::from_value::<Event>(value).unwrap(), expected);
        }
        let middle = from_text(r#"{"a": [1, {"type": 2}], "type": "POINT", "x": 1, "b": null}"#);
        let Event::Point(point) = middle.unwrap() else {
            panic!("not a point")
        };
        let keys: Vec<&str> = point.others.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "type", "b"]);
        // Escaped text is read as what it stands for.
        let escaped = from_text(r#"{"type": "POI\u004eT", "x": 1}"#).unwrap();
        assert_eq!(escaped, expected);
    }

    #[test]
    fn an_unknown_tag_keeps_the_whole_object_in_its_order() {
        for text in [
            r#"{"type": "LINE", "a": {"b": [1]}, "c": "d"}"#,
            r#"{"a": {"b": [1]}, "type": "LINE", "c": "d"}"#,
        ] {
            let Event::Unknown(kept) = from_text(text).unwrap() else {
                panic!("not kept: {text}")
            };
            assert_eq!(kept.to_string(), text.replace(": ", ":").replace(", ", ","));
        }
    }

    #[test]
    fn a_value_without_a_text_tag_is_no_value_of_the_union() {
        let error = |text: &str| from_text(text).unwrap_err().to_string();
        assert!(error(r#"{"type": 1}"#).contains("must be text, found a number"));
        assert!(error(r#"{"x": 1, "type": null}"#).contains("must be text, found null"));
        assert!(error(r#"{"type": {"a": 1}}"#).contains("must be text, found an object"));
        assert!(error(r#"{"x": 1}"#).contains("missing field `type`"));
        assert!(error("[1]").contains("found a list"));
        assert!(error(r#""POINT""#).contains("found text"));
        let from_value = serde_json::from_value::<Event>(json!({"x": 1}));
        assert!(from_value
            .unwrap_err()
            .to_string()
            .contains("missing field `type`"));
    }

    #[test]
    fn an_error_inside_a_variant_has_its_path_and_position() {
        let text = r#"{"type": "POINT", "x": "far"}"#;
        let de = &mut serde_json::Deserializer::from_str(text);
        let error = serde_path_to_error::deserialize::<_, Event>(de).unwrap_err();
        assert_eq!(error.path().to_string(), "x");
        assert!(error
            .inner()
            .to_string()
            .contains("invalid type: string \"far\", expected f64"));
        assert!(error.inner().to_string().contains("column"));
    }

    #[test]
    fn a_variant_is_written_with_its_tag() {
        let writer = || TaggedWriter::new(serde_json::value::Serializer, "type", "A");
        let written = writer().variant(&json!({"x": 1, "type": "B"}));
        assert_eq!(written.unwrap(), json!({"x": 1, "type": "A"}));
        assert_eq!(writer().variant(&1).unwrap(), json!(1));
        let kept = writer().unknown(&json!({"type": "B"}));
        assert_eq!(kept.unwrap(), json!({"type": "B"}));
    }

    #[derive(Debug, PartialEq)]
    enum Shape {
        Loose(serde_json::Map<String, Value>),
        Point(Point),
        Number(f64),
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Point {
        x: f64,
        y: f64,
    }

    /// Decodes `Shape` the way generated code does.
    fn decode_with<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Shape, D::Error> {
        let mut trial = Untagged::new(deserializer, &[&[], &["x", "y"], &[]])?;
        while let Some(variant) = trial.next_variant() {
            match variant {
                0 => trial.attempt("Loose", Shape::Loose),
                1 => trial.attempt("Point", Shape::Point),
                _ => trial.attempt("Number", Shape::Number),
            }
        }
        trial.finish("Shape")
    }

    /// `Shape` decoded from a value and from its text, which must agree.
    fn decode(value: Value) -> Result<Shape, String> {
        let from_value = decode_with(value.clone()).map_err(|e| e.to_string());
        let text = value.to_string();
        let mut reader = serde_json::Deserializer::from_str(&text);
        let from_text = decode_with(&mut reader).map_err(|e| without_position(&e));
        assert_eq!(from_value, from_text, "from a value and from text: {text}");
        from_value
    }

    #[test]
    fn an_untagged_union_keeps_the_variant_explaining_most_fields() {
        // Both the loose map and the point decode; the point explains both fields.
        assert_eq!(
            decode(json!({"x": 1, "y": 2})).unwrap(),
            Shape::Point(Point { x: 1.0, y: 2.0 })
        );
        // A tie goes to the earlier variant.
        assert!(matches!(decode(json!({"z": 1})).unwrap(), Shape::Loose(_)));
        assert!(matches!(decode(json!({"x": 1})).unwrap(), Shape::Loose(_)));
        assert_eq!(decode(json!(3)).unwrap(), Shape::Number(3.0));
        let error = decode(json!("text")).unwrap_err();
        assert!(
            error.starts_with("no variant of `Shape` matches (Loose: "),
            "{error}"
        );
        assert!(
            error.contains("; Point: ") && error.contains("; Number: "),
            "{error}"
        );
    }

    #[test]
    fn an_untagged_union_reads_from_a_deserializer_that_has_no_raw_text() {
        // serde's own buffer, as a derived untagged enum or `flatten` hands it on.
        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        enum Outer {
            #[serde(deserialize_with = "decode_with")]
            Inner(Shape),
        }
        let Outer::Inner(shape) = serde_json::from_str(r#"{"x": 1, "y": 2}"#).unwrap();
        assert_eq!(shape, Shape::Point(Point { x: 1.0, y: 2.0 }));
        let Outer::Inner(shape) = serde_json::from_str("3").unwrap();
        assert_eq!(shape, Shape::Number(3.0));
    }

    thread_local! {
        static TRIED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A variant that counts the times it is tried.
    #[derive(Debug)]
    struct Counted;

    impl<'de> Deserialize<'de> for Counted {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            TRIED.set(TRIED.get() + 1);
            serde::de::IgnoredAny::deserialize(deserializer).map(|_| Counted)
        }
    }

    #[test]
    fn the_best_scoring_variant_is_tried_first_and_no_other_once_it_decodes() {
        let try_all = |text: &str| {
            TRIED.set(0);
            let mut reader = serde_json::Deserializer::from_str(text);
            let mut trial =
                Untagged::<Option<Point>>::new(&mut reader, &[&["z"], &["x", "y"]]).unwrap();
            while let Some(variant) = trial.next_variant() {
                match variant {
                    0 => trial.attempt("Counted", |_: Counted| None),
                    _ => trial.attempt("Point", Some),
                }
            }
            let chosen: Result<_, serde_json::Error> = trial.finish("Shape");
            (chosen.unwrap(), TRIED.get())
        };
        // `Point` declares both fields: it is tried first and decodes; `Counted` is not tried.
        assert_eq!(
            try_all(r#"{"x": 1, "y": 2}"#),
            (Some(Point { x: 1.0, y: 2.0 }), 0)
        );
        // `Counted` declares the only field: it is tried first, and wins.
        assert_eq!(try_all(r#"{"z": 3}"#), (None, 1));
    }

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Scalars {
        #[serde(deserialize_with = "lenient")]
        count: i64,
        #[serde(default, deserialize_with = "lenient")]
        ratio: Option<f64>,
        #[serde(deserialize_with = "lenient")]
        flags: Vec<bool>,
        #[serde(deserialize_with = "lenient")]
        small: std::collections::BTreeMap<String, i32>,
    }

    #[test]
    fn numbers_and_booleans_are_read_from_their_text_and_written_as_the_spec_says() {
        let read: Scalars = serde_json::from_value(serde_json::json!({
            "count": "100", "ratio": " 0.5", "flags": [true, "false", "TRUE"], "small": {"a": "7", "b": 8.0}
        }))
        .unwrap();
        assert_eq!(read.count, 100);
        assert_eq!(read.ratio, Some(0.5));
        assert_eq!(read.flags, [true, false, true]);
        assert_eq!(read.small.get("b"), Some(&8));
        assert_eq!(
            serde_json::to_value(&read).unwrap(),
            serde_json::json!({"count": 100, "ratio": 0.5, "flags": [true, false, true], "small": {"a": 7, "b": 8}})
        );
        let absent: Scalars =
            serde_json::from_str(r#"{"count": 1, "flags": [], "small": {}}"#).unwrap();
        assert_eq!(absent.ratio, None);
    }

    #[test]
    fn text_that_holds_no_value_of_the_type_is_refused() {
        for bad in [
            r#"{"count": "ten", "flags": [], "small": {}}"#,
            r#"{"count": 1.5, "flags": [], "small": {}}"#,
            r#"{"count": 1, "flags": ["yes"], "small": {}}"#,
            r#"{"count": 1, "flags": [], "small": {"a": "3000000000"}}"#,
            r#"{"count": 1, "ratio": "NaN", "flags": [], "small": {}}"#,
            r#"{"count": true, "flags": [], "small": {}}"#,
        ] {
            assert!(serde_json::from_str::<Scalars>(bad).is_err(), "{bad}");
        }
    }
}
