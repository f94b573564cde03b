//! The tokenizer, pack specs, numbered lines and names, as people write them.

use super::*;

fn qty(t: &Token) -> Option<(u64, Option<&str>)> {
    match t {
        Token::Qty(q) => Some((q.milli, q.unit.as_ref().map(|u| u.text))),
        _ => None,
    }
}

fn tokens(text: &str) -> Vec<Token> {
    super::tokens(text, &[])
}

fn words(ts: &[Token]) -> Vec<String> {
    ts.iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn reads_counts_the_way_people_write_them() {
    let t = tokens("桃x2");
    assert_eq!(words(&t), ["桃"]);
    assert_eq!(qty(&t[1]), Some((2000, None)));
    assert_eq!(qty(&tokens("桃 x 2")[2]), Some((2000, None)));
    assert_eq!(qty(&tokens("水蜜桃两箱")[1]), Some((2000, Some("箱"))));
    assert_eq!(qty(&tokens("贰箱")[0]), Some((2000, Some("箱"))));
    assert_eq!(qty(&tokens("桃×３")[1]), Some((3000, None)));
    assert_eq!(qty(&tokens("２箱")[0]), Some((2000, Some("箱"))));
    assert_eq!(qty(&tokens("苹果2.5kg")[1]), Some((2500, Some("kg"))));
    assert_eq!(words(&tokens("丹东九九草莓")), ["丹东九九草莓"]);
    let kept = [("三只松鼠".chars().collect::<Vec<_>>())];
    assert_eq!(words(&super::tokens("三只松鼠2袋", &kept)), ["三只松鼠"]);
    assert_eq!(words(&tokens("烟薯25号x2")), ["烟薯25号"]);
    assert_eq!(words(&tokens("香蕉十二")), ["香蕉十二"]);
    let t = tokens("榴莲5斤 1个");
    assert_eq!(words(&t), ["榴莲"]);
    assert_eq!(qty(&t[1]), Some((5000, Some("斤"))));
    assert_eq!(qty(&t[3]), Some((1000, Some("个"))));
    match &tokens("桃10斤装×1")[1] {
        Token::Qty(q) => assert!(q.pack),
        t => panic!("{t:?}"),
    }
    match &tokens("十几个")[0] {
        Token::Qty(q) => assert!(q.vague),
        t => panic!("{t:?}"),
    }
    match &tokens("半箱")[0] {
        Token::Qty(q) => assert!(q.half && q.whole().is_none()),
        t => panic!("{t:?}"),
    }
    let t = tokens("番茄、黄瓜各2");
    assert_eq!(words(&t), ["番茄", "黄瓜"]);
    assert!(t.contains(&Token::Each));
}

#[test]
fn a_number_too_long_for_any_integer_is_still_just_text_to_flag() {
    // Found by the fuzzer: the fraction overflowed a saturated number.
    let t = tokens("8(-800000999990000000000000000.8 半");
    assert!(t.iter().any(|t| matches!(t, Token::Qty(_))));
}

#[test]
fn finds_numbered_lines() {
    assert_eq!(
        numbered("3. 王阿姨 苹果x2"),
        Some(("3".into(), "王阿姨 苹果x2"))
    );
    assert_eq!(numbered("12、李姐 桃"), Some(("12".into(), "李姐 桃")));
    assert_eq!(numbered("１２．李姐"), Some(("12".into(), "李姐")));
    assert_eq!(
        numbered("99999999999999999999. 张三 桃"),
        Some(("99999999999999999999".into(), "张三 桃"))
    );
    assert_eq!(numbered("接龙 水果"), None);
    assert_eq!(numbered("2026年11月22日"), None);
    assert_eq!(numbered("2026.11.22 接龙"), None);
    assert_eq!(numbered("7."), Some(("7".into(), "")));
}

#[test]
fn pack_specs() {
    let five = pack_spec("5斤装").unwrap();
    assert_eq!(five.base_milli(), Some(5000 * 500_000));
    assert_eq!(
        pack_spec("500g").unwrap().base_milli(),
        Some(500 * 1000 * 1000)
    );
    assert_eq!(
        pack_spec("家庭装2.5kg").unwrap().base_milli(),
        Some(2500 * 1_000_000)
    );
    assert_eq!(
        pack_spec("30枚").unwrap().unit.unwrap().dim,
        Dim::Count("枚")
    );
    assert_eq!(pack_spec("单件").unwrap().milli, 1000);
    assert_eq!(pack_spec("豪华款"), None);
    assert_eq!(
        pack_spec("每斤").unwrap().base_milli(),
        Some(1000 * 500_000)
    );
    assert_eq!(pack_spec("家庭装"), None);
}

#[test]
fn phones_and_invisible_marks() {
    assert_eq!(
        phone("13812345678 桃x2"),
        Some(("13812345678".into(), " 桃x2".into()))
    );
    assert_eq!(phone("王阿姨 123 桃"), None);
    // Grouped as people write it, or after the country code.
    let found = |text: &str| phone(text).map(|(p, rest)| (p, rest.trim().to_string()));
    for (written, rest) in [
        ("李四 138 1234 5678 苹果2", "李四  苹果2"),
        ("赵六 +86 138-1234-5678 苹果1", "赵六  苹果1"),
        ("8613812345678 苹果1", "苹果1"),
        ("１３８ １２３４ ５６７８ 桃", "桃"),
    ] {
        assert_eq!(
            found(written),
            Some(("13812345678".into(), rest.into())),
            "{written}"
        );
    }
    // A count after a phone stays a count; numbers that are no phone stay.
    assert_eq!(
        found("13812345678 2"),
        Some(("13812345678".into(), "2".into()))
    );
    assert_eq!(phone("苹果 100 2000 3000"), None);
    assert_eq!(phone("王阿姨 138 1234 桃"), None);
    assert_eq!(phone("138123456789 桃"), None, "twelve digits are no phone");
    assert_eq!(clean("\u{202E}王阿姨\u{200B}"), "王阿姨");
    assert_eq!(clean("XQian"), "XQian");
}
