//! Property: whatever a shop does to its stock and orders, in any order,
//! the cached stock equals the ledger, held stock equals the open orders,
//! order totals equal their lines, batches hold what their movements left
//! and never more than the shelf, and the shelf never goes negative.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at its first failure

use proptest::prelude::*;
use storefront_core::catalog::edit::{self, ProductInput, VariantInput};
use storefront_core::checkout::{self, status};
use storefront_core::orders::{NewLine, NewOrder};
use storefront_core::stock::count::{self, Change, Counted};
use storefront_core::{check, Money, Session, Store};

#[derive(Debug, Clone)]
enum Op {
    Order {
        sku: usize,
        qty: i32,
        oversell: bool,
    },
    Status {
        order: usize,
        to: &'static str,
    },
    /// Goods received, with a best-before date (days after 1 December) a batch.
    Receive {
        sku: usize,
        qty: i64,
        expires: Option<u32>,
    },
    Damage {
        sku: usize,
        qty: i64,
    },
    Adjust {
        sku: usize,
        qty: i64,
    },
    Count {
        sku: usize,
        counted: i64,
    },
    Refund {
        order: usize,
    },
    Edit {
        order: usize,
        sku: usize,
        qty: i32,
    },
}

const SKUS: [&str; 3] = ["TAO-5", "PG-1", "XJ-1"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 1..6i32, any::<bool>()).prop_map(|(sku, qty, oversell)| Op::Order {
            sku,
            qty,
            oversell
        }),
        (
            0..40usize,
            prop::sample::select(vec![
                "paid",
                "fulfilled",
                "completed",
                "cancelled",
                "awaiting_payment"
            ])
        )
            .prop_map(|(order, to)| Op::Status { order, to }),
        (0..3usize, 1..20i64, prop::option::of(0..10u32))
            .prop_map(|(sku, qty, expires)| Op::Receive { sku, qty, expires }),
        (0..3usize, 1..5i64).prop_map(|(sku, qty)| Op::Damage { sku, qty }),
        (0..3usize, -5..5i64).prop_map(|(sku, qty)| Op::Adjust { sku, qty }),
        (0..3usize, 0..30i64).prop_map(|(sku, counted)| Op::Count { sku, counted }),
        (0..40usize).prop_map(|order| Op::Refund { order }),
        (0..40usize, 0..3usize, 1..6i32).prop_map(|(order, sku, qty)| Op::Edit { order, sku, qty }),
    ]
}

fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), Session::new("prop")).unwrap();
    let product = ProductInput {
        name: "水果".into(),
        role: "normal".into(),
        variants: SKUS
            .iter()
            .enumerate()
            .map(|(i, sku)| VariantInput {
                sku: sku.to_string(),
                options: format!("规格{i}"),
                price: Money::from_fen(1990 + i as i64 * 7),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    store.write(|w| edit::save(w, &product)).unwrap();
    (dir, store)
}

fn apply(store: &mut Store, orders: &mut Vec<String>, op: &Op) {
    // Refusals (not enough stock, a step the status does not allow) are
    // part of the rules; what matters is that they leave no trace.
    let _ = match op {
        Op::Order { sku, qty, oversell } => store
            .write(|w| {
                let order = NewOrder {
                    customer: format!("客{qty}"),
                    channel: "wechat".into(),
                    lines: vec![NewLine {
                        sku: SKUS[*sku].into(),
                        qty: *qty,
                        ..Default::default()
                    }],
                    allow_oversell: *oversell,
                    ..Default::default()
                };
                checkout::create(w, &order)
            })
            .map(|no| orders.push(no)),
        Op::Status { order, to } => match orders.get(*order) {
            Some(no) => store.write(|w| status::set(w, no, to, false)).map(drop),
            None => Ok(()),
        },
        Op::Receive { sku, qty, expires } => {
            let c = Change {
                sku: SKUS[*sku].into(),
                qty: *qty,
                reason: "receipt".into(),
                expires_on: expires.map(|d| format!("2026-12-{:02}", d + 1)),
                ..Default::default()
            };
            store.write(|w| count::change(w, &c)).map(drop)
        }
        Op::Damage { sku, qty } => change(store, *sku, *qty, "damage"),
        Op::Adjust { sku, qty } => change(store, *sku, *qty, "adjustment"),
        Op::Count { sku, counted } => store
            .write(|w| {
                count::stocktake(
                    w,
                    &[Counted {
                        sku: SKUS[*sku].into(),
                        counted: *counted,
                    }],
                    "月底盘点",
                    None,
                )
            })
            .map(drop),
        Op::Refund { order } => match orders.get(*order) {
            Some(no) => {
                storefront_core::reconcile::refund_owed(store, no, Money::from_fen(100), "坏果")
                    .map(drop)
            }
            None => Ok(()),
        },
        Op::Edit { order, sku, qty } => match orders.get(*order) {
            Some(no) => {
                let e = checkout::OrderEdit {
                    lines: vec![NewLine {
                        sku: SKUS[*sku].into(),
                        qty: *qty,
                        ..Default::default()
                    }],
                    reason: "客户改了".into(),
                    allow_oversell: false,
                };
                store.write(|w| checkout::edit(w, no, &e)).map(drop)
            }
            None => Ok(()),
        },
    };
}

fn change(store: &mut Store, sku: usize, qty: i64, reason: &str) -> storefront_core::Result<()> {
    let c = Change {
        sku: SKUS[sku].into(),
        qty,
        reason: reason.into(),
        note: "测试".into(),
        location_id: None,
        ..Default::default()
    };
    store.write(|w| count::change(w, &c)).map(drop)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn stock_and_money_stay_equal_to_their_lines(ops in prop::collection::vec(op(), 1..60)) {
        let (_dir, mut store) = shop();
        let mut orders = Vec::new();
        for op in &ops {
            apply(&mut store, &mut orders, op);
        }
        let report = check::run(store.conn()).unwrap();
        prop_assert!(report.ok, "{:?}", report.problems);
        // Selling beyond stock only over-commits; shipping needs the goods.
        let negative: i64 = store.conn().query_row("SELECT count(*) FROM stock_levels WHERE on_hand < 0", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(negative, 0, "the shelf went negative");
    }
}
