//! The rollups against their facts under random histories of the shop's
//! orders: whatever happens, in whatever order, `check` finds every rollup
//! equal to the facts it sums.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::sales::{self, By};
use super::tests::bill;
use super::Period;
use crate::money::Money;
use crate::progress::Silent;
use crate::store::Store;
use crate::testing::peach_shop;

/// One step of a random history of the shop's orders.
#[derive(Debug, Clone)]
enum Step {
    Order {
        customer: u8,
        qty: i32,
        day: u8,
    },
    Status {
        order: u8,
        to: &'static str,
    },
    MoveDay {
        order: u8,
        day: u8,
    },
    Pay {
        order: u8,
    },
    Refund {
        order: u8,
        fen: i64,
    },
    /// 改单 to `qty` peaches (its lines replaced whole).
    Edit {
        order: u8,
        qty: i32,
    },
    /// The order moved in or out of the campaign.
    Campaign {
        order: u8,
        into: bool,
    },
    /// The cost price of the orders taken from now on.
    Cost {
        fen: i64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..5, 1i32..4, 0u8..90).prop_map(|(customer, qty, day)| Step::Order {
            customer,
            qty,
            day
        }),
        (
            0u8..20,
            prop::sample::select(vec!["paid", "cancelled", "fulfilled", "completed"])
        )
            .prop_map(|(order, to)| Step::Status { order, to }),
        (0u8..20, 0u8..90).prop_map(|(order, day)| Step::MoveDay { order, day }),
        (0u8..20).prop_map(|order| Step::Pay { order }),
        (0u8..20, 1i64..5000).prop_map(|(order, fen)| Step::Refund { order, fen }),
        (0u8..20, 1i32..4).prop_map(|(order, qty)| Step::Edit { order, qty }),
        (0u8..20, any::<bool>()).prop_map(|(order, into)| Step::Campaign { order, into }),
        prop::sample::select(vec![0i64, 1999, 2501]).prop_map(|fen| Step::Cost { fen }),
    ]
}

/// A shop with one campaign and the orders a history has taken.
struct History {
    store: Store,
    campaign: String,
    orders: Vec<String>,
    paid: u32,
}

impl History {
    fn start(mut store: Store) -> History {
        let campaign = store
            .write(|w| {
                crate::campaigns::records::add(
                    w,
                    &crate::campaigns::records::NewCampaign {
                        name: "直播".into(),
                        kind: "live".into(),
                        starts: "2026-08-01".into(),
                        ends: "2026-12-31".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        History {
            store,
            campaign,
            orders: Vec::new(),
            paid: 0,
        }
    }

    fn order(&self, n: u8) -> Option<String> {
        (!self.orders.is_empty()).then(|| self.orders[n as usize % self.orders.len()].clone())
    }

    fn set_day(&self, no: &str, d: u8) {
        let when = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap() + chrono::Duration::days(d as i64);
        self.store
            .conn()
            .execute(
                "UPDATE orders SET business_day = ?1 WHERE order_no = ?2",
                [when.to_string(), no.to_string()],
            )
            .unwrap();
    }

    /// Takes the step; one the shop refuses (paying a cancelled order, say)
    /// leaves it as it was.
    fn take(&mut self, s: Step) {
        let n = match s {
            Step::Order { customer, qty, day } => return self.new_order(customer, qty, day),
            Step::Cost { fen } => {
                let conn = self.store.conn();
                conn.execute("UPDATE variants SET cost_fen = ?1", [fen])
                    .unwrap();
                return;
            }
            Step::Status { order, .. }
            | Step::MoveDay { order, .. }
            | Step::Pay { order }
            | Step::Refund { order, .. }
            | Step::Edit { order, .. }
            | Step::Campaign { order, .. } => order,
        };
        if let Some(no) = self.order(n) {
            self.on_order(&no, s);
        }
    }

    fn new_order(&mut self, customer: u8, qty: i32, day: u8) {
        let o = crate::orders::NewOrder {
            customer: format!("顾客{customer}"),
            channel: ["wechat", "offline"][customer as usize % 2].into(),
            lines: vec![crate::orders::NewLine {
                sku: "TAO-5".into(),
                qty,
                ..Default::default()
            }],
            campaign_id: (!customer.is_multiple_of(3)).then(|| self.campaign.clone()),
            ..Default::default()
        };
        let no = self
            .store
            .write(|w| crate::checkout::create(w, &o))
            .unwrap();
        self.set_day(&no, day);
        self.orders.push(no);
    }

    fn on_order(&mut self, no: &str, s: Step) {
        let store = &mut self.store;
        match s {
            Step::Status { to, .. } => {
                let _ = store.write(|w| crate::checkout::status::set(w, no, to, true).map(drop));
            }
            Step::MoveDay { day, .. } => self.set_day(no, day),
            Step::Pay { .. } => {
                let total: i64 = store
                    .conn()
                    .query_row(
                        "SELECT total_fen FROM orders WHERE order_no = ?1",
                        [no],
                        |r| r.get(0),
                    )
                    .unwrap();
                self.paid += 1;
                let when = format!("2026-11-20 10:{:02}:00", self.paid % 60);
                let money = bill(&[(when.as_str(), no, total)]);
                let money = String::from_utf8(money)
                    .unwrap()
                    .replace("T2026000000", &format!("P{}", self.paid));
                let _ =
                    crate::reconcile::import_and_run(store, money.as_bytes(), "bill.csv", &Silent);
            }
            Step::Refund { fen, .. } => {
                let _ = crate::reconcile::refund_owed(store, no, Money::from_fen(fen), "坏果");
            }
            Step::Edit { qty, .. } => {
                let edit = crate::checkout::edit::OrderEdit {
                    lines: vec![crate::orders::NewLine {
                        sku: "TAO-5".into(),
                        qty,
                        ..Default::default()
                    }],
                    reason: "改数量".into(),
                    allow_oversell: true,
                };
                let _ = store.write(|w| crate::checkout::edit::edit(w, no, &edit).map(drop));
            }
            Step::Campaign { into, .. } => {
                let campaign = into.then(|| self.campaign.clone());
                store
                    .conn()
                    .execute(
                        "UPDATE orders SET campaign_id = ?1 WHERE order_no = ?2",
                        rusqlite::params![campaign, no],
                    )
                    .unwrap();
            }
            Step::Order { .. } | Step::Cost { .. } => unreachable!("taken by `take`"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever happens to the orders and their money, in whatever order,
    /// every rollup equals its facts (`check` recomputes them) and the month
    /// report equals a sum over the orders themselves.
    #[test]
    fn rollups_equal_their_facts(steps in prop::collection::vec(step(), 1..40)) {
        let (_dir, store) = peach_shop();
        let mut history = History::start(store);
        for s in steps {
            history.take(s);
        }
        let conn = history.store.conn();
        let report = crate::check::run(conn).unwrap();
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
        let p = Period::parse("2026-08-01", "2026-10-31").unwrap();
        let months = sales::series(conn, p, By::Month).unwrap();
        let from_rollup: i64 = months.iter().map(|m| m.gmv.fen()).sum();
        let from_facts: i64 = conn.query_row(
            "SELECT COALESCE(sum(total_fen), 0) FROM orders WHERE status NOT IN ('draft', 'cancelled')
             AND business_day BETWEEN '2026-08-01' AND '2026-10-31'", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(from_rollup, from_facts);
    }
}
