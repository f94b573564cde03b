//! What a buyer says besides the order: courtesy (`谢谢`, `我要`), how they
//! want it (`周六自提`, `送货上门`, `要大点的`), what they say of paying
//! (`已付`) and a note marked `备注`. None of it is a product.

use super::text;

/// Courtesy that carries no order: left out of the items (the entry keeps
/// its whole text).
const COURTESY: &[&str] = &[
    "谢谢",
    "谢啦",
    "感谢",
    "辛苦了",
    "辛苦",
    "麻烦了",
    "麻烦",
    "老板",
    "亲亲",
    "哈哈",
    "我要",
    "我买",
    "预定",
    "预订",
    "团长",
    "都要",
];

pub fn without_courtesy(text: &str) -> String {
    COURTESY
        .iter()
        .fold(text.to_string(), |t, w| t.replace(w, " "))
}

/// How the buyer wants it handed over, or what they say of paying: a remark
/// for the order, not a product. (A payment said is not a payment matched:
/// reconciliation decides that.)
const REMARKS: &[&str] = &[
    "已付款",
    "已支付",
    "已转账",
    "已付",
    "已转",
    "送货上门",
    "送上门",
    "送到家",
    "送到楼下",
    "放楼下",
    "放门卫",
    "放快递柜",
    "放门口",
    "自提",
    "送货",
    "快递",
    "到付",
    "加急",
];

/// What marks the rest of a line as the buyer's own note (`备注：下午来拿`):
/// whatever follows is the remark, never a product.
const NOTE_MARK: &str = "备注";

/// When a buyer says they come (`周六自提`, `明天下午自提`): kept with
/// the word after it.
const WHEN: &[&str] = &[
    "周一",
    "周二",
    "周三",
    "周四",
    "周五",
    "周六",
    "周日",
    "周天",
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
    "星期天",
    "今天",
    "明天",
    "后天",
    "今晚",
    "明晚",
    "上午",
    "中午",
    "下午",
    "晚上",
    "早上",
];

/// The remarks written in the text (the words above with when they are
/// wanted, a wish for how the goods are picked, then a marked note whole),
/// and the text without them.
pub fn remarks(text: &str) -> (Vec<String>, String) {
    let (text, note) = match text.split_once(NOTE_MARK) {
        Some((before, note)) => (before, note.trim_start_matches([':', '：']).trim()),
        None => (text, ""),
    };
    let mut rest = text.to_string();
    let mut found = Vec::new();
    for r in REMARKS {
        if let Some(at) = rest.find(r) {
            let said = format!("{}{r}", when_before(&rest[..at]));
            found.push(said.clone());
            rest = rest.replacen(&said, " ", 1).replace(r, " ");
        }
    }
    let (wishes, rest) = wishes(&rest);
    found.extend(wishes);
    found.extend((!note.is_empty()).then(|| note.to_string()));
    (found, rest)
}

/// The words of time that end `before` (`周六`, `明天下午`).
fn when_before(before: &str) -> &str {
    let mut start = before.len();
    while let Some(w) = WHEN.iter().find(|w| before[..start].ends_with(*w)) {
        start -= w.len();
    }
    &before[start..]
}

/// `桃x2（送人）`: a note in brackets that orders nothing (`is_note`) is a
/// remark; `（5斤装）` or `（一箱送我妈）` stays with the order.
pub fn in_brackets(text: &str, is_note: impl Fn(&str) -> bool) -> (Vec<String>, String) {
    let mut found = Vec::new();
    let mut rest = String::with_capacity(text.len());
    let mut left = text;
    while let Some(open) = left.find(['(', '（']) {
        let after = &left[open..];
        let inner_start = after.chars().next().map_or(1, char::len_utf8);
        let Some(close) = after[inner_start..].find([')', '）']) else {
            break;
        };
        let inner = &after[inner_start..inner_start + close];
        let end = open
            + inner_start
            + close
            + after[inner_start + close..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        rest.push_str(&left[..open]);
        if !inner.trim().is_empty() && is_note(inner) {
            found.push(inner.trim().to_string());
            rest.push(' ');
        } else {
            rest.push_str(&left[open..end]);
        }
        left = &left[end..];
    }
    rest.push_str(left);
    (found, rest)
}

/// `要大点的`, `挑熟一点的`: how the buyer wants the goods picked, a chunk
/// of its own with no count in it (`要2个大的` orders); `@小美`, whom the
/// buyer tags.
fn wishes(text: &str) -> (Vec<String>, String) {
    let mut found = Vec::new();
    let mut rest = String::with_capacity(text.len());
    for chunk in text.split_inclusive(|c: char| c.is_whitespace() || "，,、;；".contains(c)) {
        let word = chunk.trim_end_matches(|c: char| c.is_whitespace() || "，,、;；".contains(c));
        let counts = text::has_numeral(&word.replace("一点", "").replace("一些", ""));
        let wish = ["要", "挑", "选"].iter().any(|w| word.starts_with(w))
            && word.ends_with('的')
            && word.chars().count() > 2
            && !counts;
        let wish = wish || (word.starts_with(['@', '＠']) && word.chars().count() > 1);
        if wish {
            found.push(word.to_string());
            rest.push(' ');
        } else {
            rest.push_str(chunk);
        }
    }
    (found, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_and_how_the_buyer_wants_it_are_remarks() {
        let (found, rest) = remarks("车厘子 x 1 (周六自提)");
        assert_eq!(found, ["周六自提"]);
        assert!(
            !rest.contains("周六") && rest.contains("车厘子 x 1"),
            "{rest}"
        );
        let (found, rest) = remarks("榴莲 1 个 要大点的");
        assert_eq!(
            (found, rest.trim()),
            (vec!["要大点的".to_string()], "榴莲 1 个")
        );
        let (found, _) = remarks("哈密瓜一个，送到楼下，挑熟一点的");
        assert_eq!(found, ["送到楼下", "挑熟一点的"]);
        let (found, _) = remarks("桃x2 @小美");
        assert_eq!(found, ["@小美"]);
        let (found, rest) = in_brackets("桃x2（送人）苹果1(5斤装)", |inner| {
            !inner.contains('5')
        });
        assert_eq!(
            (found, rest.as_str()),
            (vec!["送人".to_string()], "桃x2 苹果1(5斤装)")
        );
        let (found, rest) = in_brackets("桃（送人", |_| true);
        assert_eq!(
            (found.len(), rest.as_str()),
            (0, "桃（送人"),
            "never closed: kept"
        );
        let (found, rest) = remarks("桃 要2个大的 明天下午自提");
        assert_eq!(found, ["明天下午自提"]);
        assert!(rest.contains("要2个大的"), "a count: an order, {rest}");
    }
}
