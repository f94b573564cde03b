#!/usr/bin/env python3
"""The dashboard's queries against DuckDB scanning the raw tables.

Runs `storefront bench dashboard` on a shop (the rollups and indexes the
app reads), exports the same shop's raw tables into DuckDB, runs the same
aggregates there (median of five warm runs each) and prints both times and
the ratio. A benchmark program: it prints figures and asserts nothing.

    pip install duckdb
    storefront --db big.db demo --orders 1000000
    python3 tests/bench/dashboard_vs_duckdb.py --db big.db --cli target/release/storefront
"""
import argparse
import csv
import datetime as dt
import json
import os
import sqlite3
import statistics
import subprocess
import tempfile
import time

import duckdb

TABLES = {
    "orders": "id, order_no, business_day, channel, status, customer_id, leader_id, referrer_id, "
    "total_fen, paid_fen, refunded_fen, placed_at, group_buy_id",
    "order_lines": "order_id, variant_id, qty, line_total_fen",
    "refunds": "order_id, amount_fen, created_at",
    "variants": "id, product_id, sku, cost_fen",
    "products": "id, name, role",
    "stock_movements": "variant_id, qty, at",
    "stock_levels": "variant_id, on_hand",
    "leaders": "id, name",
    "distributors": "id, name, level",
    "group_buys": "id, status, created_at",
    "after_sales": "order_id, kind, opened_at, first_reply_at, status",
}

COUNTED = "status NOT IN ('draft', 'cancelled')"


def export(db, out_dir):
    """Each raw table as a CSV file (DuckDB reads them in parallel)."""
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for table, cols in TABLES.items():
        with open(os.path.join(out_dir, f"{table}.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow([c.strip() for c in cols.split(",")])
            cur = src.execute(f"SELECT {cols} FROM {table}")
            while rows := cur.fetchmany(50_000):
                w.writerows(rows)
    src.close()


def load(out_dir):
    con = duckdb.connect()
    for table in TABLES:
        path = os.path.join(out_dir, f"{table}.csv")
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = false)")
    return con


def queries(frm, to, year_from):
    """The dashboard's aggregates over the raw tables, as the screen asks them."""
    start = f"epoch(TIMESTAMP '{frm} 00:00:00') - 8 * 3600"
    end = f"epoch(TIMESTAMP '{to} 00:00:00' + INTERVAL 1 DAY) - 8 * 3600"
    d = lambda s: f"DATE '{s}'"  # noqa: E731
    f30, t0 = d(frm), d(to)
    tiles = []
    today = dt.date.fromisoformat(to)
    for days, back in [(1, 0), (1, 1), (7, 0), (30, 0)]:
        last = today - dt.timedelta(days=back)
        first = last - dt.timedelta(days=days - 1)
        for shift in (0, days):  # the period, then the one before it
            a, b = first - dt.timedelta(days=shift), last - dt.timedelta(days=shift)
            tiles.append(
                f"SELECT count(*), sum(total_fen), sum(paid_fen), sum((status = 'awaiting_payment')::INT) FROM orders "
                f"WHERE {COUNTED} AND CAST(business_day AS DATE) BETWEEN {d(a)} AND {d(b)}"
            )
            tiles.append(
                f"SELECT sum(amount_fen) FROM refunds WHERE created_at >= epoch(CAST({d(a)} AS TIMESTAMP)) - 8 * 3600 "
                f"AND created_at < epoch(CAST({d(b)} AS TIMESTAMP) + INTERVAL 1 DAY) - 8 * 3600"
            )
    trend = lambda f: (  # noqa: E731
        f"SELECT business_day, count(*), sum(total_fen), sum(paid_fen) FROM orders WHERE {COUNTED} "
        f"AND CAST(business_day AS DATE) BETWEEN {f} AND {t0} GROUP BY 1; "
        f"SELECT CAST(to_timestamp(created_at + 8 * 3600) AS DATE), sum(amount_fen) FROM refunds "
        f"WHERE created_at >= epoch(CAST({f} AS TIMESTAMP)) - 8 * 3600 AND created_at < {end} GROUP BY 1"
    )
    in_period = f"CAST(o.business_day AS DATE) BETWEEN {f30} AND {t0} AND o.{COUNTED}"
    return {
        "tiles": tiles,
        "trend_by_day": trend(f30).split("; "),
        "trend_year_by_day": trend(d(year_from)).split("; "),
        "channels": [f"SELECT channel, count(*), sum(total_fen) FROM orders o WHERE {in_period} GROUP BY 1 ORDER BY 3 DESC"],
        "top_products": [
            f"SELECT v.sku, p.name, p.role, sum(l.qty), sum(l.line_total_fen), sum(l.qty) * any_value(v.cost_fen) "
            f"FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN variants v ON v.id = l.variant_id "
            f"JOIN products p ON p.id = v.product_id WHERE {in_period} GROUP BY 1, 2, 3 ORDER BY 5 DESC"
        ],
        "stock_turnover": [
            f"SELECT variant_id, CAST(to_timestamp(\"at\" + 8 * 3600) AS DATE), sum(qty) FROM stock_movements "
            f"WHERE \"at\" >= {start} GROUP BY 1, 2"
        ],
        "buyers_cohorts": [
            f"WITH m AS (SELECT customer_id, strftime(CAST(business_day AS DATE), '%Y-%m') AS month, count(*) AS n FROM orders "
            f"WHERE customer_id IS NOT NULL AND {COUNTED} GROUP BY 1, 2), "
            f"f AS (SELECT customer_id, min(month) AS cohort FROM m GROUP BY 1) "
            f"SELECT cohort, month, count(*), sum((n >= 2)::INT) FROM m JOIN f USING (customer_id) "
            f"WHERE month >= strftime({d(year_from)}, '%Y-%m') GROUP BY 1, 2"
        ],
        "leaders": [
            f"SELECT l.name, count(*), sum(o.total_fen) FROM orders o JOIN leaders l ON l.id = o.leader_id "
            f"WHERE {in_period} GROUP BY 1 ORDER BY 3 DESC LIMIT 10"
        ],
        "distributors": [
            f"SELECT d.name, count(*), sum(o.total_fen) FROM orders o JOIN distributors d ON d.id = o.referrer_id "
            f"WHERE {in_period} GROUP BY 1 ORDER BY 3 DESC LIMIT 10",
            "SELECT o.referrer_id, sum(power(0.5, (epoch(now()) - o.placed_at) / 86400.0 / 90)) FROM orders o "
            "WHERE o.referrer_id IS NOT NULL AND o.paid_fen > 0 AND o.refunded_fen = 0 GROUP BY 1",
        ],
        "groupbuy_funnel": [
            f"SELECT count(*), sum((g.status = 'filled')::INT) FROM group_buys g JOIN orders o ON o.group_buy_id = g.id "
            f"WHERE g.created_at >= {start} AND g.created_at < {end}"
        ],
        "after_sales": [
            f"SELECT count(*), count(first_reply_at), sum((first_reply_at - opened_at <= 300)::INT) FROM after_sales "
            f"WHERE opened_at >= {start} AND opened_at < {end}"
        ],
    }


def median_ms(con, sqls, runs=5):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for sql in sqls:
            con.execute(sql).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--cli", default="target/release/storefront")
    ap.add_argument("--to", help="last business day (default: today in China)")
    args = ap.parse_args()
    to = args.to or (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)).date().isoformat()
    frm = (dt.date.fromisoformat(to) - dt.timedelta(days=29)).isoformat()
    year_from = (dt.date.fromisoformat(to) - dt.timedelta(days=364)).isoformat()

    ours = json.loads(
        subprocess.run(
            [args.cli, "--db", args.db, "--json", "bench", "dashboard", "--from", frm, "--to", to],
            check=True, capture_output=True, text=True,
        ).stdout
    )
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        export(args.db, tmp)
        con = load(tmp)
        loaded = time.perf_counter() - t
    print(f"{ours['orders']} orders · {frm} ~ {to} · DuckDB {duckdb.__version__} "
          f"(raw tables exported and loaded in {loaded:.1f} s, {os.cpu_count()} threads)")
    print(f"{'query':<22} {'storefront ms':>14} {'duckdb ms':>10} {'ratio':>8}")
    total_ours = total_duck = 0.0
    for name, sqls in queries(frm, to, year_from).items():
        mine = ours["median_ms"][name]
        duck = median_ms(con, sqls)
        if not name.startswith("trend_year"):
            total_ours += mine
            total_duck += duck
        print(f"{name:<22} {mine:>14.2f} {duck:>10.2f} {duck / max(mine, 1e-3):>7.1f}×")
    print(f"{'whole screen':<22} {total_ours:>14.2f} {total_duck:>10.2f} {total_duck / max(total_ours, 1e-3):>7.1f}×")


if __name__ == "__main__":
    main()
