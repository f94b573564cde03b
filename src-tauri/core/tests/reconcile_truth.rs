//! Generated shops where we know which payment pays which order: no
//! automatic match may ever be wrong (precision 100%), and recall is
//! printed (`cargo test --test reconcile_truth -- --nocapture`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use std::collections::HashSet;

use proptest::prelude::*;
use storefront_core::reconcile::matching::{index_numbers, propose, Incoming, OpenOrder, Payer};

/// SplitMix64: small, deterministic, enough to draw a shop from a seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const NICKS: &[&str] = &[
    "阿花",
    "小王",
    "老李",
    "Lily",
    "张姐",
    "🍑桃子",
    "王阿姨",
    "Mr.陈",
    "小芳",
    "大刘",
    "周周",
    "晴天",
];
const PRICES: &[i64] = &[990, 1990, 3650, 5000, 12_800, 2990];
const HOUR: i64 = 3600;

struct World {
    orders: Vec<OpenOrder>,
    payers: Vec<Payer>,
    payments: Vec<Incoming>,
    /// payment index → the orders it truly pays (empty for noise).
    truth: Vec<Vec<usize>>,
}

fn world(seed: u64, n_orders: usize) -> World {
    let mut rng = Rng(seed);
    // About 100 orders a day, customers coming back about weekly; one in
    // five shares a common nickname, as in any WeChat group.
    let hours = (n_orders as u64 / 100).max(3) * 24;
    let payers: Vec<Payer> = (0..n_orders / 2 + 2)
        .map(|i| {
            let nick = if rng.below(5) == 0 {
                rng.pick(NICKS).to_string()
            } else {
                format!("{}{i}", rng.pick(NICKS))
            };
            let name = if rng.below(3) == 0 {
                nick.clone()
            } else {
                format!("客户{i}")
            };
            Payer::new(&[&nick, &name])
        })
        .collect();
    let orders: Vec<OpenOrder> = (0..n_orders)
        .map(|i| OpenOrder {
            order_no: format!("S202611{:02}-{:04}", 10 + i % 10, i + 1),
            customer: Some(rng.below(payers.len() as u64) as usize),
            due: rng.pick(PRICES) * (1 + rng.below(3) as i64),
            placed_at: 1_763_600_000 + rng.below(hours) as i64 * HOUR,
        })
        .collect();
    let mut w = World {
        orders,
        payers,
        payments: Vec::new(),
        truth: Vec::new(),
    };
    for o in 0..n_orders {
        w.pay(&mut rng, o);
    }
    // Noise: strangers paying amounts that exist, customers paying amounts that do not.
    for _ in 0..n_orders / 5 {
        let amount = w.orders[rng.below(n_orders as u64) as usize].due;
        let at = 1_763_600_000 + rng.below(hours) as i64 * HOUR;
        w.push(
            &format!("路人{}", rng.below(1000)),
            amount,
            at,
            "",
            "",
            vec![],
        );
        let c = w.payers[rng.below(w.payers.len() as u64) as usize].keys[0].clone();
        w.push(&c, 7 + rng.below(90) as i64, at, "还你的", "", vec![]);
    }
    w
}

impl World {
    fn push(
        &mut self,
        who: &str,
        amount: i64,
        at: i64,
        remark: &str,
        merchant_no: &str,
        truth: Vec<usize>,
    ) {
        self.payments.push(Incoming {
            amount,
            at,
            counterparty: who.to_string(),
            remark: remark.to_string(),
            merchant_order_no: merchant_no.to_string(),
        });
        self.truth.push(truth);
    }

    /// How order `o` gets paid, if at all.
    fn pay(&mut self, rng: &mut Rng, o: usize) {
        let order = self.orders[o].clone();
        let payer = &self.payers[order.customer.unwrap()];
        let who = rng.pick(&payer.keys).clone();
        let at = order.placed_at + rng.below(48) as i64 * HOUR - HOUR / 2;
        match rng.below(20) {
            0..=1 => self.push("微信用户", order.due, at, "", &order.order_no, vec![o]),
            2..=4 => {
                let typed = match rng.below(3) {
                    0 => format!("订单号：{}", full_width(&order.order_no)),
                    1 => format!("单号 {}", order.order_no.to_lowercase()),
                    _ => format!("#{} 谢谢", order.order_no.replace('-', "")),
                };
                self.push(&who, order.due, at, &typed, "", vec![o]);
            }
            5..=13 => self.push(&who, order.due, at, "", "", vec![o]),
            14..=15 if order.due > 1000 => {
                let deposit = order.due / 3;
                self.push(&who, deposit, at, "定金", "", vec![o]);
                self.push(
                    &who,
                    order.due - deposit,
                    at + 6 * HOUR,
                    "尾款",
                    "",
                    vec![o],
                );
            }
            _ => {} // not paid yet
        }
    }
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect()
}

/// Orders matched automatically and rightly, wrong automatic matches, orders
/// with only a right suggestion, and how many orders were paid at all.
fn score(w: &World) -> (usize, usize, usize, usize) {
    let by_no = index_numbers(&w.orders);
    let proposals = propose(&w.orders, &by_no, &w.payers, &w.payments, &|_, _| false);
    let mut wrong = 0;
    let (mut auto_right, mut suggested_right) = (HashSet::new(), HashSet::new());
    for p in &proposals {
        let true_pair = w.truth[p.payment].contains(&p.order);
        match (p.certain, true_pair) {
            (true, true) => {
                auto_right.insert(p.order);
            }
            (true, false) => wrong += 1,
            (false, true) => {
                suggested_right.insert(p.order);
            }
            _ => {}
        }
    }
    let paid: HashSet<usize> = w.truth.iter().flatten().copied().collect();
    let suggested_only = suggested_right.difference(&auto_right).count();
    (auto_right.len(), wrong, suggested_only, paid.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn no_automatic_match_is_ever_wrong(seed in any::<u64>(), n in 5usize..300) {
        let w = world(seed, n);
        let (_, wrong, _, _) = score(&w);
        prop_assert_eq!(wrong, 0);
    }
}

#[test]
fn recall_on_a_large_shop() {
    let (mut right, mut suggested, mut paid) = (0, 0, 0);
    for seed in 0..20 {
        let w = world(seed, 2000);
        let (r, wrong, s, p) = score(&w);
        assert_eq!(wrong, 0, "seed {seed}");
        right += r;
        suggested += s;
        paid += p;
    }
    let pct = |n: usize| n as f64 * 100.0 / paid as f64;
    let auto = right as f64 / paid as f64;
    println!(
        "paid orders: {paid}; paid automatically (all right): {right} ({:.1}%); a right suggestion waits: {suggested} ({:.1}%); found neither: {:.1}%",
        pct(right),
        pct(suggested),
        pct(paid - right - suggested)
    );
    // A floor, so a rule that stops working fails here.
    assert!(auto > 0.5, "automatic recall {auto:.3}");
}

/// The payer's name and amount look only at orders placed from three days
/// before the payment to an hour after it: of three equal orders by one
/// customer, just the one inside that window is paid, and certainly.
#[test]
fn a_name_and_amount_match_keeps_to_its_window() {
    const DAY: i64 = 86_400;
    let t = 1_000 * DAY;
    let order = |no: &str, placed_at: i64| OpenOrder {
        order_no: no.into(),
        customer: Some(0),
        due: 5_000,
        placed_at,
    };
    // Placed in the reverse of their numbering, so the list's order is not
    // the time order.
    let orders = vec![
        order("S-LATE", t + 3_601),
        order("S-EDGE", t + 3_600),
        order("S-EARLY", t - 3 * DAY - 1),
    ];
    let payers = vec![Payer::new(&["张三"])];
    let payments = vec![Incoming {
        amount: 5_000,
        at: t,
        counterparty: "张三".into(),
        remark: String::new(),
        merchant_order_no: String::new(),
    }];
    let by_no = index_numbers(&orders);
    let proposals = propose(&orders, &by_no, &payers, &payments, &|_, _| false);
    let got: Vec<(&str, bool)> = proposals
        .iter()
        .map(|p| (orders[p.order].order_no.as_str(), p.certain))
        .collect();
    assert_eq!(got, [("S-EDGE", true)]);
}
