//! Money a buyer writes in a line: the price copied from the header
//! (`山竹3斤装 69元 1份`, `¥69`), what they say they paid (`已付110.4`) or
//! the sum they worked out (`共69.8`).
//! It is kept with the order's remark as written, never read as a count
//! (`69元1份` was an unknown product, `x1 已付110.4` the count `1110.4`);
//! the order is priced by the shop, and reconciliation decides what was
//! paid.

/// Words that say money was paid, or sum it up, with the amount after
/// them (longest first: `一共` before `共`).
const PAID: &[&str] = &[
    "已支付",
    "已付款",
    "已转账",
    "已付",
    "已转",
    "付了",
    "转了",
    "一共",
    "总共",
    "共计",
    "合计",
    "共",
];

/// The money written in `text`, in the order written, and the text without
/// it.
pub fn written(text: &str) -> (Vec<String>, String) {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut rest = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match money_at(&chars, i) {
            Some(len) => {
                found.push(
                    chars[i..i + len]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
                rest.push(' ');
                i += len;
            }
            None => {
                rest.push(chars[i]);
                i += 1;
            }
        }
    }
    (found, rest)
}

/// How many chars of money start at `i`: `¥69`, `￥69.9`, `69元`, `69.9元`,
/// `12块钱`, or a paid word with its amount (`已付110.4`, `已转 88元`).
fn money_at(chars: &[char], i: usize) -> Option<usize> {
    if let Some(word) = PAID.iter().find(|w| starts_with(&chars[i..], w)) {
        let after = i + word.chars().count();
        let gap = chars[after..]
            .iter()
            .take_while(|c| matches!(c, ' ' | ':' | '：' | '¥' | '￥'))
            .count();
        let digits = amount_len(&chars[after + gap..]);
        let end = after + gap + digits;
        // `已付 2份`, `共2箱`: a count after the word, not money.
        if digits == 0 || chars.get(end).is_some_and(|c| COUNTING.contains(*c)) {
            return None;
        }
        return Some(end - i + yuan_len(&chars[end..]));
    }
    if matches!(chars[i], '¥' | '￥') {
        let digits = amount_len(&chars[i + 1..]);
        return (digits > 0).then(|| 1 + digits + yuan_len(&chars[i + 1 + digits..]));
    }
    // A number that starts here (not the tail of a longer one).
    if i > 0 && is_amount_char(chars[i - 1]) {
        return None;
    }
    let digits = amount_len(&chars[i..]);
    let yuan = yuan_len(&chars[i + digits..]);
    (digits > 0 && yuan > 0).then_some(digits + yuan)
}

fn starts_with(chars: &[char], word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    chars.starts_with(&w)
}

fn is_amount_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '．')
}

/// `110.4`, `６９`: digits with at most one decimal point and two decimals.
fn amount_len(chars: &[char]) -> usize {
    let whole = chars
        .iter()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c))
        .count();
    if whole == 0 {
        return 0;
    }
    let point = chars.get(whole).is_some_and(|c| matches!(c, '.' | '．'));
    let decimals = chars
        .get(whole + 1..)
        .unwrap_or(&[])
        .iter()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c))
        .count();
    if point && (1..=2).contains(&decimals) {
        whole + 1 + decimals
    } else {
        whole
    }
}

/// `元` or `块钱` after an amount, unless 元 begins a word (`2元宵`).
fn yuan_len(chars: &[char]) -> usize {
    match chars {
        ['块', '钱', ..] => 2,
        ['元', next, ..] if is_word_char(*next) => 0,
        ['元', ..] => 1,
        _ => 0,
    }
}

/// Units things are counted or weighed in.
const COUNTING: &str = "份个盒箱袋斤件只包瓶";

/// A Chinese character that carries on a word: not a numeral or a
/// counting unit, which follow a price (`69元一份`).
fn is_word_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        && !"一二两三四五六七八九十".contains(c)
        && !COUNTING.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Whatever the line, nothing is lost: each character is in the
        /// money found or in the rest, and nothing panics.
        #[test]
        fn nothing_written_is_lost(text in "[已付转了共一¥￥元块钱宵0-9６.．: 山竹x份]{0,24}") {
            let (found, rest) = written(&text);
            let mut all: Vec<char> = format!("{}{rest}", found.concat()).chars().filter(|c| *c != ' ').collect();
            let mut want: Vec<char> = text.chars().filter(|c| *c != ' ').collect();
            all.sort_unstable();
            want.sort_unstable();
            proptest::prop_assert_eq!(all, want);
        }
    }

    fn words(text: &str) -> (Vec<String>, Vec<String>) {
        let (found, rest) = written(text);
        (found, rest.split_whitespace().map(str::to_string).collect())
    }

    #[test]
    fn prices_and_payments_are_taken_out_as_written() {
        assert_eq!(
            words("山竹3斤装 69元 1份"),
            (vec!["69元".into()], vec!["山竹3斤装".into(), "1份".into()])
        );
        assert_eq!(words("山竹3斤装1份 ¥69").0, ["¥69"]);
        assert_eq!(words("山竹x1 已付110.4").0, ["已付110.4"]);
        assert_eq!(words("山竹x1 已转：88元").0, ["已转：88元"]);
        assert_eq!(words("山竹69元一份").1, ["山竹", "一份"]);
        assert_eq!(words("桃子 ￥39.90，葡萄 12块钱").0, ["￥39.90", "12块钱"]);
        assert_eq!(words("苹果1 桃1 共69.8").0, ["共69.8"]);
        assert_eq!(words("桃1 一共 39.9元").0, ["一共 39.9元"]);
    }

    #[test]
    fn counts_packs_and_names_with_yuan_stay() {
        for text in [
            "汤圆2元宵",
            "已付 2份",
            "共2箱",
            "已转3斤",
            "山竹3斤装 2份",
            "已付",
            "苹果 2块",
            "元宵2袋",
            "2026.12.8",
        ] {
            assert!(written(text).0.is_empty(), "{text}");
        }
    }
}
