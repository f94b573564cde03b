-- An order changed before it is fulfilled (lines, prices) keeps what it
-- was: each edit is a row with its reason, the totals either side and the
-- lines as they stood, so nothing the customer was told is lost. The money
-- difference is a refund line (refunds) or is collected as the order's
-- balance; the order's lines are the current ones.
CREATE TABLE order_edits (
  id               TEXT PRIMARY KEY,
  order_id         TEXT NOT NULL REFERENCES orders(id),
  at               INTEGER NOT NULL,
  reason           TEXT NOT NULL CHECK (reason <> ''),
  total_before_fen INTEGER NOT NULL,
  total_after_fen  INTEGER NOT NULL,
  -- `名称 ×数量 @单价` per line, joined by `；`.
  lines_before     TEXT NOT NULL
);
CREATE INDEX order_edits_order ON order_edits(order_id, at);
