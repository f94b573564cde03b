//! What a buyer says besides the order: courtesy (`谢谢`, `我要`), how they
//! want it (`自提`, `送货上门`), what they say of paying (`已付`) and a note
//! marked `备注`. None of it is a product.

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

/// The remarks written in the text (the words above, then a marked note
/// whole), and the text without them.
pub fn remarks(text: &str) -> (Vec<String>, String) {
    let (text, note) = match text.split_once(NOTE_MARK) {
        Some((before, note)) => (before, note.trim_start_matches([':', '：']).trim()),
        None => (text, ""),
    };
    let mut rest = text.to_string();
    let mut found = Vec::new();
    for r in REMARKS {
        if rest.contains(r) {
            found.push(r.to_string());
            rest = rest.replace(r, " ");
        }
    }
    found.extend((!note.is_empty()).then(|| note.to_string()));
    (found, rest)
}
