//! Rows on their way between the shop file and the server: read from SQLite
//! by their column's kind, written and read as PostgreSQL's COPY text, and
//! hashed the same way on both sides for the digest.

use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

use super::tables::{Kind, Table};
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// A SQLite value as its column's kind says; anything else (text in an
    /// integer column, a real) is named rather than carried changed.
    pub fn from_sqlite(v: ValueRef, kind: Kind, table: &str, column: &str) -> Result<Value> {
        Ok(match (v, kind) {
            (ValueRef::Null, _) => Value::Null,
            (ValueRef::Integer(i), Kind::Integer) => Value::Int(i),
            (ValueRef::Text(t), Kind::Text) => Value::Text(String::from_utf8_lossy(t).into()),
            (ValueRef::Blob(b), Kind::Blob) => Value::Blob(b.to_vec()),
            (other, _) => {
                return Err(CoreError::Server(format!(
                    "{table}.{column}: the value {:?} is not of the column's type ({kind:?}); run `storefront check` and repair the row first",
                    other.data_type()
                )))
            }
        })
    }

    pub fn to_sql(&self) -> rusqlite::types::Value {
        use rusqlite::types::Value as V;
        match self {
            Value::Null => V::Null,
            Value::Int(i) => V::Integer(*i),
            Value::Text(t) => V::Text(t.clone()),
            Value::Blob(b) => V::Blob(b.clone()),
        }
    }

    /// One field of COPY's text format.
    pub fn write_copy(&self, out: &mut Vec<u8>) {
        match self {
            Value::Null => out.extend_from_slice(b"\\N"),
            Value::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
            Value::Text(t) => escape(t.as_bytes(), out),
            Value::Blob(b) => {
                out.extend_from_slice(b"\\\\x");
                for byte in b {
                    out.extend_from_slice(format!("{byte:02x}").as_bytes());
                }
            }
        }
    }

    /// One field of COPY's text format back into a value of `kind`.
    pub fn read_copy(field: &[u8], kind: Kind) -> Result<Value> {
        if field == b"\\N" {
            return Ok(Value::Null);
        }
        let raw = unescape(field);
        let bad = || {
            CoreError::Server(format!(
                "the server sent {:?} for a {kind:?} column",
                String::from_utf8_lossy(field)
            ))
        };
        Ok(match kind {
            Kind::Integer => Value::Int(
                std::str::from_utf8(&raw)
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(bad)?,
            ),
            Kind::Text => Value::Text(String::from_utf8(raw).map_err(|_| bad())?),
            Kind::Blob => {
                Value::Blob(unhex(raw.strip_prefix(b"\\x").ok_or_else(bad)?).ok_or_else(bad)?)
            }
        })
    }

    /// The value's bytes in the digest: a tag, then a fixed-width integer or
    /// a length and the bytes, so no two rows can run together.
    fn hash_into(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update([0u8]),
            Value::Int(i) => {
                h.update([1u8]);
                h.update(i.to_be_bytes());
            }
            Value::Text(t) => tagged(h, 2, t.as_bytes()),
            Value::Blob(b) => tagged(h, 3, b),
        }
    }
}

fn tagged(h: &mut Sha256, tag: u8, bytes: &[u8]) {
    h.update([tag]);
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

fn escape(bytes: &[u8], out: &mut Vec<u8>) {
    for &b in bytes {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => out.push(b),
        }
    }
}

/// The server escapes only these in text COPY output; its octal forms are
/// for input and not produced.
fn unescape(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut bytes = field.iter();
    while let Some(&b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(b't') => out.push(b'\t'),
            Some(b'b') => out.push(8),
            Some(b'f') => out.push(12),
            Some(b'v') => out.push(11),
            Some(&other) => out.push(other),
            None => out.push(b'\\'),
        }
    }
    out
}

fn unhex(hex: &[u8]) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

/// One COPY text line into the table's values, in column order.
pub(crate) fn read_line(line: &[u8], kinds: &[Kind]) -> Result<Vec<Value>> {
    let fields: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
    if fields.len() != kinds.len() {
        return Err(CoreError::Server(format!(
            "the server sent a row of {} fields where {} were expected",
            fields.len(),
            kinds.len()
        )));
    }
    fields
        .iter()
        .zip(kinds)
        .map(|(f, k)| Value::read_copy(f, *k))
        .collect()
}

/// A table's rows as a multiset: each row hashed, the hashes added. The same
/// rows give the same sum in any order, so SQLite and PostgreSQL need not
/// agree on how to sort text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct RowSum {
    pub rows: u64,
    sum: [u64; 4],
}

impl RowSum {
    pub fn add(&mut self, row: &[Value]) {
        let mut h = Sha256::new();
        for v in row {
            v.hash_into(&mut h);
        }
        let hash = h.finalize();
        for (i, part) in hash.chunks_exact(8).enumerate() {
            let mut word = [0u8; 8];
            word.copy_from_slice(part);
            self.sum[i] = self.sum[i].wrapping_add(u64::from_be_bytes(word));
        }
        self.rows += 1;
    }

    /// Folds this table's sum into the shop's digest.
    pub fn fold(&self, table: &Table, shop: &mut Sha256) {
        tagged(shop, 0, table.name.as_bytes());
        shop.update(self.rows.to_be_bytes());
        for w in self.sum {
            shop.update(w.to_be_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_carries_every_value_back_unchanged() {
        let values = [
            (
                Value::Text("王阿姨\t备注\n第二行 \\ 反斜杠\r".into()),
                Kind::Text,
            ),
            (Value::Text(String::new()), Kind::Text),
            (Value::Text("\\N".into()), Kind::Text),
            (Value::Int(i64::MIN), Kind::Integer),
            (Value::Null, Kind::Integer),
            (Value::Blob(vec![0, 1, 0xfe, b'\\', b'\t']), Kind::Blob),
        ];
        for (v, kind) in values {
            let mut out = Vec::new();
            v.write_copy(&mut out);
            // The server reads `\\x…` as the bytea text `\x…` and writes it
            // back the same way: the round trip is the same bytes.
            assert_eq!(Value::read_copy(&out, kind).unwrap(), v, "{out:?}");
        }
    }

    #[test]
    fn a_row_sum_ignores_order_but_not_content() {
        let a = [Value::Int(1), Value::Text("a".into())];
        let b = [Value::Int(2), Value::Null];
        let (mut x, mut y, mut z) = (RowSum::default(), RowSum::default(), RowSum::default());
        x.add(&a);
        x.add(&b);
        y.add(&b);
        y.add(&a);
        z.add(&a);
        z.add(&[Value::Int(2), Value::Text(String::new())]);
        assert_eq!(x, y);
        assert_ne!(x, z);
    }
}
