-- 信任值 without reading every order: what each group leader's and
-- distributor's paid orders came to, per business day: how many, how many
-- troubled (refunded, or a quality or wrong-item complaint), and of the
-- rest how many reviewed badly (2 stars or fewer), so-so (3) or well (4+).
-- A leader with 53,000 orders took 90 ms to score from the orders; from
-- this it reads a year of days. Each trigger pair takes an order's outcome
-- out before a change and puts it back after, both through the view, so a
-- payment, a refund, a ticket or a review moves it in its transaction.

CREATE TABLE people_outcomes (
  role      TEXT NOT NULL CHECK (role IN ('leader', 'referrer')),
  person_id TEXT NOT NULL,
  day       TEXT NOT NULL,
  paid      INTEGER NOT NULL DEFAULT 0,
  troubled  INTEGER NOT NULL DEFAULT 0,
  bad       INTEGER NOT NULL DEFAULT 0,
  so_so     INTEGER NOT NULL DEFAULT 0,
  well      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (role, person_id, day)
) WITHOUT ROWID;

-- Each paid order once for each person it came through, with its outcome.
CREATE VIEW order_outcomes AS
SELECT o.id AS order_id, o.business_day AS day, 'leader' AS role, o.leader_id AS person_id,
       (o.refunded_fen > 0 OR EXISTS (SELECT 1 FROM after_sales a WHERE a.order_id = o.id AND a.kind IN ('quality', 'wrong_item'))) AS troubled,
       (SELECT min(stars) FROM reviews r WHERE r.order_id = o.id) AS stars
FROM orders o WHERE o.paid_fen > 0 AND o.leader_id IS NOT NULL
UNION ALL
SELECT o.id AS order_id, o.business_day AS day, 'referrer' AS role, o.referrer_id AS person_id,
       (o.refunded_fen > 0 OR EXISTS (SELECT 1 FROM after_sales a WHERE a.order_id = o.id AND a.kind IN ('quality', 'wrong_item'))) AS troubled,
       (SELECT min(stars) FROM reviews r WHERE r.order_id = o.id) AS stars
FROM orders o WHERE o.paid_fen > 0 AND o.referrer_id IS NOT NULL;

CREATE TRIGGER rollup_outcome_order_u_before BEFORE UPDATE OF paid_fen, refunded_fen, leader_id, referrer_id, business_day ON orders
WHEN (OLD.leader_id IS NOT NULL OR OLD.referrer_id IS NOT NULL OR NEW.leader_id IS NOT NULL OR NEW.referrer_id IS NOT NULL) AND ((OLD.paid_fen > 0) <> (NEW.paid_fen > 0) OR (OLD.refunded_fen > 0) <> (NEW.refunded_fen > 0)
  OR OLD.leader_id IS NOT NEW.leader_id OR OLD.referrer_id IS NOT NEW.referrer_id OR OLD.business_day <> NEW.business_day)
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_order_u_after AFTER UPDATE OF paid_fen, refunded_fen, leader_id, referrer_id, business_day ON orders
WHEN (OLD.leader_id IS NOT NULL OR OLD.referrer_id IS NOT NULL OR NEW.leader_id IS NOT NULL OR NEW.referrer_id IS NOT NULL) AND ((OLD.paid_fen > 0) <> (NEW.paid_fen > 0) OR (OLD.refunded_fen > 0) <> (NEW.refunded_fen > 0)
  OR OLD.leader_id IS NOT NEW.leader_id OR OLD.referrer_id IS NOT NEW.referrer_id OR OLD.business_day <> NEW.business_day)
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_order_i AFTER INSERT ON orders
WHEN NEW.paid_fen > 0 AND (NEW.leader_id IS NOT NULL OR NEW.referrer_id IS NOT NULL)
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_order_d BEFORE DELETE ON orders
WHEN OLD.paid_fen > 0 AND (OLD.leader_id IS NOT NULL OR OLD.referrer_id IS NOT NULL)
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_ticket_i_before BEFORE INSERT ON after_sales
WHEN NEW.kind IN ('quality', 'wrong_item')
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_ticket_i_after AFTER INSERT ON after_sales
WHEN NEW.kind IN ('quality', 'wrong_item')
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_ticket_u_before BEFORE UPDATE OF kind, order_id ON after_sales
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_ticket_u_after AFTER UPDATE OF kind, order_id ON after_sales
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_ticket_d_before BEFORE DELETE ON after_sales
WHEN OLD.kind IN ('quality', 'wrong_item')
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_ticket_d_after AFTER DELETE ON after_sales
WHEN OLD.kind IN ('quality', 'wrong_item')
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_review_i_before BEFORE INSERT ON reviews
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_review_i_after AFTER INSERT ON reviews
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_review_u_before BEFORE UPDATE OF stars, order_id ON reviews
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_review_u_after AFTER UPDATE OF stars, order_id ON reviews
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = NEW.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_review_d_before BEFORE DELETE ON reviews
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, -1, -troubled, -(NOT troubled AND ifnull(stars, 9) <= 2),
         -(NOT troubled AND stars IS 3), -(NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;
CREATE TRIGGER rollup_outcome_review_d_after AFTER DELETE ON reviews
BEGIN
  INSERT INTO people_outcomes(day, role, person_id, paid, troubled, bad, so_so, well)
  SELECT day, role, person_id, 1, troubled, (NOT troubled AND ifnull(stars, 9) <= 2),
         (NOT troubled AND stars IS 3), (NOT troubled AND ifnull(stars, 0) >= 4)
  FROM order_outcomes WHERE order_id = OLD.order_id
  ON CONFLICT(role, person_id, day) DO UPDATE SET paid = paid + excluded.paid,
    troubled = troubled + excluded.troubled, bad = bad + excluded.bad,
    so_so = so_so + excluded.so_so, well = well + excluded.well;
END;

INSERT INTO people_outcomes(role, person_id, day, paid, troubled, bad, so_so, well)
SELECT role, person_id, day, count(*), sum(troubled), sum(NOT troubled AND ifnull(stars, 9) <= 2),
       sum(NOT troubled AND stars IS 3), sum(NOT troubled AND ifnull(stars, 0) >= 4)
FROM order_outcomes GROUP BY role, person_id, day;
