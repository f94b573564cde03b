-- Statement import and reconciliation (issue 4).

-- What the statement said about the line (支付成功, 已全额退款, REFUND…), and
-- whether money moved at all (交易关闭 and transfers sent back did not).
ALTER TABLE payments ADD COLUMN status_text TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN settled INTEGER NOT NULL DEFAULT 1 CHECK (settled IN (0, 1));
-- A person's decision that an incoming line is not a sale (a friend paying
-- back, a top-up): it leaves the unmatched list with this reason.
ALTER TABLE payments ADD COLUMN ignore_reason TEXT;

CREATE INDEX payments_merchant_order ON payments(merchant_order_no) WHERE merchant_order_no IS NOT NULL;
CREATE INDEX payments_original ON payments(original_txn_id) WHERE original_txn_id IS NOT NULL;

-- Column mappings for statements in layouts the app does not know, saved
-- once by the merchant and matched by header on later imports.
CREATE TABLE statement_mappings (
  name         TEXT PRIMARY KEY,
  mapping_json TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
