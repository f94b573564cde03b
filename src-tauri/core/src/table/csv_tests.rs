//! The CSV reader against the one it replaced, on any text made of the
//! bytes that matter and a few that do not (multi-byte characters
//! included): the same records, cells, lines and errors.

use proptest::prelude::*;

use super::*;

/// The reader as it was, a character at a time: what the faster one must
/// equal on any text.
fn by_chars(text: &str) -> Result<Vec<Row>, BadLine> {
    let mut rows = Vec::new();
    let mut row = Row::new::<&str>(1, &[]);
    let (mut line, mut record_line) = (1usize, 1usize);
    let (mut quoted, mut at_field_start, mut quote_line) = (false, true, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    row.text.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    row.text.push('\n');
                }
                _ => row.text.push(c),
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
                row.end_cell();
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.end_cell();
                row.line = record_line;
                rows.push(std::mem::replace(&mut row, Row::new::<&str>(0, &[])));
                line += 1;
                record_line = line;
                at_field_start = true;
            }
            _ => {
                row.text.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(BadLine::at(
            quote_line,
            row.len() + 1,
            "a quoted cell is never closed: the file looks cut off",
        ));
    }
    if !row.text.is_empty() || !row.is_empty() {
        row.end_cell();
        row.line = record_line;
        rows.push(row);
    }
    Ok(rows)
}

fn shown(rows: Result<Vec<Row>, BadLine>) -> String {
    match rows {
        Ok(rows) => rows
            .iter()
            .map(|r| format!("{}:{:?}", r.line, r.cells().collect::<Vec<_>>()))
            .collect::<Vec<_>>()
            .join("|"),
        Err(e) => format!("error {:?} {:?} {}", e.line, e.column, e.message),
    }
}

fn cells(text: &str) -> Vec<Vec<String>> {
    csv_rows(text)
        .unwrap()
        .iter()
        .map(|r| r.cells().map(str::to_string).collect())
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
fn a_lone_cr_ends_a_line_as_excel_for_mac_writes_them() {
    assert_eq!(
        cells("a,b\r1,2\r3,4\r"),
        vec![vec!["a", "b"], vec!["1", "2"], vec!["3", "4"]]
    );
    let rows = csv_rows("a,b\r1,\"x\ny\"\r3,4").unwrap();
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 4]);
    assert!(!rows[2].cut_short);
}

#[test]
fn a_tab_separated_save_is_read_by_its_tabs_and_a_bill_by_its_commas() {
    assert_eq!(
        cells("商品\t售价\t库存\n荔枝,大\t55\t3\n"),
        vec![vec!["商品", "售价", "库存"], vec!["荔枝,大", "55", "3"]]
    );
    // A preamble line with one TAB does not decide.
    assert_eq!(
        cells("导出\t2024\na,b,c\n"),
        vec![vec!["导出\t2024"], vec!["a", "b", "c"]]
    );
    // A WeChat bill: TABs inside cells, commas between them.
    assert_eq!(
        cells("微信支付账单明细,,\n2024,\"4200\t\",/\t\n"),
        vec![
            vec!["微信支付账单明细", "", ""],
            vec!["2024", "4200\t", "/\t"]
        ]
    );
}

#[test]
fn a_long_number_excel_shortened_is_told_from_an_id() {
    for lost in ["3.65275E+11", "4E+27", "4.20000183E+27"] {
        assert!(crate::table::lost_to_excel(lost), "{lost}");
    }
    for id in [
        "4200001825202304195610665968",
        "2023xxxxx88",
        "1e5",
        "E+12",
        "12.5E+3",
        "4.2E+",
        "WX5ea674b005d0",
    ] {
        assert!(!crate::table::lost_to_excel(id), "{id}");
    }
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn reads_as_the_reader_it_replaced(
        text in prop::collection::vec(
            prop::sample::select(vec!["\"", ",", "\r", "\n", "a", "价", "\r\n", "\"\"", " "]),
            0..40,
        )
    ) {
        let text = text.concat();
        prop_assert_eq!(shown(csv_rows(&text)), shown(by_chars(&text)));
    }
}

#[test]
fn an_unended_last_record_narrower_than_the_one_before_is_cut_short() {
    let last = |text: &str| csv_rows(text).unwrap().pop().unwrap().cut_short;
    assert!(last("a,b,c\n1,2,3\n4,5"));
    assert!(
        last("a,b,c\n1,2,3\n\n4"),
        "a blank line between does not count"
    );
    assert!(!last("a,b,c\n1,2,3\n4,5\n"), "a line break ends it");
    assert!(!last("a,b,c\n1,2,3\n4,5,6"), "as wide as the one before");
    assert!(!last("a,b,c\n1,2,3\n\n"), "blank");
    assert!(!last("a,b,c"), "nothing before it to compare");
}
