//! Walks a JSON document as it streams in to the list at a path of keys and
//! hands each element to a callback, so a 50,000-item feed never sits in
//! memory as one tree. Errors carry serde_json's line and column.

use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::error::{CoreError, Result};

/// Calls `f` for every element of the list at `path` (`[]`: the document is
/// the list); says how many there were. A document without the list, or
/// with something else there, is a feed of the wrong shape.
pub fn for_each<T: DeserializeOwned>(
    body: &mut dyn Read,
    path: &[&str],
    mut f: impl FnMut(T) -> Result<()>,
) -> Result<usize> {
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(64 * 1024, body));
    let mut failure = None;
    let seed = AtPath {
        path,
        f: &mut f,
        failure: &mut failure,
        item: PhantomData,
    };
    let found = seed
        .deserialize(&mut de)
        .and_then(|found| de.end().map(|_| found));
    if let Some(e) = failure {
        return Err(e);
    }
    match found {
        Ok(Some(n)) => Ok(n),
        Ok(None) => Err(CoreError::Feed(format!(
            "wrong shape: no list at `{}`",
            if path.is_empty() {
                "(top)".to_string()
            } else {
                path.join(".")
            }
        ))),
        Err(e) if e.is_io() => Err(CoreError::Feed(format!("reading the response: {e}"))),
        Err(e) => Err(CoreError::Feed(format!(
            "not valid JSON of the expected shape at line {} column {}: {}",
            e.line(),
            e.column(),
            strip_position(&e)
        ))),
    }
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

struct AtPath<'a, F, T> {
    path: &'a [&'a str],
    f: &'a mut F,
    /// The callback's own error, kept whole (serde would flatten it).
    failure: &'a mut Option<CoreError>,
    item: PhantomData<T>,
}

impl<'de, F: FnMut(T) -> Result<()>, T: DeserializeOwned> DeserializeSeed<'de>
    for AtPath<'_, F, T>
{
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        if self.path.is_empty() {
            d.deserialize_seq(self)
        } else {
            d.deserialize_map(self)
        }
    }
}

impl<'de, F: FnMut(T) -> Result<()>, T: DeserializeOwned> Visitor<'de> for AtPath<'_, F, T> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str("a list of items")
        } else {
            write!(f, "an object with `{}`", self.path[0])
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut n = 0;
        while let Some(item) = seq.next_element::<T>()? {
            n += 1;
            if let Err(e) = (self.f)(item) {
                *self.failure = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(Some(n))
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.path[0] && found.is_none() {
                let inner = AtPath {
                    path: &self.path[1..],
                    f: &mut *self.f,
                    failure: &mut *self.failure,
                    item: PhantomData,
                };
                found = map.next_value_seed(inner)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(json: &str, path: &[&str]) -> Result<Vec<i64>> {
        let mut out = vec![];
        for_each::<i64>(&mut json.as_bytes(), path, |v| {
            out.push(v);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn finds_the_list_wherever_the_path_says() {
        assert_eq!(run("[1,2,3]", &[]).unwrap(), vec![1, 2, 3]);
        assert_eq!(
            run(
                r#"{"meta":{"x":[9]},"data":{"items":[4,5]}}"#,
                &["data", "items"]
            )
            .unwrap(),
            vec![4, 5]
        );
    }

    #[test]
    fn wrong_shapes_and_bad_json_say_where() {
        let e = run(r#"{"other":[1]}"#, &["products"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("wrong shape"), "{e}");
        let e = run("{\"products\":\n[1, 2,", &["products"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
        let e = run(r#"{"products":{"a":1}}"#, &["products"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected") || e.contains("invalid type"), "{e}");
    }
}
