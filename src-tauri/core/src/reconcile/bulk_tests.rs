//! A pass over a shop with everything the rollups count (leaders,
//! distributors, campaigns, fees, reviews): the pass writes with the
//! triggers off and brings the rollups along itself, so `check` must still
//! find every rollup equal to its facts.

use crate::demo::{generate, DemoOptions};
use crate::progress::Silent;
use crate::store::{Session, Store};

/// The demo's matches taken back from its orders without refunds, their
/// money with them, the triggers keeping the rollups: for the pass to make
/// again. Half the orders without parcels go back to awaiting payment (the
/// pass moves them to paid, which counts their goods' cost in their
/// campaign); the rest stay delivered, as if paid later.
fn unmatch_paid_orders(store: &mut Store) -> i64 {
    store
        .write(|w| {
            w.tx.execute_batch(
                "CREATE TEMP TABLE undone AS
                 SELECT o.id FROM orders o WHERE o.status IN ('paid', 'fulfilled', 'completed') AND o.refunded_fen = 0
                   AND EXISTS (SELECT 1 FROM payment_matches m WHERE m.order_id = o.id AND m.status IN ('auto', 'confirmed'));
                 DELETE FROM payment_matches WHERE order_id IN (SELECT id FROM temp.undone);
                 UPDATE orders SET paid_fen = 0,
                   status = CASE WHEN status = 'paid' OR (rowid % 2 = 0 AND id NOT IN (SELECT order_id FROM parcels))
                                 THEN 'awaiting_payment' ELSE status END
                 WHERE id IN (SELECT id FROM temp.undone);",
            )?;
            Ok(w.tx.query_row("SELECT count(*) FROM temp.undone", [], |r| r.get(0))?)
        })
        .unwrap()
}

fn problems(store: &Store) -> Vec<(String, String)> {
    let report = crate::check::run(store.conn()).unwrap();
    report
        .problems
        .into_iter()
        .map(|p| (p.invariant.to_string(), p.detail))
        .collect()
}

fn demo_shop(orders: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), Session::new("test")).unwrap();
    let opts = DemoOptions {
        orders,
        seed: 5,
        until: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    };
    generate(&mut store, &opts, &Silent).unwrap();
    (dir, store)
}

#[test]
fn a_pass_over_a_rich_shop_keeps_every_rollup_equal_to_its_facts() {
    let (_dir, mut store) = demo_shop(1500);
    let undone = unmatch_paid_orders(&mut store);
    assert!(undone > 100, "{undone}");
    // Delivered goods back to awaiting payment is no state the shop makes
    // itself: `check` says so, and the pass must add nothing to it.
    let before = problems(&store);
    assert!(
        !before
            .iter()
            .any(|(what, _)| what.ends_with("_equals_facts")),
        "{before:?}"
    );

    let report = super::run(&mut store, &Silent).unwrap();
    assert!(report.auto > 100, "{report:?}");
    // The pass paid orders of every kind the rollups count.
    let kinds: (i64, i64, i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT sum(o.leader_id IS NOT NULL), sum(o.referrer_id IS NOT NULL), sum(o.campaign_id IS NOT NULL),
                    sum(p.fee_fen <> 0), sum(EXISTS (SELECT 1 FROM reviews r WHERE r.order_id = o.id))
             FROM payment_matches m JOIN orders o ON o.id = m.order_id JOIN payments p ON p.id = m.payment_id
             WHERE m.status = 'auto' AND m.created_at > (SELECT max(created_at) FROM orders)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert!(
        kinds.0 > 0 && kinds.1 > 0 && kinds.2 > 0 && kinds.3 > 0 && kinds.4 > 0,
        "{kinds:?}"
    );
    let after = problems(&store);
    let new: Vec<_> = after.iter().filter(|p| !before.contains(p)).collect();
    let gone: Vec<_> = before.iter().filter(|p| !after.contains(p)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "new {new:?}, gone {gone:?}"
    );
}

/// On a shop that is on a server, what the pass writes reaches the outbox
/// like any other write: only the rollups' triggers are off for it.
#[test]
fn a_pass_on_a_shop_on_a_server_sends_every_match_and_order_it_paid() {
    let (_dir, mut store) = demo_shop(400);
    crate::terminals::outbox::install(store.conn()).unwrap();
    unmatch_paid_orders(&mut store);
    store
        .conn()
        .execute_batch("DELETE FROM terminal_outbox")
        .unwrap();

    let report = super::run(&mut store, &Silent).unwrap();
    assert!(report.auto > 20, "{report:?}");
    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    let matches = count("SELECT count(*) FROM payment_matches WHERE created_at > (SELECT max(created_at) FROM orders)");
    assert!(matches > 20, "{matches}");
    let sent = "SELECT count(DISTINCT key) FROM terminal_outbox WHERE tbl = ";
    assert_eq!(count(&format!("{sent} 'payment_matches'")), matches);
    let paid = count(
        "SELECT count(DISTINCT order_id) FROM payment_matches
         WHERE status = 'auto' AND created_at > (SELECT max(created_at) FROM orders)",
    );
    assert_eq!(count(&format!("{sent} 'orders'")), paid);
}
