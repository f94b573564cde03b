//! The 接龙 corpus (tests/data/solitaire): realistic lists over a fresh-goods
//! shop with pack-size variants, every numbered line with its truth. Fails
//! on any silent error (an entry not flagged whose reading is wrong), on a
//! lost line, or when fewer than 95% of the sure lines are read exactly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use std::collections::BTreeMap;
use std::path::Path;

use storefront_core::solitaire::{self, CustomerMatch, Entry};
use storefront_core::{Session, Store};

/// A variant: SKU, 规格, barcode.
type Variant = (&'static str, &'static str, &'static str);

/// The shop the corpus is written against.
const CATALOG: &[(&str, &[Variant])] = &[
    (
        "阳山水蜜桃",
        &[("TAO-5", "5斤装", ""), ("TAO-10", "10斤装", "")],
    ),
    ("炎陵黄桃", &[("HT-1", "", "")]),
    (
        "红富士苹果",
        &[("PG-5", "5斤装", ""), ("PG-10", "10斤装", "")],
    ),
    ("泰国金枕榴莲", &[("LL-5", "5斤", ""), ("LL-8", "8斤", "")]),
    ("土豆", &[("TD-5", "5斤", "")]),
    ("增城桂味荔枝", &[("LZ-3", "3斤装", "")]),
    (
        "散养土鸡蛋",
        &[("JD-30", "30枚", ""), ("JD-10", "10枚", "")],
    ),
    ("番茄", &[("FQ-1", "1斤", "")]),
    ("水果黄瓜", &[("HG-1", "500g", "")]),
    ("丹东九九草莓", &[("CM-1", "", "")]),
    ("红颜草莓", &[("HY-1", "", "")]),
    (
        "智利车厘子",
        &[("CLZ-2", "2斤装", ""), ("CLZ-5", "5斤装", "")],
    ),
    ("高山香蕉", &[("XJ-1", "", "6901234567890")]),
    ("烟薯25号", &[("YS-5", "5斤", "")]),
    (
        "五常稻花香大米",
        &[("DM-1", "1kg", ""), ("DM-5", "5kg", "")],
    ),
    ("三黄鸡", &[("SHJ-1", "", "")]),
    ("麒麟西瓜", &[("XG-1", "", "")]),
    ("巨峰葡萄", &[("PT-2", "2斤装", "")]),
    (
        "四川丑橘",
        &[("CJ-5", "5斤装", ""), ("CJ-10", "10斤装", "")],
    ),
];

/// (name, WeChat nickname, phone): several share a name or nickname.
const CUSTOMERS: &[(&str, &str, &str)] = &[
    ("王阿姨", "桃花朵朵", "13800000001"),
    ("李姐", "", "13800000002"),
    ("张三", "", "13900000003"),
    ("刘阿姨", "", "13911112222"),
    ("陈静", "陈老师", "13800000005"),
    ("刘雪梅", "雪梅宝妈", "13800000011"),
    ("张雪梅", "雪梅宝妈", "13800000012"),
    ("黄姐", "", "13811110001"),
    ("黄姐", "", "13811110002"),
    ("黄姐", "", "13811110003"),
    ("何阿姨", "", "13822220001"),
    ("何阿姨", "", "13822220002"),
    ("XQian", "", ""),
];

fn corpus_shop(dir: &Path) -> Store {
    let store = Store::open(&dir.join("corpus.db"), Session::new("test")).unwrap();
    let conn = store.conn();
    for (i, (name, variants)) in CATALOG.iter().enumerate() {
        conn.execute(
            "INSERT INTO products(id, name, pinyin, created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0)",
            rusqlite_params(&[&format!("p{i}"), name, &storefront_core::search_key::pinyin_key(name)]),
        )
        .unwrap();
        for (sku, options, barcode) in variants.iter() {
            conn.execute(
                "INSERT INTO variants(id, product_id, sku, options, barcode, price_fen, created_at, updated_at)
                 VALUES (?1, ?2, ?1, ?3, NULLIF(?4, ''), 1000, 0, 0)",
                rusqlite_params(&[sku, &format!("p{i}"), options, barcode]),
            )
            .unwrap();
        }
    }
    for (i, (name, nick, phone)) in CUSTOMERS.iter().enumerate() {
        conn.execute(
            "INSERT INTO customers(id, name, wechat_nick, phone, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 0, 0)",
            rusqlite_params(&[&format!("c{i}"), name, nick, phone]),
        )
        .unwrap();
    }
    store
}

fn rusqlite_params<'a>(values: &'a [&'a str]) -> impl rusqlite::Params + 'a {
    rusqlite::params_from_iter(values.iter())
}

/// What a line should read as.
#[derive(Debug, PartialEq)]
enum Truth {
    Flagged,
    Sure {
        existing: bool,
        customer: String,
        items: Vec<(String, u32)>,
    },
}

fn expectations(text: &str) -> BTreeMap<String, Truth> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (no, rest) = l.split_once(':').unwrap();
            let rest = rest.trim_start();
            if rest == "flagged" {
                return (no.to_string(), Truth::Flagged);
            }
            let (who, items) = rest.split_once('|').unwrap();
            let (kind, name) = who.split_once(' ').unwrap();
            let items = items
                .split_whitespace()
                .map(|i| {
                    let (sku, qty) = i.split_once('*').unwrap();
                    (sku.to_string(), qty.parse().unwrap())
                })
                .collect();
            let truth = Truth::Sure {
                existing: kind == "existing",
                customer: name.trim().to_string(),
                items,
            };
            (no.to_string(), truth)
        })
        .collect()
}

fn reading(e: &Entry) -> Truth {
    if e.flagged {
        return Truth::Flagged;
    }
    Truth::Sure {
        existing: e.customer_match == CustomerMatch::Existing,
        customer: e.customer.clone(),
        items: e.items.iter().map(|i| (i.sku.clone(), i.qty)).collect(),
    }
}

#[derive(Default, Debug)]
struct Score {
    lines: usize,
    sure: usize,
    exact: usize,
    silent: Vec<String>,
    over_flagged: Vec<String>,
}

#[test]
fn the_corpus_reads_exactly_or_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = corpus_shop(dir.path());
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/solitaire");
    let mut lists: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    lists.sort();
    assert!(lists.len() >= 10, "at least ten lists");
    let mut score = Score::default();
    for list in &lists {
        let text = std::fs::read_to_string(list).unwrap();
        let truth = expectations(&std::fs::read_to_string(list.with_extension("expect")).unwrap());
        let parsed = solitaire::parse(store.conn(), store.clock(), &text).unwrap();
        let numbered = text
            .lines()
            .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(
            parsed.entries.len(),
            numbered,
            "{}: one entry per numbered line",
            list.display()
        );
        assert_eq!(
            parsed.entries.len(),
            truth.len(),
            "{}: every line has its truth",
            list.display()
        );
        let name = list.file_name().unwrap().to_string_lossy().to_string();
        for e in &parsed.entries {
            let want = truth
                .get(&e.no)
                .unwrap_or_else(|| panic!("{name}: no truth for {}", e.no));
            let got = reading(e);
            let at = format!(
                "{name} #{}: {:?} → {got:?} (flags {:?})",
                e.no, e.text, e.flags
            );
            score.lines += 1;
            match (want, &got) {
                (Truth::Flagged, Truth::Flagged) => {}
                (Truth::Flagged, _) => score.silent.push(format!("{at}, should be flagged")),
                (Truth::Sure { .. }, Truth::Flagged) => {
                    score.sure += 1;
                    score.over_flagged.push(at);
                }
                (want, got) => {
                    score.sure += 1;
                    if want == got {
                        score.exact += 1;
                    } else {
                        score.silent.push(format!("{at}, should be {want:?}"));
                    }
                }
            }
        }
    }
    println!(
        "接龙 corpus: {} lists, {} lines; exact {}/{} sure lines ({:.1}%); silent errors {}; flagged but sure {}",
        lists.len(),
        score.lines,
        score.exact,
        score.sure,
        100.0 * score.exact as f64 / score.sure.max(1) as f64,
        score.silent.len(),
        score.over_flagged.len()
    );
    for s in &score.over_flagged {
        println!("  flagged: {s}");
    }
    assert!(score.lines >= 120, "at least 120 lines");
    assert!(
        score.silent.is_empty(),
        "silent errors:\n{}",
        score.silent.join("\n")
    );
    assert!(
        score.exact * 100 >= score.sure * 95,
        "{} of {} sure lines exact",
        score.exact,
        score.sure
    );
}
