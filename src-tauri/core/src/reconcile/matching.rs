//! The matching rules, from certain to uncertain, over plain values (no
//! database): what `run` loads goes in, proposals come out. Only certain
//! rules may count an order as paid; the rest are suggestions for a person.

use rustc_hash::FxHashMap as HashMap;

/// An order that still waits for money.
#[derive(Debug, Clone)]
pub struct OpenOrder {
    pub order_no: String,
    pub customer: Option<usize>,
    /// Fen still due.
    pub due: i64,
    pub placed_at: i64,
}

/// A customer's names as payers show them (WeChat nickname, real name),
/// each [`normalize`]d, none empty, none twice.
#[derive(Debug, Clone)]
pub struct Payer {
    pub keys: Vec<String>,
}

impl Payer {
    pub fn new(names: &[&str]) -> Payer {
        let mut keys: Vec<String> = Vec::with_capacity(names.len());
        for key in names.iter().map(|n| normalize(n)) {
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
        }
        Payer { keys }
    }
}

/// Money in that no order claims yet.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub amount: i64,
    pub at: i64,
    pub counterparty: String,
    pub remark: String,
    pub merchant_order_no: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    MerchantOrderNo,
    RemarkOrderNo,
    NameAmountTime,
    SplitPayment,
    SeveralOrders,
    AmountTime,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::MerchantOrderNo => "merchant_order_no",
            Rule::RemarkOrderNo => "remark_order_no",
            Rule::NameAmountTime => "name_amount_time",
            Rule::SplitPayment => "split_payment",
            Rule::SeveralOrders => "several_orders",
            Rule::AmountTime => "amount_time",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub payment: usize,
    pub order: usize,
    pub amount: i64,
    pub certain: bool,
    pub rule: Rule,
}

/// A payment belongs to an order placed at most this long after it (the
/// customer paid, then the merchant typed the order) …
const PAID_BEFORE_ENTRY: i64 = 3600;
/// … or at most this long before it (接龙 buyers pay within days).
const PAY_WITHIN: i64 = 3 * 86_400;
/// Suggestions beyond this many per payment help nobody.
const MAX_SUGGESTIONS: usize = 3;

fn in_window(order: &OpenOrder, at: i64) -> bool {
    at >= order.placed_at - PAID_BEFORE_ENTRY && at <= order.placed_at + PAY_WITHIN
}

/// Full-width to half-width, upper case, no spaces: how people type order
/// numbers and names into a payment note.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter_map(half_width) {
        push_upper(&mut out, c);
    }
    out
}

/// A character as [`normalize`] reads it: full-width forms as their ASCII
/// twins, spaces (the ideographic one too) gone.
fn half_width(c: char) -> Option<char> {
    let c = crate::table::half_width(c);
    (!c.is_whitespace()).then_some(c)
}

/// Pushes `c` upper-cased. ASCII and the common Chinese characters (which
/// have no case) skip the Unicode case tables: a million names and notes
/// are mostly those.
fn push_upper(out: &mut String, c: char) {
    match c {
        _ if c.is_ascii() => out.push(c.to_ascii_uppercase()),
        '\u{4E00}'..='\u{9FFF}' => out.push(c),
        _ => out.extend(c.to_uppercase()),
    }
}

/// An order number as a key: normalized, without dashes or underscores, so
/// `s20261122 0042`, `S20261122-0042` and `Ｓ２０２６１１２２－００４２` agree.
pub fn order_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter_map(half_width) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_uppercase());
            }
        } else {
            // A few letters upper-case to ASCII (ſ to S): as normalize then filter.
            out.extend(c.to_uppercase().filter(char::is_ascii_alphanumeric));
        }
    }
    out
}

/// Candidate order numbers inside a note: runs of letters, digits and
/// dashes (订单/单号/# and other words fall away as separators).
pub fn note_tokens(note: &str) -> Vec<String> {
    normalize(note)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(order_key)
        .filter(|t| t.len() >= 4)
        .collect()
}

/// Orders by number key, for the number rules and refund linking.
pub fn index_numbers(orders: &[OpenOrder]) -> HashMap<String, usize> {
    orders
        .iter()
        .enumerate()
        .map(|(i, o)| (order_key(&o.order_no), i))
        .collect()
}

/// An order with when it was placed, kept beside it in the lists searched
/// by time: the search then reads the list alone, not a million orders at
/// random.
type Placed = (i64, usize);

/// Orders by their payer's name, each list by placing.
struct ByName<'a> {
    ids: HashMap<&'a str, usize>,
    lists: Vec<Vec<Placed>>,
}

impl<'a> ByName<'a> {
    fn id(&mut self, key: &'a str) -> usize {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        self.ids.insert(key, self.lists.len());
        self.lists.push(Vec::new());
        self.lists.len() - 1
    }

    fn get(&self, key: &str) -> Option<&[Placed]> {
        self.ids.get(key).map(|&id| &self.lists[id][..])
    }
}

struct Matcher<'a> {
    /// Each payment's counterparty, normalized once.
    payer_keys: &'a [String],
    orders: &'a [OpenOrder],
    payers: &'a [Payer],
    payments: &'a [Incoming],
    due: Vec<i64>,
    used: Vec<bool>,
    out: Vec<Proposal>,
}

/// Proposes matches for `payments` against `orders`. `rejected(payment,
/// order)` holds the pairs a person already turned down.
pub fn propose(
    orders: &[OpenOrder],
    by_no: &HashMap<String, usize>,
    payers: &[Payer],
    payments: &[Incoming],
    rejected: &dyn Fn(usize, usize) -> bool,
) -> Vec<Proposal> {
    let payer_keys: Vec<String> = payments
        .iter()
        .map(|p| normalize(&p.counterparty))
        .collect();
    let mut m = Matcher {
        payer_keys: &payer_keys,
        orders,
        payers,
        payments,
        due: orders.iter().map(|o| o.due).collect(),
        used: vec![false; payments.len()],
        out: Vec::new(),
    };
    m.by_order_number(by_no, rejected);
    let by_name = m.orders_by_name();
    m.by_name_and_amount(&by_name, rejected);
    m.split_and_several(&by_name, rejected);
    m.by_amount_and_time(rejected);
    m.out
}

impl<'a> Matcher<'a> {
    fn take(&mut self, payment: usize, order: usize, amount: i64, certain: bool, rule: Rule) {
        if certain {
            self.due[order] -= amount;
            self.used[payment] = true;
        }
        self.out.push(Proposal {
            payment,
            order,
            amount,
            certain,
            rule,
        });
    }

    /// Rules 1 and 2: the merchant order number the wallet carries, then
    /// order numbers the payer wrote in the note. Certain either way; one
    /// payment naming several orders pays them in the order written.
    fn by_order_number(
        &mut self,
        by_no: &HashMap<String, usize>,
        rejected: &dyn Fn(usize, usize) -> bool,
    ) {
        let payments = self.payments;
        for (p, pay) in payments.iter().enumerate() {
            let merchant = by_no.get(&order_key(&pay.merchant_order_no)).copied();
            let (rule, mut named) = match merchant {
                Some(o) if !pay.merchant_order_no.is_empty() => (Rule::MerchantOrderNo, vec![o]),
                _ => {
                    let note = format!("{} {}", pay.remark, pay.merchant_order_no);
                    (
                        Rule::RemarkOrderNo,
                        note_tokens(&note)
                            .iter()
                            .filter_map(|t| by_no.get(t).copied())
                            .collect(),
                    )
                }
            };
            named.dedup();
            named.retain(|&o| !rejected(p, o));
            let mut left = pay.amount;
            for (i, &o) in named.iter().enumerate() {
                let last = i + 1 == named.len();
                let amount = if last {
                    left
                } else {
                    left.min(self.due[o].max(0))
                };
                if amount > 0 {
                    self.take(p, o, amount, true, rule);
                    left -= amount;
                }
            }
        }
    }

    /// Orders under each of their payer's names, each list in the order
    /// they were placed: a payment looks at its window of it only, as a
    /// common name has thousands of orders.
    fn orders_by_name(&self) -> ByName<'a> {
        let mut by_name = ByName {
            ids: HashMap::default(),
            lists: Vec::new(),
        };
        // Each customer's names looked up once, not once per order.
        let ids: Vec<Vec<usize>> = self
            .payers
            .iter()
            .map(|p| p.keys.iter().map(|k| by_name.id(k)).collect())
            .collect();
        for (i, o) in self.orders.iter().enumerate() {
            for &key in o.customer.map_or(&[][..], |c| &ids[c]) {
                by_name.lists[key].push((o.placed_at, i));
            }
        }
        for list in &mut by_name.lists {
            list.sort_unstable();
        }
        by_name
    }

    /// The orders of `list` (sorted by placing) whose window holds a
    /// payment made at `at`: placed from [`PAY_WITHIN`] before it to
    /// [`PAID_BEFORE_ENTRY`] after.
    fn in_window_of(list: &[Placed], at: i64) -> impl Iterator<Item = usize> + '_ {
        let start = list.partition_point(|&(placed, _)| placed < at - PAY_WITHIN);
        let len = list[start..].partition_point(|&(placed, _)| placed <= at + PAID_BEFORE_ENTRY);
        list[start..start + len].iter().map(|&(_, o)| o)
    }

    /// Whether `name` belongs to exactly one customer: a nickname two
    /// customers share proves nothing.
    fn one_customer(&self, orders: &[Placed]) -> bool {
        let first = self.orders[orders[0].1].customer;
        orders
            .iter()
            .all(|&(_, o)| self.orders[o].customer == first)
    }

    /// Rule 3: the payer's name and the exact amount due, in the window.
    /// Certain only when the name is one customer's, that customer has just
    /// this one order waiting in the window, and no other payment fits it;
    /// otherwise suggestions.
    fn by_name_and_amount(&mut self, by_name: &ByName, rejected: &dyn Fn(usize, usize) -> bool) {
        let payments = self.payments;
        let mut fits: Vec<(usize, Vec<usize>, bool)> = Vec::new();
        let mut claims: HashMap<usize, usize> = HashMap::default();
        for p in (0..payments.len()).filter(|&p| !self.used[p]) {
            let pay = &payments[p];
            let Some(orders) = by_name.get(&self.payer_keys[p]) else {
                continue;
            };
            let (mut waiting, mut fit) = (0, Vec::new());
            for o in Self::in_window_of(orders, pay.at) {
                if self.due[o] > 0 && !rejected(p, o) {
                    waiting += 1;
                    if self.due[o] == pay.amount {
                        fit.push(o);
                    }
                }
            }
            if fit.is_empty() {
                continue;
            }
            for &o in &fit {
                *claims.entry(o).or_default() += 1;
            }
            let alone = waiting == 1 && self.one_customer(orders);
            fits.push((p, fit.into_iter().take(MAX_SUGGESTIONS).collect(), alone));
        }
        for (p, fit, alone) in fits {
            let certain = alone && claims[&fit[0]] == 1;
            let amount = payments[p].amount;
            for o in fit {
                self.take(p, o, amount, certain, Rule::NameAmountTime);
            }
            self.used[p] = true;
        }
    }

    /// Rules 4 and 5, suggestions only: two payments by one payer adding up
    /// to one order (deposit + balance), or one payment covering two or
    /// three orders of that payer placed one after another.
    fn split_and_several(&mut self, by_name: &ByName, rejected: &dyn Fn(usize, usize) -> bool) {
        let payer_keys = self.payer_keys;
        let mut by_payer: HashMap<&str, Vec<usize>> = HashMap::default();
        for p in (0..self.payments.len()).filter(|&p| !self.used[p]) {
            by_payer.entry(&payer_keys[p]).or_default().push(p);
        }
        for (name, pays) in by_payer {
            let Some(orders) = by_name.get(name) else {
                continue;
            };
            // Beyond a few dozen each side the pairs stop meaning anything.
            if pays.len() > 40 || orders.len() > 40 {
                continue;
            }
            let open: Vec<usize> = orders
                .iter()
                .map(|&(_, o)| o)
                .filter(|&o| self.due[o] > 0)
                .collect();
            for &o in &open {
                let fits = |p: usize| {
                    in_window(&self.orders[o], self.payments[p].at)
                        && !rejected(p, o)
                        && !self.used[p]
                };
                let pair = pays.iter().enumerate().find_map(|(i, &a)| {
                    pays[i + 1..]
                        .iter()
                        .find(|&&b| {
                            fits(a)
                                && fits(b)
                                && self.payments[a].amount + self.payments[b].amount == self.due[o]
                        })
                        .map(|&b| (a, b))
                });
                if let Some((a, b)) = pair {
                    for p in [a, b] {
                        self.take(p, o, self.payments[p].amount, false, Rule::SplitPayment);
                        self.used[p] = true;
                    }
                }
            }
            for &p in &pays {
                if self.used[p] {
                    continue;
                }
                let pay = &self.payments[p];
                let mut near: Vec<usize> = open
                    .iter()
                    .copied()
                    .filter(|&o| in_window(&self.orders[o], pay.at) && !rejected(p, o))
                    .collect();
                near.sort_by_key(|&o| self.orders[o].placed_at);
                let run = (2..=3).find_map(|n| {
                    near.windows(n)
                        .find(|w| w.iter().map(|&o| self.due[o]).sum::<i64>() == pay.amount)
                        .map(<[usize]>::to_vec)
                });
                if let Some(run) = run {
                    for o in run {
                        self.take(p, o, self.due[o], false, Rule::SeveralOrders);
                    }
                    self.used[p] = true;
                }
            }
        }
    }

    /// Rule 6, suggestions only: nothing but the exact amount in the window.
    fn by_amount_and_time(&mut self, rejected: &dyn Fn(usize, usize) -> bool) {
        let mut by_due: HashMap<i64, Vec<Placed>> = HashMap::default();
        for (o, &due) in self.due.iter().enumerate() {
            if due > 0 {
                by_due
                    .entry(due)
                    .or_default()
                    .push((self.orders[o].placed_at, o));
            }
        }
        for list in by_due.values_mut() {
            list.sort_unstable();
        }
        let payments = self.payments;
        for (p, pay) in payments.iter().enumerate() {
            if self.used[p] {
                continue;
            }
            let Some(list) = by_due.get(&pay.amount) else {
                continue;
            };
            let fit: Vec<usize> = Self::in_window_of(list, pay.at)
                .filter(|&o| !rejected(p, o))
                .collect();
            if (1..=MAX_SUGGESTIONS).contains(&fit.len()) {
                for o in fit {
                    self.take(p, o, pay.amount, false, Rule::AmountTime);
                }
            }
        }
    }
}

#[cfg(test)]
mod key_tests {
    use super::{normalize, order_key};
    use proptest::prelude::*;

    /// What the keys mean, char by char through the Unicode tables; the
    /// shortcuts taken for speed must give the same.
    fn meaning(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    }

    proptest! {
        #[test]
        fn keys_mean_what_they_say(text in "[a-zA-Z0-9 \t\u{0B}\u{85}\u{3000}\u{FF01}-\u{FF5E}\u{4E00}-\u{4E20}\u{9FF0}-\u{A010}ßſﬀıéÉ_#-]{0,24}") {
            prop_assert_eq!(normalize(&text), meaning(&text));
            let key: String = meaning(&text).chars().filter(char::is_ascii_alphanumeric).collect();
            prop_assert_eq!(order_key(&text), key);
        }
    }

    #[test]
    fn order_numbers_typed_every_way_agree() {
        for typed in [
            "s20261122 0042",
            "S20261122-0042",
            "Ｓ２０２６１１２２－００４２",
            "ſ20261122_0042",
        ] {
            assert_eq!(order_key(typed), "S202611220042", "{typed}");
        }
        assert_eq!(normalize("王 阿姨\u{3000}ａｂ"), "王阿姨AB");
    }
}
