//! A file the merchant hands us as a table: read whole (within a size
//! limit), decoded, its header found and its cells read with errors that
//! name line and column, every problem kept for the preview.

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::{csv_rows, decode, sheets, BadLine, Row, Why};
use crate::error::{CoreError, Result};
use crate::limits;

/// A file as a header and its data rows (blank rows dropped).
pub struct Table {
    /// The header's line, which messages about a missing column name.
    pub header_line: usize,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// Reads a CSV (UTF-8 with or without BOM, or GBK as Chinese Excel saves
/// it) or the first sheet of a spreadsheet; the first non-blank row is the
/// header.
pub fn read_table(bytes: &[u8]) -> Result<Table, BadLine> {
    let rows = if is_spreadsheet(bytes) {
        sheets(bytes)?
            .into_iter()
            .map(|(_, rows)| rows)
            .find(|rows| rows.iter().any(|r| !r.is_blank()))
            .unwrap_or_default()
    } else {
        csv_rows(&decode(bytes)?)?
    };
    let mut rows = rows.into_iter().filter(|r| !r.is_blank());
    let header = rows
        .next()
        .ok_or_else(|| BadLine::whole("the file is empty").because(Why::Empty))?;
    let rows: Vec<Row> = rows.collect();
    if let Some(cut) = rows.last().and_then(|r| r.cut_short_of(header.len())) {
        return Err(cut);
    }
    Ok(Table {
        header_line: header.line,
        header: header.cells().map(|c| clean(c).to_string()).collect(),
        rows,
    })
}

/// ZIP (XLSX, ODS) or OLE (XLS) magic bytes.
fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A cell as people mean it: no BOM, padding or the TAB Excel users add to
/// keep long numbers as text, and no `'` our exports put before text that
/// looks like a formula.
pub fn clean(cell: &str) -> &str {
    let cell = cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '`');
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

impl Table {
    /// The column whose header is one of `names` (case and spaces ignored).
    pub fn col(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names_one(names, h))
    }

    /// The table from its real header: exports put a title row or two
    /// above it (`商品导出 2026-12-07`, the export time), so the header is
    /// the first of the top rows naming one of `names`. A last row cut
    /// short is then measured against that header.
    pub fn below_title(self, names: &[&str]) -> Result<Table, BadLine> {
        let names_a_column = |r: &Row| r.cells().any(|c| names_one(names, clean(c)));
        if self.col(names).is_some() {
            return Ok(self);
        }
        let Some(at) = self.rows.iter().take(TITLE_ROWS).position(names_a_column) else {
            return Ok(self);
        };
        let mut rows = self.rows;
        let header = rows.remove(at);
        let table = Table {
            header_line: header.line,
            header: header.cells().map(|c| clean(c).to_string()).collect(),
            rows: rows.split_off(at),
        };
        match table
            .rows
            .last()
            .and_then(|r| r.cut_short_of(table.header.len()))
        {
            Some(cut) => Err(cut),
            None => Ok(table),
        }
    }
}

impl Table {
    /// The table without the totals rows a sheet ends with (`合计`,
    /// `总计`): sums of the rows above, no product or order of their own.
    pub fn without_totals(mut self) -> Table {
        let totals = |r: &Row| {
            let first = r.cells().map(clean).find(|c| !c.is_empty()).unwrap_or("");
            let word = first.trim_end_matches([':', '：']);
            ["合计", "总计", "小计", "汇总", "total", "totals"]
                .contains(&word.to_lowercase().as_str())
        };
        while self.rows.last().is_some_and(totals) {
            self.rows.pop();
        }
        self
    }
}

/// Rows an export puts above its header (a title, the export time).
const TITLE_ROWS: usize = 10;

/// Whether a header cell is one of `names`, as people write them: any
/// case, spaces and underscores aside, the unit in brackets too (`价格（元）`
/// is `价格(元)` is `价格`).
fn names_one(names: &[&str], cell: &str) -> bool {
    let norm = |s: &str| {
        let s = s
            .to_lowercase()
            .replace([' ', '_'], "")
            .replace('（', "(")
            .replace('）', ")");
        s.strip_suffix("(元)").map_or(s.clone(), str::to_string)
    };
    let cell = norm(cell);
    names.iter().any(|n| norm(n) == cell)
}

/// A cell as an error message quotes it: at most 40 characters, so a
/// 10 MB cell never becomes a 10 MB message.
pub fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        return format!("{text:?}");
    }
    let head: String = text.chars().take(MAX).collect();
    format!("{head:?}… ({} characters)", text.chars().count())
}

/// A file with a header and no rows below it: nothing to import is a
/// mistake (the wrong sheet, a template), not a success.
pub fn nothing_below_header(t: &Table) -> Option<BadLine> {
    t.rows.iter().all(Row::is_blank).then(|| {
        BadLine::on_line(1, "only a header, no rows below it: nothing to import")
            .because(Why::NoRows)
    })
}

/// One row's cells with the errors it names: 1-based line and column.
pub struct Cells<'a> {
    pub row: &'a Row,
}

impl<'a> Cells<'a> {
    pub fn get(&self, col: Option<usize>) -> &'a str {
        col.map_or("", |c| clean(self.row.cell(c)))
    }

    pub fn bad(&self, col: usize, message: impl Into<String>) -> BadLine {
        if col >= self.row.len() {
            let cells = self.row.len();
            return BadLine::at(
                self.row.line,
                col + 1,
                format!("missing: the row ends after {cells} column(s); is the line cut short?"),
            )
            .because(Why::Missing {
                cells: cells as u32,
            });
        }
        BadLine::at(self.row.line, col + 1, message)
    }

    /// `bad`, with a reason the window words itself (a missing cell stays
    /// missing).
    pub fn bad_because(&self, col: usize, message: String, why: Why) -> BadLine {
        let bad = self.bad(col, message);
        match bad.why {
            Some(_) => bad,
            None => bad.because(why),
        }
    }

    /// A number cell as typed with the Chinese input method in full-width
    /// mode (`１２．５０`): its digits and marks in ASCII.
    pub fn number(&self, col: usize) -> Cow<'a, str> {
        let text = self.get(Some(col));
        if text.is_ascii() {
            return Cow::Borrowed(text);
        }
        Cow::Owned(text.chars().map(super::half_width).collect())
    }

    /// A whole number ≥ 0 (Excel writes `2` as `2.0` in some exports).
    pub fn count(&self, col: usize) -> Result<i64, BadLine> {
        let text = self.number(col);
        let text = text.strip_suffix(".0").unwrap_or(&text);
        let n = text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| {
                self.bad_because(
                    col,
                    format!("not a whole number ≥ 0: {}", shown(text)),
                    Why::NotACount {
                        cell: Why::excerpt(text),
                    },
                )
            })?;
        if n > limits::MAX_STOCK {
            return Err(self.bad_because(
                col,
                format!("{n} is too large (at most {})", limits::MAX_STOCK),
                Why::TooLarge {
                    cell: n.to_string(),
                    max: limits::MAX_STOCK.to_string(),
                },
            ));
        }
        Ok(n)
    }

    pub fn money(&self, col: usize) -> Result<crate::Money, BadLine> {
        let text = self.number(col);
        let text = text.as_ref();
        // `9.` is how a cell ends when the file was cut inside `9.90`, and
        // no export writes it: refused, never read as 9.00.
        let m = Some(text)
            .filter(|t| !t.ends_with('.'))
            .and_then(|t| t.parse::<crate::Money>().ok())
            .filter(|m| m.fen() >= 0)
            .ok_or_else(|| {
                self.bad_because(
                    col,
                    format!("not an amount in yuan: {}", shown(text)),
                    Why::NotAnAmount {
                        cell: Why::excerpt(text),
                    },
                )
            })?;
        if !limits::fen_ok(m.fen()) {
            return Err(self.bad_because(
                col,
                format!("{m} is too large (at most 9999999.99)"),
                Why::TooLarge {
                    cell: m.to_string(),
                    max: "9999999.99".into(),
                },
            ));
        }
        Ok(m)
    }
}

/// Errors found by a check before writing; the first few hundred are kept.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct Problems {
    pub errors: Vec<BadLine>,
    /// How many more there were beyond `errors`.
    pub more: u32,
}

impl Problems {
    const KEEP: usize = 200;

    pub fn push(&mut self, bad: BadLine) {
        if self.errors.len() < Self::KEEP {
            self.errors.push(bad);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The first problem as the error a command fails with, the others
    /// kept with it.
    pub fn into_error(self, file_name: &str) -> CoreError {
        let total = self.errors.len() + self.more as usize;
        let mut errors = self.errors.into_iter();
        let mut first = errors
            .next()
            .unwrap_or_else(|| BadLine::whole("unreadable"));
        if total > 1 {
            let more = total - 1;
            let s = if more == 1 { "" } else { "s" };
            first.message = format!("{} (and {more} more problem{s})", first.message);
        }
        let mut err = first.in_file(file_name);
        if let CoreError::BadFile { others, .. } = &mut err {
            *others = errors.collect();
        }
        err
    }
}

/// The file name errors and logs show.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The largest file any import reads (a year of a busy shop's statement is
/// a few tens of MB); `/dev/zero` or a mistaken video is refused, not read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads an input file whole, up to [`MAX_FILE_BYTES`]. A missing file, a
/// folder or a file too large is a bad input (exit 2), not a failure.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let bad = |message: String| CoreError::BadFile {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message,
        why: None,
        others: Vec::new(),
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => bad("no such file".into()),
        _ => CoreError::io(path, e),
    })?;
    if meta.is_dir() {
        return Err(bad("a folder, not a file".into()));
    }
    let file = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CoreError::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(bad(format!(
            "larger than {} MB; is it the right file?",
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// Whether `path` asks for a spreadsheet (by its extension) rather than CSV.
pub fn wants_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bad cell carries its reason as a code and the cell, for the window
    /// to say in the merchant's language; a missing cell says it is missing.
    #[test]
    fn a_bad_cell_says_why_with_the_cell() {
        let cut = read_table("商品,售价,库存\n荔枝,三十,5\n桃".as_bytes()).err();
        assert_eq!(
            cut.and_then(|b| b.why),
            Some(Why::CutShort),
            "the last line stops short"
        );
        let table = read_table(
            "商品,售价,库存\n荔枝,三十,5\n龙眼,30,二十\n桂圆,99999999,1\n桃\n".as_bytes(),
        )
        .unwrap();
        let why = |row: usize, col: usize, money: bool| {
            let c = Cells {
                row: &table.rows[row],
            };
            let bad = if money {
                c.money(col).err()
            } else {
                c.count(col).err()
            };
            bad.and_then(|b| b.why)
        };
        let cell = |s: &str| s.to_string();
        assert_eq!(
            why(0, 1, true),
            Some(Why::NotAnAmount {
                cell: cell("三十")
            })
        );
        assert_eq!(
            why(1, 2, false),
            Some(Why::NotACount {
                cell: cell("二十")
            })
        );
        assert_eq!(
            why(2, 1, true),
            Some(Why::TooLarge {
                cell: cell("99999999.00"),
                max: cell("9999999.99")
            })
        );
        assert_eq!(why(3, 2, false), Some(Why::Missing { cells: 1 }));
    }

    /// Numbers typed in full-width mode read as the numbers they are.
    #[test]
    fn full_width_numbers_read_as_numbers() {
        let table =
            read_table("商品,售价,库存\n荔枝,１２．５０,１２\n桂圆,￥３０,２．０\n".as_bytes())
                .unwrap();
        let read = |row: usize| {
            let c = Cells {
                row: &table.rows[row],
            };
            (c.money(1).unwrap().fen(), c.count(2).unwrap())
        };
        assert_eq!((read(0), read(1)), ((1250, 12), (3000, 2)));
    }
}
