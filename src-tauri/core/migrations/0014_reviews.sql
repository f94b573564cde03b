-- Reviews and 晒单: what a buyer said about an order, with stars, words and
-- photos (kept beside the shop in images/reviews/, like product pictures),
-- and where it came from. A review names a product when it is about one;
-- otherwise it is about every product on the order. A bad review opens an
-- after-sales ticket, linked here.
CREATE TABLE reviews (
  id          TEXT PRIMARY KEY,
  order_id    TEXT NOT NULL REFERENCES orders(id),
  product_id  TEXT REFERENCES products(id),
  stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  body        TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL CHECK (source IN ('wechat_group', 'mini_program', 'by_hand')),
  ticket_id   TEXT REFERENCES after_sales(id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX reviews_order ON reviews(order_id);
CREATE INDEX reviews_product ON reviews(product_id, created_at);
CREATE INDEX reviews_created ON reviews(created_at);

CREATE TABLE review_photos (
  review_id  TEXT NOT NULL REFERENCES reviews(id),
  path       TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  PRIMARY KEY (review_id, path)
);

-- 该回购了: a reminder sent to a customer keeps them off the due list for a
-- while, and is what "did reminding work" is measured from.
CREATE TABLE reorder_reminders (
  id           TEXT PRIMARY KEY,
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  product_id   TEXT REFERENCES products(id),
  sent_at      INTEGER NOT NULL
);
CREATE INDEX reorder_reminders_customer ON reorder_reminders(customer_id, sent_at);
CREATE INDEX reorder_reminders_sent ON reorder_reminders(sent_at);

-- Each customer's rhythm per product, rebuilt once a day from the orders
-- (a derived cache: nothing else points at it). `next_day` is the last
-- purchase plus their own usual interval (3 or more purchases) or the
-- product's typical one.
CREATE TABLE reorder_rhythms (
  customer_id    TEXT NOT NULL,
  product_id     TEXT NOT NULL,
  purchases      INTEGER NOT NULL,
  last_day       TEXT NOT NULL,
  own_interval   INTEGER,
  interval_days  INTEGER NOT NULL,
  usual_qty      INTEGER NOT NULL,
  next_day       TEXT NOT NULL,
  PRIMARY KEY (customer_id, product_id)
) WITHOUT ROWID;
CREATE INDEX reorder_rhythms_next ON reorder_rhythms(next_day);

-- Who was on the due list each day: the comparison group that tells
-- whether reminding them made a difference.
CREATE TABLE reorder_listed (
  day          TEXT NOT NULL,
  customer_id  TEXT NOT NULL,
  PRIMARY KEY (day, customer_id)
) WITHOUT ROWID;
