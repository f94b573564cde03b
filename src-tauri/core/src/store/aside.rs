//! Parts of the schema set aside for a bulk step and made again after it:
//! the rollups' triggers (`rollups::without_triggers`), and a table's
//! indexes while the step changes most of its rows. SQLite keeps an index
//! row by row, a b-tree
//! descent to take each old entry out and another to put the new one in;
//! building the index again is one sort. Reconcile's pass over a year's
//! bill, a merchant's history brought in at once, moves most orders from
//! awaiting payment to paid: three indexes kept row by row were 3.4 s of a
//! million orders, built again 1.7 s (#18).

use rusqlite::Connection;

use crate::error::Result;

/// Runs `f`, which changes `columns` of `changing` rows of `table`. When
/// that is at least half the table, the indexes holding one of those
/// columns (as a key, or in a partial index's condition) are dropped first
/// and built again after from their own definitions, whether `f` succeeds
/// or not: the transaction holds the same indexes either way.
pub(crate) fn indexes<T>(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    changing: usize,
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })?;
    if (changing as i64).saturating_mul(2) < rows {
        return f();
    }
    let mut aside = Vec::new();
    for (name, sql) in holding(conn, table, columns)? {
        // An index whose rows cannot be counted is kept: row by row is
        // slower, never wrong.
        if worth_building(conn, table, &name, &sql, changing).unwrap_or(false) {
            aside.push((name, sql));
        }
    }
    without(conn, "INDEX", &aside, f)
}

/// Runs `f` with `objects` (name and definition) of a `kind` (`INDEX`,
/// `TRIGGER`) dropped, and makes them again whatever `f` did: the
/// transaction holds the same schema after as before.
pub(crate) fn without<T>(
    conn: &Connection,
    kind: &str,
    objects: &[(String, String)],
    f: impl FnOnce() -> Result<T>,
) -> Result<T> {
    for (name, _) in objects {
        conn.execute_batch(&format!("DROP {kind} \"{name}\""))?;
    }
    let out = f();
    for (_, sql) in objects {
        conn.execute_batch(sql)?;
    }
    out
}

/// The indexes of `table` (name and definition) that name one of `columns`;
/// those a constraint made (UNIQUE, a primary key) have no definition and
/// stay.
fn holding(conn: &Connection, table: &str, columns: &[&str]) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
    )?;
    let all = stmt
        .query_map([table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(all
        .into_iter()
        .filter(|(_, sql)| columns.iter().any(|c| names(sql, c)))
        .collect())
}

/// Whether an index is quicker built again than kept through `changing`
/// rows: a whole-table one always is here; a partial one (`WHERE …`) holding
/// few rows is kept, as building it reads the whole table for them (the
/// leaders' and referrers' orders of a shop that has none).
fn worth_building(
    conn: &Connection,
    table: &str,
    name: &str,
    sql: &str,
    changing: usize,
) -> Result<bool> {
    let Some(at) = words(sql, "WHERE").last() else {
        return Ok(true);
    };
    let held: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM \"{table}\" INDEXED BY \"{name}\" {}",
            &sql[at..]
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(held.saturating_mul(2) >= changing as i64)
}

/// Whether `sql` names `column` as a word of its own (`status`, not
/// `status_text`).
fn names(sql: &str, column: &str) -> bool {
    words(sql, column).next().is_some()
}

/// Where `word` stands in `sql` as a word of its own.
fn words<'a>(sql: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let inside = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    sql.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| {
            !inside(sql[..at].chars().next_back()) && !inside(sql[at + word.len()..].chars().next())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;
    use crate::testing::{peach_order, peach_shop};

    fn all(conn: &Connection) -> Vec<(String, String)> {
        conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_column_is_named_as_a_word_of_its_own() {
        let sql = "CREATE INDEX x ON payments(status_text, occurred_at) WHERE paid_fen > 0";
        assert!(!names(sql, "status"));
        assert!(names(sql, "paid_fen"));
        assert!(!names(sql, "fen"));
        assert!(names("CREATE INDEX y ON orders(status)", "status"));
    }

    /// The indexes are the same after the step as before, when it worked
    /// and when it failed; a step over a few rows leaves them in place, and
    /// so does one over a partial index that holds few of them.
    #[test]
    fn indexes_set_aside_come_back_as_they_were() {
        let (_dir, mut store) = peach_shop();
        store
            .write(|w| crate::checkout::create(w, &peach_order("王阿姨", 1)))
            .unwrap();
        let conn = store.conn();
        let before = all(conn);
        let names =
            |conn: &Connection| -> Vec<String> { all(conn).into_iter().map(|(n, _)| n).collect() };
        let during = indexes(conn, "orders", &["status"], 1, || Ok(names(conn))).unwrap();
        assert!(!during.contains(&"orders_status".to_string()), "{during:?}");
        // The one order awaits payment: the unpaid index holds it, the
        // leaders' holds nothing.
        assert!(!during.contains(&"orders_unpaid".to_string()), "{during:?}");
        assert!(during.contains(&"orders_leader".to_string()), "{during:?}");
        let failed = indexes(conn, "orders", &["paid_fen"], 1, || {
            Err::<(), _>(CoreError::Cancelled)
        });
        assert!(failed.is_err());
        assert_eq!(all(conn), before);
        let few = indexes(conn, "orders", &["status"], 0, || Ok(names(conn))).unwrap();
        assert_eq!(few.len(), before.len());
        assert_eq!(all(conn), before);
    }
}
