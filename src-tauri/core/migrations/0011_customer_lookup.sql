-- Order entry finds a customer by the start of their full pinyin
-- (`wangjing`) as well as its initials: the key holds `wj wangjing`, and
-- this indexes the part after the space (the name, the nickname, the
-- initials and the phone's start and last four digits have theirs).
CREATE INDEX customers_pinyin_full ON customers(substr(pinyin, instr(pinyin, ' ') + 1));
