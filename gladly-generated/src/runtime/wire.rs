//! How generated types that serde's derives cannot express meet the wire: string enums
//! that keep unknown values, unions told apart by a tag property, and unions without a
//! tag. The generated `impl`s call these functions, so that the logic is written (and
//! tested) once rather than repeated in every type.
//!
//! Which of them a crate uses depends on its spec's schemas, hence `dead_code` allowed.
#![allow(dead_code)]

use serde::de::DeserializeOwned;
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

/// Reads a tagged union's JSON and the value of its `tag` property. A value that is not
/// an object, or has no text under `tag`, is no value of the union, not even one of a
/// variant this crate does not know yet: it is an error, never the `Unknown` variant.
pub(crate) fn tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    tag: &str,
) -> Result<(String, Value), D::Error> {
    use serde::de::Error as _;
    let value = Value::deserialize(deserializer)?;
    let Value::Object(object) = &value else {
        return Err(D::Error::custom(format!(
            "expected an object with a `{tag}` property, found {}",
            kind(&value)
        )));
    };
    let tag = match object.get(tag) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => {
            return Err(D::Error::custom(format!(
                "the `{tag}` property must be text, found {}",
                kind(other)
            )))
        }
        None => return Err(D::Error::custom(format!("missing field `{tag}`"))),
    };
    Ok((tag, value))
}

/// How an error names a JSON value's kind.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Reads a known variant of a tagged union from the whole JSON (tag included: the
/// variant's type ignores it or keeps it among its additional properties) and wraps it.
pub(crate) fn variant<T, U, E>(value: Value, wrap: impl FnOnce(T) -> U) -> Result<U, E>
where
    T: DeserializeOwned,
    E: serde::de::Error,
{
    serde_json::from_value(value).map(wrap).map_err(E::custom)
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

/// Decodes an untagged union: every variant is tried in turn ([`Self::variant`]) and
/// the one that explains most of the input's fields wins, the earlier one on a tie, so
/// a loose variant never silently wins over a closer one.
pub(crate) struct BestVariant<U> {
    value: Value,
    best: Option<(usize, U)>,
    /// Why each variant that did not decode failed, for the error when none does.
    errors: Vec<String>,
}

impl<U> BestVariant<U> {
    /// Reads the JSON to decode.
    pub(crate) fn new<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            value: Value::deserialize(deserializer)?,
            best: None,
            errors: Vec::new(),
        })
    }

    /// Tries the variant named `label`, of type `T`, whose fields (for a struct) are
    /// `keys`.
    pub(crate) fn variant<T: DeserializeOwned>(
        &mut self,
        label: &str,
        keys: &[&str],
        wrap: impl FnOnce(T) -> U,
    ) {
        // From the borrowed JSON: trying a variant copies nothing.
        match T::deserialize(&self.value) {
            Ok(candidate) => {
                let score = declared_keys(&self.value, keys);
                if self.best.as_ref().is_none_or(|(best, _)| score > *best) {
                    self.best = Some((score, wrap(candidate)));
                }
            }
            Err(error) => self.errors.push(format!("{label}: {error}")),
        }
    }

    /// The variant chosen, or an error naming the union (`type_name`) and why each
    /// variant failed.
    pub(crate) fn finish<E: serde::de::Error>(self, type_name: &str) -> Result<U, E> {
        match self.best {
            Some((_, chosen)) => Ok(chosen),
            None => Err(E::custom(format!(
                "no variant of `{type_name}` matches ({})",
                self.errors.join("; ")
            ))),
        }
    }
}

/// How many of `keys` the JSON object `value` has: the measure by which an untagged
/// union picks the variant that explains most of its input.
fn declared_keys(value: &Value, keys: &[&str]) -> usize {
    value.as_object().map_or(0, |map| {
        keys.iter().filter(|key| map.contains_key(**key)).count()
    })
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

    #[test]
    fn a_value_without_a_text_tag_is_no_value_of_the_union() {
        assert_eq!(tagged(json!({"type": "A", "x": 1}), "type").unwrap().0, "A");
        let error = |value: Value| tagged(value, "type").unwrap_err().to_string();
        assert!(error(json!({"type": 1})).contains("must be text"));
        assert!(error(json!({"x": 1})).contains("missing field `type`"));
        assert!(error(json!([1])).contains("found a list"));
    }

    #[test]
    fn a_variant_is_read_from_the_whole_value_and_written_with_its_tag() {
        let read: Result<Vec<_>, serde_json::Error> = variant(
            json!({"type": "A", "x": 1}),
            |m: serde_json::Map<String, Value>| m.into_iter().collect(),
        );
        assert_eq!(read.unwrap().len(), 2);
        let failed: Result<u8, serde_json::Error> = variant(json!("x"), |n: u8| n);
        assert!(failed.is_err());
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

    fn decode(value: Value) -> Result<Shape, serde_json::Error> {
        let mut best = BestVariant::new(value)?;
        best.variant("Loose", &[], Shape::Loose);
        best.variant("Point", &["x", "y"], Shape::Point);
        best.variant("Number", &[], Shape::Number);
        best.finish("Shape")
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
        assert_eq!(decode(json!(3)).unwrap(), Shape::Number(3.0));
        let error = decode(json!("text")).unwrap_err().to_string();
        assert!(
            error.starts_with("no variant of `Shape` matches (Loose: "),
            "{error}"
        );
        assert!(
            error.contains("; Point: ") && error.contains("; Number: "),
            "{error}"
        );
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
