//! A statement as rows of cells with their line numbers, whether it came
//! from a CSV (as the wallets write it, quirks and all) or a spreadsheet.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};

use super::BadLine;

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in the CSV (where the record starts) or row in the sheet.
    pub line: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| super::text::clean(c).is_empty())
    }

    pub fn first(&self) -> String {
        self.cells
            .first()
            .map(|c| super::text::clean(c))
            .unwrap_or_default()
    }
}

/// Splits CSV text into records. Quotes are honoured only at the start of a
/// field (as Excel writes them); a quote inside an unquoted field is text.
pub fn csv_rows(text: &str) -> Result<Vec<Row>, BadLine> {
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let (mut line, mut record_line) = (1usize, 1usize);
    let (mut quoted, mut at_field_start, mut quote_line) = (false, true, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                quote_line = line;
                at_field_start = false;
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                rows.push(Row {
                    line: record_line,
                    cells: std::mem::take(&mut cells),
                });
                line += 1;
                record_line = line;
                at_field_start = true;
            }
            _ => {
                cell.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(BadLine::at(
            quote_line,
            cells.len() + 1,
            "a quoted cell is never closed: the file looks cut off",
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        rows.push(Row {
            line: record_line,
            cells,
        });
    }
    Ok(rows)
}

/// Rows and columns beyond these are not a statement but a damaged or
/// hostile file; reading them would only fill memory.
const MAX_ROWS: u32 = 5_000_000;
const MAX_COLS: u32 = 512;

/// Every sheet of a spreadsheet (XLSX, XLS, ODS) as rows of text cells,
/// numbers written back the way a person reads them. The spreadsheet
/// libraries read untrusted bytes: a panic inside them is a damaged file.
pub fn sheets(bytes: &[u8]) -> Result<Vec<(String, Vec<Row>)>, BadLine> {
    std::panic::catch_unwind(|| read_sheets(bytes))
        .unwrap_or_else(|_| Err(BadLine::whole("the spreadsheet is damaged and cannot be read")))
}

fn read_sheets(bytes: &[u8]) -> Result<Vec<(String, Vec<Row>)>, BadLine> {
    let unreadable = |e: &dyn std::fmt::Display| BadLine::whole(format!("not a readable spreadsheet: {e}"));
    // XLSX streams cell by cell (no dense grid a forged dimension could blow
    // up); XLS and ODS are small enough for the whole-range reader.
    if let Ok(mut book) = Xlsx::new(Cursor::new(bytes)) {
        let mut out = Vec::new();
        for name in book.sheet_names() {
            let mut reader = book.worksheet_cells_reader(&name).map_err(|e| unreadable(&e))?;
            let mut rows: Vec<Row> = Vec::new();
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                let (r, c) = cell.get_position();
                if r >= MAX_ROWS || c >= MAX_COLS {
                    return Err(BadLine::whole(format!("sheet {name} reaches row {} column {}: too large for a statement", r + 1, c + 1)));
                }
                let line = r as usize + 1;
                if rows.last().is_none_or(|row| row.line != line) {
                    rows.push(Row { line, cells: Vec::new() });
                }
                let cells = &mut rows.last_mut().expect("pushed above").cells;
                if cells.len() <= c as usize {
                    cells.resize(c as usize + 1, String::new());
                }
                cells[c as usize] = ref_text(cell.get_value());
            }
            out.push((name, rows));
        }
        return Ok(out);
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
        let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| Row {
                line: first_row + i + 1,
                cells: cells.iter().map(cell_text).collect(),
            })
            .collect();
        out.push((name, rows));
    }
    Ok(out)
}

fn ref_text(cell: &DataRef) -> String {
    match cell {
        DataRef::SharedString(s) => s.to_string(),
        DataRef::String(s) => s.clone(),
        other => cell_text(&Data::from(other.clone())),
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // Shortest text that reads back as the same number: 28.16, not 28.1599…
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<String>> {
        csv_rows(text)
            .unwrap()
            .into_iter()
            .map(|r| r.cells)
            .collect()
    }

    #[test]
    fn quotes_commas_and_newlines() {
        assert_eq!(
            cells("a,\"b,c\",\"d\"\"e\"\r\nx,\"multi\nline\",z\n"),
            vec![vec!["a", "b,c", "d\"e"], vec!["x", "multi\nline", "z"]]
        );
        let rows = csv_rows("h\n\"two\nlines\"\nlast").unwrap();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 4]);
    }

    #[test]
    fn a_quote_inside_a_cell_is_text() {
        assert_eq!(cells("a\"b,c\n"), vec![vec!["a\"b", "c"]]);
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        let err = csv_rows("a,b\nc,\"never closed\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(2)));
    }
}
