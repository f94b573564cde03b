-- The merchant's own words for products, learned from 接龙 lists: a fix made
-- once on the screen (西红柿 → 番茄) resolves by itself next week. An alias
-- names a product, or one variant of it.

CREATE TABLE product_aliases (
  alias      TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products(id),
  variant_id TEXT REFERENCES variants(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX product_aliases_product ON product_aliases(product_id);
