//! The server's side of sync: a pushed row written to the shop's table and
//! to the change stream (with the conflict it may make), the changes after a
//! cursor, and the conflicts list.

use std::collections::HashMap;

use postgres::{Client, Statement, Transaction};

use super::server::ServerUrl;
use super::status::Conflict;
use super::sync::same_json;
use super::tables::Table;
use crate::error::Result;
use crate::shop_time::ShopClock;

/// A push in progress: one server transaction, its statements prepared
/// once each (a statement sent as text is a round trip more per row).
pub(crate) struct Wire<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    url: &'a ServerUrl,
    me: &'a str,
    prepared: HashMap<String, Statement>,
}

/// Goods that left the shelf cannot be un-sent: an order row that would
/// take a fulfilled (completed, refunded) order back to an earlier status
/// or cancel it, written without seeing the fulfilment, is refused.
fn impossible(t: &Table, theirs: Option<&str>, ours: Option<&str>) -> bool {
    if t.name != "orders" {
        return false;
    }
    let status = |row: Option<&str>| -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(row?).ok()?;
        v["status"].as_str().map(str::to_string)
    };
    let left =
        |s: &Option<String>| matches!(s.as_deref(), Some("fulfilled" | "completed" | "refunded"));
    let (theirs, ours) = (status(theirs), status(ours));
    left(&theirs) && !left(&ours)
}

/// One change in the server's stream.
pub(crate) struct Change {
    pub seq: i64,
    pub tx: String,
    pub terminal: String,
    pub tbl: String,
    pub key: String,
    pub row: Option<String>,
}

impl<'a, 'b> Wire<'a, 'b> {
    pub fn new(tx: &'a mut Transaction<'b>, url: &'a ServerUrl, me: &'a str) -> Self {
        Wire {
            tx,
            url,
            me,
            prepared: HashMap::new(),
        }
    }

    /// Writes this terminal's row (None: deleted) and its change. Returns 1
    /// when it met another terminal's change this one had not pulled
    /// (listed as a conflict), else 0. A move that became impossible there
    /// (an order cancelled here that the other terminal fulfilled) is not
    /// written at all: listed as refused, and the pull brings the other.
    pub fn put(
        &mut self,
        t: &Table,
        key: &str,
        row: Option<&str>,
        seen: (&str, i64),
    ) -> Result<u64> {
        let url = self.url;
        let conflict = self
            .overwrites(t, key, seen)?
            .filter(|(_, lost)| !same_json(lost.as_deref(), row));
        if let Some((other, theirs)) = &conflict {
            let refused = impossible(t, theirs.as_deref(), row);
            let (kind, kept, kept_row, lost, lost_row) = if refused {
                ("refused", other.as_str(), theirs.as_deref(), self.me, row)
            } else {
                (
                    "overwritten",
                    self.me,
                    row,
                    other.as_str(),
                    theirs.as_deref(),
                )
            };
            let note = self.prepared(
                "INSERT INTO storefront_conflicts(at, tbl, key, kind, kept_terminal, kept_row, lost_terminal, lost_row)
                 VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8::text::jsonb)",
            )?;
            self.tx
                .execute(
                    &note,
                    &[
                        &crate::shop_time::now(),
                        &t.name,
                        &key,
                        &kind,
                        &kept,
                        &kept_row,
                        &lost,
                        &lost_row,
                    ],
                )
                .map_err(|e| url.failed(&e))?;
            if refused {
                return Ok(1);
            }
        }
        match row {
            Some(json) => {
                let stmt = self.prepared(&t.server_upsert())?;
                self.tx
                    .execute(&stmt, &[&json])
                    .map_err(|e| url.failed(&e))?;
            }
            None => {
                let sql = format!("DELETE FROM \"{}\" WHERE {}", t.name, t.server_key_match());
                let stmt = self.prepared(&sql)?;
                self.tx
                    .execute(&stmt, &[&key])
                    .map_err(|e| url.failed(&e))?;
            }
        }
        let change = self.prepared(
            "INSERT INTO storefront_changes(terminal, tbl, key, row) VALUES ($1, $2, $3, $4::text::jsonb)",
        )?;
        self.tx
            .execute(&change, &[&self.me, &t.name, &key, &row])
            .map_err(|e| url.failed(&e))?;
        Ok(u64::from(conflict.is_some()))
    }

    /// The other terminal and the row it wrote, when the row's last change
    /// came from another terminal after this one's cursor.
    fn overwrites(
        &mut self,
        t: &Table,
        key: &str,
        seen: (&str, i64),
    ) -> Result<Option<(String, Option<String>)>> {
        let latest = self.prepared(
            "SELECT terminal, (tx, seq) > ($3::text::xid8, $4) FROM storefront_changes
             WHERE tbl = $1 AND key = $2 ORDER BY seq DESC LIMIT 1",
        )?;
        let last = self
            .tx
            .query_opt(&latest, &[&t.name, &key, &seen.0, &seen.1])
            .map_err(|e| self.url.failed(&e))?;
        let Some(last) = last else { return Ok(None) };
        let (other, unseen): (String, bool) = (last.get(0), last.get(1));
        if other == self.me || !unseen {
            return Ok(None);
        }
        let sql = format!(
            "SELECT to_jsonb(r)::text FROM \"{}\" r WHERE {}",
            t.name,
            t.server_key_match()
        );
        let lost = self
            .tx
            .query_opt(&sql, &[&key])
            .map_err(|e| self.url.failed(&e))?
            .map(|r| r.get(0));
        Ok(Some((other, lost)))
    }

    fn prepared(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.tx.prepare(sql).map_err(|e| self.url.failed(&e))?;
        self.prepared.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    /// Up to `limit` changes after the cursor, from transactions older than
    /// every one still running: a transaction that commits late has a
    /// smaller `tx` than the cursor can have passed, so it is never skipped.
    /// A change a later one in the same window (by `seq`, the order rows
    /// were written on the server) has replaced is left out: each row
    /// arrives as it now is, and a terminal's own later write is not undone
    /// by an older one. A later change not yet in the window does not hide
    /// an earlier one: a row inserted then changed is not missing meanwhile.
    pub fn changes_after(
        client: &mut Client,
        url: &ServerUrl,
        tx: &str,
        seq: i64,
        limit: i64,
    ) -> Result<Vec<Change>> {
        let rows = client
            .query(
                "SELECT seq, tx::text, terminal, tbl, key, row::text FROM storefront_changes c
                 WHERE tx < pg_snapshot_xmin(pg_current_snapshot()) AND (tx, seq) > ($1::text::xid8, $2)
                   AND NOT EXISTS (SELECT 1 FROM storefront_changes n
                                   WHERE n.tbl = c.tbl AND n.key = c.key AND n.seq > c.seq
                                     AND n.tx < pg_snapshot_xmin(pg_current_snapshot()))
                 ORDER BY tx, seq LIMIT $3",
                &[&tx, &seq, &limit],
            )
            .map_err(|e| url.failed(&e))?;
        Ok(rows
            .iter()
            .map(|r| Change {
                seq: r.get(0),
                tx: r.get(1),
                terminal: r.get(2),
                tbl: r.get(3),
                key: r.get(4),
                row: r.get(5),
            })
            .collect())
    }

    pub fn conflicts(
        client: &mut Client,
        url: &ServerUrl,
        clock: &ShopClock,
    ) -> Result<Vec<Conflict>> {
        let rows = client
            .query(
                "SELECT c.seq, c.at, c.tbl, c.key, COALESCE(k.name, c.kept_terminal), c.kept_row::text,
                        COALESCE(l.name, c.lost_terminal), c.lost_row::text, c.kind
                 FROM storefront_conflicts c
                 LEFT JOIN storefront_terminals k ON k.id = c.kept_terminal
                 LEFT JOIN storefront_terminals l ON l.id = c.lost_terminal
                 WHERE c.resolved_at IS NULL
                 ORDER BY c.seq DESC",
                &[],
            )
            .map_err(|e| url.failed(&e))?;
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(rows
            .iter()
            .map(|r| Conflict {
                seq: r.get(0),
                at: clock.format(r.get(1)),
                table: r.get(2),
                key: r.get(3),
                kept_terminal: r.get(4),
                kept_row: json(r.get(5)),
                lost_terminal: r.get(6),
                lost_row: json(r.get(7)),
                kind: r.get(8),
            })
            .collect())
    }
}
