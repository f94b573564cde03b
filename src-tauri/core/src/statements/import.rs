//! Writing a parsed statement: one batch, every new line as a payment, in one
//! transaction. A line already imported (same wallet, same transaction id)
//! is counted as a duplicate and skipped, so overlapping files are safe.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::path::Path;

use rusqlite::{params, OptionalExtension, ToSql};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{parse, BadLine, Direction, Kind, Statement, StatementLine};
use crate::error::Result;
use crate::ids::{new_id, next_number, payment_id};
use crate::money::Money;
use crate::progress::{checkpoint, Progress};
use crate::shop_time::now;
use crate::store::{Store, Writer};
use crate::table::Why;

/// What `statements import --json` prints.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReport {
    pub format: String,
    pub rows: u32,
    pub imported: u32,
    pub duplicates: u32,
    /// Empty when every line was already there.
    pub batch_no: Option<String>,
    /// Of the lines already there, those the shop has with another amount
    /// (the first few; `differ` counts them all). The shop keeps its own:
    /// a wallet never changes a transaction's amount, so the file or the
    /// earlier one was edited, and a person should look.
    pub differing: Vec<Differing>,
    pub differ: u32,
}

/// A line whose transaction id the shop has with another amount.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Differing {
    pub line: u32,
    pub txn_id: String,
    pub in_shop: Money,
    pub in_file: Money,
}

/// How many differing lines a report lists.
const DIFFERING_LISTED: usize = 20;

pub fn import_file(
    store: &mut Store,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let bytes = crate::table::files::read_file(path)?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    import_bytes(store, &bytes, &name, progress)
}

/// Parses and imports `bytes` named `file_name` (the name is what errors and
/// the batch list show). Nothing is written unless the whole file reads.
pub fn import_bytes(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    progress.report("read", 0, 1);
    let mappings = super::mappings(store.conn())?;
    let statement = parse(bytes, &mappings).map_err(|bad| bad.in_file(file_name))?;
    if statement.lines.is_empty() {
        return Err(
            BadLine::whole("the statement has a header but no transactions")
                .because(Why::NoRows)
                .in_file(file_name),
        );
    }
    let sha: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    crate::joblog::job(
        "statement import",
        || store.write(|w| write(w, &statement, file_name, &sha, progress)),
        |r| format!("{} new, {} already in", r.imported, r.duplicates),
    )
}

fn write(
    w: &Writer,
    statement: &Statement,
    file_name: &str,
    sha: &str,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let at = now();
    let batch_id = new_id();
    let batch_no = next_number(w.tx, "batch", "B", w.clock.business_day(at))?;
    w.tx.execute(
        "INSERT INTO statement_batches(id, batch_no, format, file_name, file_sha256, rows, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
        params![batch_id, batch_no, statement.format.name(), file_name, sha, at],
    )?;
    let source = statement.source.as_str();
    let total = statement.lines.len() as u64;
    let in_file = refunded_in_file(&statement.lines);
    let mut seen = HashMap::with_capacity_and_hasher(statement.lines.len(), Default::default());
    let (mut imported, mut differ, mut differing) = (0u32, 0u32, Vec::new());
    let mut full = w.tx.prepare(&insert_sql(LINES_PER_INSERT))?;
    for (n, lines) in statement.lines.chunks(LINES_PER_INSERT).enumerate() {
        if n.is_multiple_of(64) {
            checkpoint(progress)?;
            progress.report("import", (n * LINES_PER_INSERT) as u64, total);
        }
        let keys: Vec<Cow<str>> = lines.iter().map(|l| key(l, &mut seen)).collect();
        let mut tail;
        let stmt = if lines.len() == LINES_PER_INSERT {
            &mut full
        } else {
            tail = w.tx.prepare(&insert_sql(lines.len()))?;
            &mut tail
        };
        let written = insert(stmt, w, &batch_id, source, lines, &keys, &in_file)?;
        imported += written.len() as u32;
        if written.len() == lines.len() {
            continue;
        }
        for (line, txn_id) in lines.iter().zip(&keys) {
            if written.contains(&(line.line as i64)) {
                continue;
            }
            if let Some(d) = differs(w, source, txn_id, line)? {
                differ += 1;
                differing.extend((differing.len() < DIFFERING_LISTED).then_some(d));
            }
        }
    }
    progress.report("import", total, total);
    let rows = statement.lines.len() as u32;
    close_batch(w, &batch_id, &batch_no, file_name, imported, rows)?;
    Ok(ImportReport {
        format: statement.format.name(),
        rows,
        imported,
        duplicates: rows - imported,
        batch_no: (imported > 0).then(|| batch_no.clone()),
        differing,
        differ,
    })
}

/// Lines written by one INSERT. A statement a line spent about a third of
/// a 900k-line import starting statements and opening cursors (#18); 64
/// lines of 16 values stay far under SQLite's limit on bound values.
const LINES_PER_INSERT: usize = 64;
const COLUMNS: usize = 16;

/// Writes `lines` (their keys beside them) as payments of the batch, those
/// not already in the shop, by `stmt` (from [`insert_sql`] for as many
/// lines); returns the file lines of those written.
fn insert(
    stmt: &mut rusqlite::Statement,
    w: &Writer,
    batch_id: &str,
    source: &str,
    lines: &[StatementLine],
    keys: &[Cow<str>],
    in_file: &HashMap<&str, Direction>,
) -> Result<Vec<i64>> {
    for (row, (line, txn_id)) in lines.iter().zip(keys).enumerate() {
        let id = payment_id(source, txn_id, line.occurred_at);
        let direction = refund_direction(w, source, line, in_file)?;
        let values: [&dyn ToSql; COLUMNS] = [
            &id,
            &batch_id,
            &(line.line as i64),
            &source,
            txn_id,
            &none_if_empty(&line.merchant_order_no),
            &none_if_empty(&line.original_txn_id),
            &direction.as_str(),
            &line.kind.as_str(),
            &line.amount.fen(),
            &line.fee.fen(),
            &line.counterparty,
            &line.remark,
            &line.occurred_at,
            &line.status,
            &line.settled,
        ];
        for (column, value) in values.iter().enumerate() {
            stmt.raw_bind_parameter(row * COLUMNS + column + 1, value)?;
        }
    }
    let mut written = Vec::with_capacity(lines.len());
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        written.push(r.get(0)?);
    }
    Ok(written)
}

/// `rows` lines' worth of values, a line already in the shop (same wallet,
/// same transaction id) left out, the file line of each written returned.
fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=COLUMNS)
                .map(|c| format!("?{}", r * COLUMNS + c))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO payments(id, batch_id, line_no, source, txn_id, merchant_order_no, original_txn_id, direction, kind,
                              amount_fen, fee_fen, counterparty, remark, occurred_at, status_text, settled)
         VALUES {} ON CONFLICT(source, txn_id) DO NOTHING RETURNING line_no",
        values.join(", ")
    )
}

/// The batch with its count of new lines, or gone when nothing was new
/// (no empty batch in the list, and its number returns).
fn close_batch(
    w: &Writer,
    batch_id: &str,
    batch_no: &str,
    file_name: &str,
    imported: u32,
    rows: u32,
) -> Result<()> {
    if imported == 0 {
        w.tx.execute("DELETE FROM statement_batches WHERE id = ?1", [batch_id])?;
        return Ok(());
    }
    w.tx.execute(
        "UPDATE statement_batches SET rows = ?2 WHERE id = ?1",
        params![batch_id, imported],
    )?;
    w.log(
        "statement_batch",
        batch_id,
        "import",
        &format!("{batch_no} {file_name}: {imported}/{rows}"),
    )
}

/// The line, when the shop has its transaction with another amount.
fn differs(
    w: &Writer,
    source: &str,
    txn_id: &str,
    line: &StatementLine,
) -> Result<Option<Differing>> {
    let in_shop: i64 =
        w.tx.prepare_cached("SELECT amount_fen FROM payments WHERE source = ?1 AND txn_id = ?2")?
            .query_row(params![source, txn_id], |r| r.get(0))?;
    Ok((in_shop != line.amount.fen()).then(|| Differing {
        line: line.line as u32,
        txn_id: txn_id.to_string(),
        in_shop: Money::from_fen(in_shop),
        in_file: line.amount,
    }))
}

/// The direction of each payment a refund in the same file returns: a few
/// entries, not one per line of a bill of hundreds of thousands.
fn refunded_in_file(lines: &[StatementLine]) -> HashMap<&str, Direction> {
    let returned: HashSet<&str> = lines
        .iter()
        .filter(|l| l.kind == Kind::Refund && !l.original_txn_id.is_empty())
        .map(|l| l.original_txn_id.as_str())
        .collect();
    if returned.is_empty() {
        return HashMap::default();
    }
    lines
        .iter()
        .filter(|l| l.kind != Kind::Refund && returned.contains(l.txn_id.as_str()))
        .map(|l| (l.txn_id.as_str(), l.direction))
        .collect()
}

/// A refund goes the opposite way to the payment it returns: the refund of
/// a sale the shop received is money back to the customer, whatever the
/// wallet's 收/支 says of it. The payment is looked for in the same file,
/// then among those imported before.
fn refund_direction(
    w: &Writer,
    source: &str,
    line: &StatementLine,
    in_file: &HashMap<&str, Direction>,
) -> Result<Direction> {
    if line.kind != Kind::Refund || line.original_txn_id.is_empty() {
        return Ok(line.direction);
    }
    let original = match in_file.get(line.original_txn_id.as_str()) {
        Some(d) => Some(d.as_str().to_string()),
        None => {
            w.tx.prepare_cached("SELECT direction FROM payments WHERE source = ?1 AND txn_id = ?2")?
                .query_row(params![source, line.original_txn_id], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
        }
    };
    Ok(match original.as_deref() {
        Some("in") => Direction::Out,
        Some("out") => Direction::In,
        _ => line.direction,
    })
}

/// The line's key. Exports have one line per transaction id, but hand-edited
/// files repeat ids; the n-th repeat within the file is kept as `id#n` so
/// nothing is lost, and re-importing the file (or its CSV/XLSX twin) still
/// adds nothing.
fn key<'a>(line: &'a StatementLine, seen: &mut HashMap<Cow<'a, str>, u32>) -> Cow<'a, str> {
    let id: Cow<str> = if line.txn_id.is_empty() {
        Cow::Owned(format!(
            "{}-{}-{}-{}",
            line.occurred_at,
            line.direction.as_str(),
            line.amount.fen(),
            line.counterparty
        ))
    } else {
        Cow::Borrowed(&line.txn_id)
    };
    let n = seen.entry(id.clone()).or_default();
    *n += 1;
    if *n == 1 {
        id
    } else {
        Cow::Owned(format!("{id}#{n}"))
    }
}

fn none_if_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}
