//! Search keys: merchants type pinyin, as initials (`smt` finds 水蜜桃) or in
//! full (`shuimi`). Product and customer names are indexed with both, in
//! their `pinyin` columns, so a plain `LIKE` finds them.

use pinyin::ToPinyin;
use rusqlite::{params, Connection};

use crate::error::Result;

/// `"smt shuimitao"` for 水蜜桃; letters and digits are kept, lower-case,
/// so `"iPhone壳"` gives `"iphonek iphoneke"`.
pub fn pinyin_key(name: &str) -> String {
    let (mut initials, mut full) = (String::new(), String::new());
    for (c, py) in name.chars().zip(name.to_pinyin()) {
        match py {
            Some(p) => {
                initials.push_str(p.first_letter());
                full.push_str(p.plain());
            }
            None if c.is_alphanumeric() => {
                initials.extend(c.to_lowercase());
                full.extend(c.to_lowercase());
            }
            None => {}
        }
    }
    if initials == full {
        initials
    } else {
        format!("{initials} {full}")
    }
}

/// A `LIKE … ESCAPE '\'` pattern that finds `query` anywhere, with `%`
/// and `_` meaning themselves: a search for `_` finds names with `_` in
/// them, not everything. Empty for an empty query.
pub fn contains_pattern(query: &str) -> String {
    let q = query.trim();
    if q.is_empty() {
        return String::new();
    }
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Fills the keys of products and customers written without one (by an
/// older version, the demo generator or a bulk import).
pub fn fill_missing(conn: &Connection) -> Result<usize> {
    let mut filled = 0;
    for (table, name) in [("products", "name"), ("customers", "name")] {
        let rows: Vec<(String, String)> = conn
            .prepare(&format!(
                "SELECT id, {name} FROM {table} WHERE pinyin = '' AND {name} <> ''"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update = conn.prepare(&format!("UPDATE {table} SET pinyin = ?2 WHERE id = ?1"))?;
        for (id, text) in rows {
            let key = pinyin_key(&text);
            if !key.is_empty() {
                filled += update.execute(params![id, key])?;
            }
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::pinyin_key;

    #[test]
    fn wildcards_mean_themselves() {
        assert_eq!(super::contains_pattern(" _ "), "%\\_%");
        assert_eq!(super::contains_pattern("5%"), "%5\\%%");
        assert_eq!(super::contains_pattern(""), "");
    }

    #[test]
    fn initials_and_full_pinyin() {
        assert_eq!(pinyin_key("水蜜桃"), "smt shuimitao");
        assert_eq!(
            pinyin_key("阳山水蜜桃 5斤"),
            "yssmt5j yangshanshuimitao5jin"
        );
        assert_eq!(pinyin_key("Amy"), "amy");
        assert_eq!(pinyin_key(""), "");
    }
}
