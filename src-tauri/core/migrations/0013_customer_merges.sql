-- One customer per person: when two records are the same person, one is
-- merged into the other. What moved (orders, distributor links, the
-- membership or its points) and the merged record itself are kept here,
-- so the merge can be undone whole.
CREATE TABLE customer_merges (
  id          TEXT PRIMARY KEY,
  -- No reference: the kept customer may be merged into another later
  -- (undo then refuses until that later merge is undone).
  kept_id     TEXT NOT NULL,
  -- The merged customer's row and what moved, as JSON (see customers::merge).
  merged      TEXT NOT NULL,
  at          INTEGER NOT NULL,
  undone_at   INTEGER
);
CREATE INDEX customer_merges_kept ON customer_merges(kept_id);
