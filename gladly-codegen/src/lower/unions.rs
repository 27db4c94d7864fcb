//! `oneOf`/`anyOf`: a tagged union when a `discriminator` names the tag or every variant
//! fixes one property to its own value; otherwise an untagged union.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::convert::{doc_of, SchemaLowerer, Ty};
use super::objects::has_properties;
use super::space::{Member, MemberName, Shape};
use crate::diagnostic::Diagnostic;
use crate::ident;
use crate::ir::{TaggedVariant, TypeRef};
use crate::pointer;

/// How deep tag detection looks into nested `oneOf`s.
const MAX_TAG_DEPTH: usize = 4;

impl SchemaLowerer<'_> {
    /// A `oneOf`/`anyOf` of `count` variants at `ptr`.
    pub(super) fn lower_union(
        &mut self,
        ptr: &str,
        keyword: &str,
        count: usize,
        exclude: Option<&str>,
    ) -> Ty {
        let variant_ptrs: Vec<String> =
            (0..count).map(|i| format!("{ptr}/{keyword}/{i}")).collect();
        let id = self.declare(ptr, exclude);
        // A union that is itself the variant of a tagged union has lost that tag; its
        // variants are told apart by what is left.
        let tag = if exclude.is_some() {
            None
        } else {
            self.discriminator(ptr, &variant_ptrs)
                .or_else(|| self.find_tag(&variant_ptrs))
        };
        let shape = match tag {
            Some((tag, values)) => Shape::Tagged {
                variants: self.tagged_variants(&variant_ptrs, &tag, values),
                tag,
            },
            None => Shape::Untagged {
                members: self.untagged_members(&variant_ptrs, exclude),
            },
        };
        self.define(id, shape)
    }

    /// The variants of a tagged union, each lowered without the tag property (emit puts
    /// it back). A variant that declares nothing (Gladly's `PING` event, a title and a
    /// description) gets a struct of the properties all the others declare, optional.
    fn tagged_variants(
        &mut self,
        variant_ptrs: &[String],
        tag: &str,
        values: Vec<String>,
    ) -> Vec<TaggedVariant<super::space::TypeId>> {
        let envelope = self.envelope(variant_ptrs, tag);
        let mut taken = BTreeSet::from(["Unknown".to_owned()]);
        let mut variants = Vec::new();
        for (variant_ptr, tag_value) in variant_ptrs.iter().zip(values) {
            let resolved = self.resolve(variant_ptr);
            let schema = resolved.as_ref().map(|r| r.schema);
            let variant_name = match schema.and_then(|s| s.get("title")).and_then(Value::as_str) {
                Some(title) => self.namer.rules.title_name(title),
                None => ident::type_name(&tag_value.to_lowercase()),
            };
            let has_fields = schema.is_some_and(|s| {
                has_properties(s) || s.contains_key("oneOf") || s.contains_key("allOf")
            });
            let ty = match resolved.as_ref() {
                _ if has_fields => self.lower_excluding(variant_ptr, Some(tag)),
                Some(resolved) => {
                    let ptr = resolved.ptr.clone();
                    self.lower_envelope(&ptr, tag, &envelope)
                }
                None => TypeRef::JsonObject,
            };
            variants.push(TaggedVariant {
                name: ident::unique(variant_name, &mut taken),
                tag_value,
                ty,
                boxed: false,
                doc: schema.and_then(doc_of),
            });
        }
        variants
    }

    /// The properties (but the tag) that every variant declaring properties declares
    /// alike, in the first such variant's order, each with the pointer of its first
    /// declaration. "Alike": the same schema once `$ref`s are followed and
    /// documentation keys left aside, so that the field's type fits every variant's
    /// value (Gladly's events all have an `id` string, but a `content` of their own).
    /// Empty when fewer than two variants declare properties: one variant's fields are
    /// no envelope. A look-ahead: the variants are lowered (and reported) by the caller.
    fn envelope(&self, variant_ptrs: &[String], tag: &str) -> Vec<(String, String)> {
        let declaring: Vec<(String, &Map<String, Value>)> = variant_ptrs
            .iter()
            .filter_map(|ptr| self.resolver.resolve(ptr).ok())
            .filter_map(|resolved| {
                let properties = resolved.schema.get("properties")?.as_object()?;
                (!properties.is_empty()).then_some((resolved.ptr, properties))
            })
            .collect();
        if declaring.len() < 2 {
            return Vec::new();
        }
        // A property's schema, through its `$ref`s and without documentation.
        let shape_of = |variant: &str, wire: &str| -> Option<Map<String, Value>> {
            let ptr = pointer::child(&format!("{variant}/properties"), wire);
            let mut schema = self.resolver.resolve(&ptr).ok()?.schema.clone();
            for key in [
                "title",
                "description",
                "example",
                "examples",
                "externalDocs",
            ] {
                schema.remove(key);
            }
            Some(schema)
        };
        let Some((first_ptr, first)) = declaring.first() else {
            return Vec::new();
        };
        first
            .keys()
            .filter(|wire| *wire != tag)
            .filter(|wire| {
                let shape = shape_of(first_ptr, wire);
                shape.is_some()
                    && declaring
                        .iter()
                        .all(|(ptr, _)| shape_of(ptr, wire) == shape)
            })
            .map(|wire| {
                let ptr = pointer::child(&format!("{first_ptr}/properties"), wire);
                (wire.clone(), ptr)
            })
            .collect()
    }

    /// The variants of an untagged union, in spec order; two variants of one type are
    /// one. Their names are settled with the type names (a variant without a title is
    /// named after the type it holds).
    pub(super) fn untagged_members(
        &mut self,
        variant_ptrs: &[String],
        exclude: Option<&str>,
    ) -> Vec<Member> {
        let mut members: Vec<Member> = Vec::new();
        for (index, variant_ptr) in variant_ptrs.iter().enumerate() {
            // A look-ahead: the variant is lowered (and reported) just below.
            let schema = self.resolver.resolve(variant_ptr).ok().map(|r| r.schema);
            let ty = self.lower_excluding(variant_ptr, exclude);
            if members.iter().any(|m| m.ty == ty) {
                continue;
            }
            let title = schema.and_then(|s| s.get("title")).and_then(Value::as_str);
            let name = match (title, &ty) {
                (Some(title), _) => MemberName::Given(self.namer.rules.title_name(title)),
                (None, TypeRef::Named(id)) => MemberName::OfType(*id),
                (None, other) => MemberName::Given(primitive_variant_name(other, index)),
            };
            members.push(Member {
                name,
                ty,
                boxed: false,
                doc: schema.and_then(doc_of),
                specificity: schema.map_or((0, 0), specificity),
            });
        }
        members
    }

    /// The tag of a union with an explicit `discriminator`: each variant's value comes
    /// from the `mapping` (value -> `$ref`), else, for a `$ref`'d variant, from the name
    /// of the schema it points to, else from a one-value `enum` in the variant.
    fn discriminator(
        &mut self,
        ptr: &str,
        variant_ptrs: &[String],
    ) -> Option<(String, Vec<String>)> {
        let discriminator = self.resolver.node(ptr)?.get("discriminator")?;
        let tag = discriminator
            .get("propertyName")
            .and_then(Value::as_str)?
            .to_owned();
        let mapping: Vec<(&String, &str)> = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(value, target)| Some((value, target.as_str()?)))
            .collect();
        let mut values = Vec::new();
        for variant_ptr in variant_ptrs {
            let reference = self
                .resolver
                .node(variant_ptr)
                .and_then(|v| v.get("$ref"))
                .and_then(Value::as_str);
            let value = match reference {
                Some(reference) => {
                    // A mapping target is a `$ref` or, as a shorthand, a schema name.
                    let name = reference.rsplit('/').next().unwrap_or_default();
                    mapping
                        .iter()
                        .find(|(_, target)| *target == reference || *target == name)
                        .map_or_else(|| name.to_owned(), |(value, _)| (*value).clone())
                }
                None => self.tag_value(variant_ptr, &tag, 0)?,
            };
            values.push(value);
        }
        let distinct: BTreeSet<&String> = values.iter().collect();
        if distinct.len() != values.len() {
            self.diags.push(Diagnostic::warning(
                "ambiguous-discriminator",
                format!("{ptr}/discriminator"),
                "two variants map to the same discriminator value; read as an untagged union",
            ));
            return None;
        }
        Some((tag, values))
    }

    /// Finds the property that tags every variant, with each variant's tag value: the
    /// settings' `union-tags` first, in order, then the properties of the first variant
    /// in the order it declares them.
    fn find_tag(&self, variant_ptrs: &[String]) -> Option<(String, Vec<String>)> {
        if variant_ptrs.len() < 2 {
            return None;
        }
        let first = self.resolver.resolve(variant_ptrs.first()?).ok();
        let mut candidates = self.namer.rules.union_tags.clone();
        let properties = first.and_then(|r| r.schema.get("properties")?.as_object());
        for key in properties.into_iter().flat_map(|p| p.keys()) {
            if !candidates.contains(key) {
                candidates.push(key.clone());
            }
        }
        candidates.into_iter().find_map(|tag| {
            let values: Option<Vec<String>> = variant_ptrs
                .iter()
                .map(|variant_ptr| self.tag_value(variant_ptr, &tag, 0))
                .collect();
            let values = values?;
            let distinct: BTreeSet<&String> = values.iter().collect();
            (distinct.len() == values.len()).then_some((tag, values))
        })
    }

    /// The one value a variant allows for `tag`: from a one-value `enum`, from the shared
    /// tag of all the variants of a nested `oneOf`, or, with the settings'
    /// `tag-from-title`, for a variant that declares no properties at all, from a title
    /// written like a tag value (`PING`). A look-ahead: problems are reported when the
    /// variant is lowered.
    fn tag_value(&self, ptr: &str, tag: &str, depth: usize) -> Option<String> {
        let resolved = self.resolver.resolve(ptr).ok()?;
        let schema = resolved.schema;
        if let Some(nested) = schema.get("oneOf").and_then(Value::as_array) {
            if depth > MAX_TAG_DEPTH {
                return None;
            }
            let mut shared: Option<String> = None;
            for index in 0..nested.len() {
                let nested_ptr = format!("{}/oneOf/{index}", resolved.ptr);
                let value = self.tag_value(&nested_ptr, tag, depth + 1)?;
                match &shared {
                    Some(existing) if *existing != value => return None,
                    _ => shared = Some(value),
                }
            }
            return shared;
        }
        let property_ptr = pointer::child(&format!("{}/properties", resolved.ptr), tag);
        if self.resolver.node(&property_ptr).is_some() {
            let property = self.resolver.resolve(&property_ptr).ok()?;
            let values = property.schema.get("enum").and_then(Value::as_array)?;
            return match values.as_slice() {
                [Value::String(one)] => Some(one.clone()),
                _ => None,
            };
        }
        if !self.namer.rules.tag_from_title {
            return None;
        }
        let title = schema.get("title").and_then(Value::as_str)?;
        let looks_like_tag = !has_properties(schema)
            && !title.is_empty()
            && title
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '/');
        looks_like_tag.then(|| title.to_owned())
    }
}

/// The name of an untitled variant holding a plain value.
fn primitive_variant_name(ty: &Ty, index: usize) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F64 => "Number".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::Timestamp => "Timestamp".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) | TypeRef::JsonObject => "Object".into(),
        _ => format!("Variant{index}"),
    }
}

/// (required properties, all properties): a larger pair is more specific.
fn specificity(schema: &Map<String, Value>) -> (usize, usize) {
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    (required, properties)
}

#[cfg(test)]
#[path = "unions_tests.rs"]
mod tests;
