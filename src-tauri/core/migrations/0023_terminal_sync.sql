-- Several terminals, one shop (#19). What this terminal changed and has not
-- yet sent to the shop's server: one row per row written, filled by
-- triggers that exist only while the shop is on a server, in the same
-- transaction as the change. The row's content is read when it is sent.
CREATE TABLE terminal_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl TEXT NOT NULL,
  -- The row's primary key as a JSON array.
  key TEXT NOT NULL
);
-- A pulled change asks whether its row waits here (then the local change,
-- pushed later, wins).
CREATE INDEX terminal_outbox_row ON terminal_outbox(tbl, key);

-- This terminal's place in the server's change stream, and whether the
-- changes being written now come from the server (so are not sent back).
CREATE TABLE terminal_sync (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  applying INTEGER NOT NULL DEFAULT 0,
  -- The last change pulled: its server transaction (xid8) and sequence.
  pulled_tx TEXT NOT NULL DEFAULT '0',
  pulled_seq INTEGER NOT NULL DEFAULT 0,
  last_synced_at INTEGER,
  last_error TEXT,
  -- The server's clock less this computer's, in seconds, as the last sync
  -- measured it (0 within a minute): a terminal whose clock is wrong still
  -- dates its orders by the shop's time.
  clock_offset INTEGER NOT NULL DEFAULT 0
);
INSERT INTO terminal_sync(id) VALUES (1);

-- Rows another terminal sent that this shop refuses (the same new SKU or
-- coupon code made on two terminals offline), with the rows that point to
-- them: kept here, listed for the merchant, tried again on every pull until
-- one side is renamed. Never applied half, never dropped.
CREATE TABLE terminal_parked (
  tbl      TEXT NOT NULL,
  key      TEXT NOT NULL,
  -- The terminal that sent it, by name.
  terminal TEXT NOT NULL,
  row      TEXT,
  reason   TEXT NOT NULL,
  at       INTEGER NOT NULL,
  PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
