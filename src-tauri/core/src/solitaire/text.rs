//! The words of a WeChat 接龙 as people type them: numbered lines, Chinese
//! numerals, `x2` / `×2` / `2箱`, separators of every width.

/// Full-width digits, letters and signs to their ASCII twins; the
/// multiplication signs people use to `x`.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '×' | '＊' | '*' | 'X' | '✖' => 'x',
            '\u{3000}' => ' ',
            '．' => '.',
            _ => c,
        })
        .collect()
}

/// `3. 王阿姨 …`, `3、…`, `3）…`, `3 …`: the list number and the rest.
pub fn numbered(line: &str) -> Option<(u32, &str)> {
    let trimmed = line.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let (number, rest) = trimmed.split_at(digits);
    let mut chars = rest.chars();
    let sep = chars.next()?;
    if !matches!(sep, '.' | '、' | ')' | '）' | ' ' | ':' | '：' | ',' | '，') {
        return None;
    }
    let rest = chars.as_str().trim();
    let n = number.parse().ok()?;
    (!rest.is_empty()).then_some((n, rest))
}

/// Splits an entry into chunks at separators and spaces.
pub fn chunks(text: &str) -> Vec<&str> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；' | '/' | '+' | '＋' | '|')
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .collect()
}

const UNITS: &[&str] = &[
    "公斤", "千克", "kg", "箱", "斤", "份", "个", "盒", "袋", "件", "包", "只", "瓶", "串", "颗",
    "杯", "块", "条", "支", "提", "把", "桶", "罐", "组", "套", "束", "单",
];

fn digit(c: char) -> Option<i64> {
    Some(match c {
        '零' => 0,
        '一' => 1,
        '二' | '两' | '俩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// 一…九十九 as people write counts: 两, 十, 十二, 二十, 二十五.
pub fn chinese_number(text: &str) -> Option<i64> {
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [d] => digit(*d).filter(|n| *n > 0).or((*d == '十').then_some(10)),
        ['十', d] => Some(10 + digit(*d)?),
        [d, '十'] => Some(digit(*d)? * 10),
        [d, '十', e] => Some(digit(*d)? * 10 + digit(*e)?),
        _ => None,
    }
}

/// A count: ASCII digits or a Chinese numeral.
fn number(text: &str) -> Option<i64> {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok().filter(|n| *n > 0 && *n < 100_000);
    }
    chinese_number(text)
}

fn is_count_char(c: char) -> bool {
    c.is_ascii_digit() || digit(c).is_some() || c == '十'
}

fn strip_unit(text: &str) -> &str {
    UNITS
        .iter()
        .find_map(|u| text.strip_suffix(u))
        .unwrap_or(text)
}

/// A chunk as a product text and a quantity: `桃x2`, `桃 2`, `水蜜桃两箱`,
/// `2箱桃`, `x2`. No quantity written means one.
pub fn item(chunk: &str) -> (String, i64) {
    let text = chunk.trim();
    // Quantity at the end: `…x2`, `…2箱`, `…两箱`, `…2`.
    let body = strip_unit(text);
    let tail_len = body.chars().rev().take_while(|c| is_count_char(*c)).count();
    if tail_len > 0 {
        let split = body
            .char_indices()
            .rev()
            .nth(tail_len - 1)
            .map_or(0, |(i, _)| i);
        let (name, count) = body.split_at(split);
        let name = name.trim_end().trim_end_matches('x').trim();
        // A unit or an `x` makes digits a count; bare digits after a name
        // also are (`苹果1`), but not a Chinese numeral inside a name
        // (九九草莓) unless a unit follows.
        let marked = body.len() != text.len()
            || text[..split].trim_end().ends_with('x')
            || count.chars().all(|c| c.is_ascii_digit());
        if let (Some(n), true) = (number(count), marked) {
            return (name.to_string(), n);
        }
    }
    // Quantity in front: `2箱桃`, `两份桃`, `x2 桃`.
    let lead = text.trim_start_matches('x');
    let head_len = lead.chars().take_while(|c| is_count_char(*c)).count();
    if head_len > 0 {
        let split = lead
            .char_indices()
            .nth(head_len)
            .map_or(lead.len(), |(i, _)| i);
        let (count, rest) = lead.split_at(split);
        let unit = UNITS.iter().find(|u| rest.starts_with(*u));
        if let (Some(n), Some(u)) = (number(count), unit) {
            return (rest[u.len()..].trim().to_string(), n);
        }
    }
    (text.to_string(), 1)
}

/// Splits `桃x2苹果1` (no separators) into its items at each count.
pub fn split_run(chunk: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_count = false;
    for (i, c) in chunk.char_indices() {
        let count = c.is_ascii_digit() || c == 'x';
        if in_count && !count && !UNITS.iter().any(|u| chunk[i..].starts_with(u)) {
            out.push(&chunk[start..i]);
            start = i;
        }
        if in_count && UNITS.iter().any(|u| chunk[i..].starts_with(u)) {
            continue;
        }
        in_count = count || (in_count && UNITS.iter().any(|u| u.contains(c)));
    }
    out.push(&chunk[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counts_the_way_people_write_them() {
        assert_eq!(item("桃x2"), ("桃".into(), 2));
        assert_eq!(item("桃 x 2"), ("桃".into(), 2));
        assert_eq!(item("苹果1"), ("苹果".into(), 1));
        assert_eq!(item("水蜜桃两箱"), ("水蜜桃".into(), 2));
        assert_eq!(item("2箱桃"), ("桃".into(), 2));
        assert_eq!(item("三份桃"), ("桃".into(), 3));
        assert_eq!(
            item("香蕉十二"),
            ("香蕉十二".into(), 1),
            "bare Chinese numerals stay in the name"
        );
        assert_eq!(item("香蕉十二斤"), ("香蕉".into(), 12));
        assert_eq!(item("丹东九九草莓"), ("丹东九九草莓".into(), 1));
        assert_eq!(item("烟薯25号"), ("烟薯25号".into(), 1));
        assert_eq!(item(&normalize("桃×３")), ("桃".into(), 3));
        assert_eq!(chinese_number("二十五"), Some(25));
        assert_eq!(chinese_number("两"), Some(2));
    }

    #[test]
    fn finds_numbered_lines_and_chunks() {
        assert_eq!(
            numbered("3. 王阿姨 苹果x2 香蕉1"),
            Some((3, "王阿姨 苹果x2 香蕉1"))
        );
        assert_eq!(numbered("12、李姐 桃"), Some((12, "李姐 桃")));
        assert_eq!(numbered("接龙 水果"), None);
        assert_eq!(numbered("2026年11月22日"), None);
        assert_eq!(
            chunks("王阿姨 苹果x2，香蕉1、桃"),
            ["王阿姨", "苹果x2", "香蕉1", "桃"]
        );
        assert_eq!(split_run("桃x2苹果1"), ["桃x2", "苹果1"]);
        assert_eq!(split_run("桃2箱苹果1"), ["桃2箱", "苹果1"]);
        assert_eq!(split_run("烟薯25号"), ["烟薯25", "号"]);
    }
}
