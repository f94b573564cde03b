-- How an order reaches its buyer: collected (自提, at the shop or a pickup
-- point), brought by the shop (送货) or sent by courier (快递). Orders from
-- before this were all collected or handed over.
ALTER TABLE orders ADD COLUMN delivery TEXT NOT NULL DEFAULT 'pickup'
  CHECK (delivery IN ('pickup', 'delivery', 'courier'));
-- The courier orders still to send are few among a million collected ones.
CREATE INDEX orders_delivery ON orders(delivery, status, placed_at) WHERE delivery <> 'pickup';

-- An order sent by courier: its carrier and tracking number (运单号). One
-- parcel an order; a waybill may carry several orders of one buyer.
CREATE TABLE parcels (
  id          TEXT PRIMARY KEY,
  order_id    TEXT NOT NULL UNIQUE REFERENCES orders(id),
  carrier     TEXT NOT NULL CHECK (carrier <> ''),
  tracking_no TEXT NOT NULL CHECK (tracking_no <> ''),
  shipped_at  INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX parcels_tracking ON parcels(tracking_no);
