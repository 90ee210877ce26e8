//! Reading JSON as the phone does: [`from_str`] is `serde_json::from_str` for JSON whose structs are
//! objects, which is all JSON the server and the phone write.
//!
//! Why: serde_json reads a struct from an object or, just as well, from an array of its fields in order, so
//! every derived `Deserialize` links a second reader of each struct (its `visit_seq`) that no JSON of this
//! product ever uses. In the PWA's wasm that is a few kilobytes brotli of the first load. Here the
//! deserializer is wrapped, all the way down, so that a struct (and a struct variant of an enum) is asked
//! for as a map: serde_json's map reader calls only `visit_map`, and the array form is never instantiated.
//! Everything else is handed through unchanged. A struct written as an array is refused ("invalid type:
//! sequence, expected struct ..."), where serde_json would have read it.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// Reads `json` into `T`, reading structs from objects only (see the module's text).
pub fn from_str<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    let mut reader = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(ObjectsOnly(&mut reader))?;
    reader.end()?;
    Ok(value)
}

/// A deserializer that reads structs as maps, and hands the same wrapper to everything it reads within.
struct ObjectsOnly<D>(D);

/// A visitor, seed, or access handed through with the wrapper around what it deserializes next.
struct Wrap<T>(T);

/// A struct variant's fields, read as a map.
struct FieldsAsMap<V>(V);

macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq
        deserialize_map deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }

    /// The point of the wrapper: a struct is read as a map.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visit! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64 visit_i128: i128
        visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64 visit_u128: u128 visit_f32: f32
        visit_f64: f64 visit_char: char visit_str: &str visit_borrowed_str: &'de str
        visit_string: String visit_bytes: &[u8] visit_borrowed_bytes: &'de [u8]
        visit_byte_buf: Vec<u8>
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(ObjectsOnly(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(ObjectsOnly(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Wrap(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Wrap(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Wrap(data))
    }
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Wrap<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(ObjectsOnly(deserializer))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Wrap(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<A> {
    type Error = A::Error;

    /// Keys are names and texts (field names, question ids): handed through as they are.
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Wrap(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Wrap<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Wrap<A::Variant>), A::Error> {
        self.0
            .variant_seed(seed)
            .map(|(name, variant)| (name, Wrap(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Wrap(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    /// `{"variant": {...}}`: the variant's value is read as a map, like a struct.
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.newtype_variant_seed(FieldsAsMap(visitor))
    }
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for FieldsAsMap<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        deserializer.deserialize_map(Wrap(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Condition;
    use crate::device::DeviceEvaluation;
    use crate::evaluation::Answer;
    use crate::protocol::{AssignmentsResponse, ErrorBody};
    use crate::testing;

    /// What serde_json reads, this reads the same, for every shape the product's records use.
    fn same<T: DeserializeOwned + PartialEq + fmt::Debug>(json: &str) -> T {
        let ours: T = from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(ours, serde_json::from_str::<T>(json).unwrap());
        ours
    }

    #[test]
    fn reads_the_records_and_answers_as_serde_json_does() {
        let questionnaire = testing::questionnaire();
        let json = serde_json::json!({
            "shopper_name": "Kari",
            "assignments": [],
            "questionnaires": [questionnaire],
            "unknown_field": [1, {"a": null}],
        })
        .to_string();
        let read: AssignmentsResponse = same(&json);
        assert_eq!(read.questionnaires, vec![testing::questionnaire()]);

        let mut evaluation = DeviceEvaluation::new(
            uuid::Uuid::from_u128(7),
            uuid::Uuid::from_u128(8),
            crate::Channel::Phone,
            &questionnaire,
            0,
        );
        evaluation.set_answer("x", Some(Answer::Choices(vec!["a".into()])), 1);
        evaluation.set_answer("y", Some(Answer::NotApplicable), 2);
        evaluation.set_answer("z", Some(Answer::Number(-3)), 3);
        same::<DeviceEvaluation>(&serde_json::to_string(&evaluation).unwrap());

        same::<ErrorBody>(
            r#"{"error":{"code":"invalid_evaluation","message":"m","problems":[{"question_id":"q","code":"missing_required","message":"må besvares"}],"current_revision":2}}"#,
        );
    }

    #[test]
    fn reads_conditions_of_every_variant() {
        let json = r#"{"all":[{"equals":{"question":"a","value":true}},{"any":[]},
            {"one_of":{"question":"b","values":["x",2]}},{"answered":{"question":"c"}},
            {"not_answered":{"question":"d"}},{"less_than":{"question":"e","value":3}},
            {"greater_than":{"question":"f","value":-1}},{"not_equals":{"question":"g","value":null}}]}"#;
        same::<Condition>(json);
    }

    #[test]
    fn refuses_what_serde_json_refuses_and_a_struct_written_as_an_array() {
        assert!(
            from_str::<Condition>(r#"{"equals":{"question":"a","value":true,"x":1}}"#).is_err()
        );
        assert!(from_str::<ErrorBody>(r#"{"error":{"code":"c"}}"#).is_err());
        assert!(from_str::<ErrorBody>(r#"{"error":{"code":"c","message":"m"}} x"#).is_err());
        assert!(from_str::<ErrorBody>(r#"[{"code":"c","message":"m"}]"#).is_err());
        assert!(serde_json::from_str::<ErrorBody>(r#"[{"code":"c","message":"m"}]"#).is_ok());
    }
}
