use proptest::prelude::*;

use super::*;
use crate::store::{Session, Store};

fn shop() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db"), Session::new("test")).unwrap();
    let products: &[(&str, &[(&str, &str)])] = &[
        ("阳山水蜜桃", &[("TAO-5", "5斤装"), ("TAO-10", "10斤装")]),
        ("红富士苹果", &[("PG-1", "")]),
        ("番茄", &[("FQ-1", "")]),
    ];
    for (i, (name, variants)) in products.iter().enumerate() {
        store
            .conn()
            .execute(
                "INSERT INTO products(id, name, pinyin, created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0)",
                rusqlite::params![format!("p{i}"), name, crate::search_key::pinyin_key(name)],
            )
            .unwrap();
        for (sku, options) in variants.iter() {
            store
                .conn()
                .execute(
                    "INSERT INTO variants(id, product_id, sku, options, price_fen, created_at, updated_at) VALUES (?1, ?2, ?1, ?3, 1000, 0, 0)",
                    rusqlite::params![sku, format!("p{i}"), options],
                )
                .unwrap();
        }
    }
    store
        .conn()
        .execute_batch(
            "INSERT INTO customers(id, name, wechat_nick, phone, created_at, updated_at) VALUES ('c1', '王阿姨', '桃花朵朵', '13800000001', 0, 0);
             INSERT INTO locations(id, name, kind, created_at) VALUES ('l', '门店', 'store', 0);
             INSERT INTO stock_movements(id, variant_id, location_id, qty, reason, at) VALUES ('m1','TAO-5','l',50,'initial',0), ('m2','PG-1','l',50,'initial',0);
             INSERT INTO stock_levels(variant_id, location_id, on_hand) VALUES ('TAO-5','l',50), ('PG-1','l',50);",
        )
        .unwrap();
    (dir, store)
}

fn read(store: &Store, text: &str) -> Vec<Entry> {
    parse(store.conn(), store.clock(), text).unwrap().entries
}

#[test]
fn only_sure_entries_become_orders_and_the_rest_say_why() {
    let (_dir, mut store) = shop();
    let entries = read(
        &store,
        "阳山水蜜桃 5斤装\n1. 王阿姨 桃x2\n2. 李姐 苹果1\n3. 王阿姨 苹果1\n4. 谁 榴莲\n5. 张三 桃1 半斤",
    );
    assert_eq!(entries.len(), 5);
    let flagged: Vec<u32> = entries
        .iter()
        .filter(|e| e.flagged)
        .map(|e| e.line)
        .collect();
    assert_eq!(flagged, [5, 6]);
    assert_eq!(
        entries[3].flags,
        [Flag::UnknownProduct {
            text: "榴莲".into()
        }]
    );
    let refused = store.write(|w| commit(w, &entries, opts(false)));
    assert_eq!(
        refused.unwrap_err().code(),
        "solitaire_not_sure",
        "refused while any line is flagged"
    );
    let orders: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orders, 0, "nothing written");
    let done = store.write(|w| commit(w, &entries, opts(true))).unwrap();
    assert_eq!(
        done.orders.len(),
        2,
        "王阿姨's two lines are one order, 李姐 another"
    );
    assert_eq!(
        done.skipped.iter().map(|s| s.line).collect::<Vec<_>>(),
        [5, 6]
    );
    let new_customer: (String, String) = store
        .conn()
        .query_row(
            "SELECT name, phone FROM customers WHERE name = '李姐'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(new_customer, ("李姐".into(), String::new()));
}

#[test]
fn a_phone_alone_finds_or_creates_the_customer_with_that_phone() {
    let (_dir, mut store) = shop();
    let entries = read(&store, "1. 13800000001 苹果1\n2. 13912345678 苹果1");
    assert_eq!(
        (entries[0].customer.as_str(), entries[0].customer_match),
        ("王阿姨", CustomerMatch::Existing)
    );
    assert_eq!(entries[1].customer_match, CustomerMatch::New);
    store.write(|w| commit(w, &entries, opts(false))).unwrap();
    let phone: String = store
        .conn()
        .query_row(
            "SELECT phone FROM customers WHERE phone = '13912345678'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(phone, "13912345678", "the phone is kept as the phone");
}

#[test]
fn changes_and_cancels_point_at_the_line_they_change() {
    let (_dir, store) = shop();
    let entries = read(
        &store,
        "1. 王阿姨 苹果1\n2. 李姐 苹果2\n3. 王阿姨 改成苹果3\n4. 李姐 不要了\n5. 张三 同上",
    );
    assert_eq!(
        (entries[2].change, entries[2].refers_to),
        (Some(Change::Change), Some(1))
    );
    assert_eq!(entries[2].items[0].qty, 3, "the new wish is read");
    assert_eq!(
        (entries[3].change, entries[3].refers_to),
        (Some(Change::Cancel), Some(2))
    );
    assert_eq!(
        (entries[4].change, entries[4].refers_to),
        (Some(Change::Same), Some(4))
    );
    assert!(entries[2..].iter().all(|e| e.flagged));
}

#[test]
fn an_alias_remembered_resolves_next_time() {
    let (_dir, mut store) = shop();
    let before = read(&store, "1. 王阿姨 洋柿子2");
    assert_eq!(before[0].items[0].sku, "FQ-1", "a built-in synonym");
    let before = read(&store, "1. 王阿姨 狗头枣2");
    assert!(before[0].flagged);
    store
        .write(|w| remember(w, "狗头枣", "PG-1", false))
        .unwrap();
    let after = read(&store, "1. 王阿姨 狗头枣2");
    assert_eq!(
        (
            after[0].items[0].sku.as_str(),
            after[0].items[0].qty,
            after[0].flagged
        ),
        ("PG-1", 2, false)
    );
    assert_eq!(aliases(store.conn()).unwrap()[0].alias, "狗头枣");
    store.write(|w| forget(w, "狗头枣")).unwrap();
    assert!(read(&store, "1. 王阿姨 狗头枣2")[0].flagged);
}

#[test]
fn unnumbered_text_after_the_list_began_is_kept_with_a_reason() {
    let (_dir, store) = shop();
    let entries = read(&store, "1. 王阿姨 苹果1\n放门口就行\n---\n2. 李姐 苹果1");
    assert_eq!(
        entries[0].flags,
        [Flag::Unnumbered {
            line: 2,
            text: "放门口就行".into()
        }]
    );
    assert!(!entries[1].flagged);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the text, every numbered line is one entry, in order; a
    /// text with none is refused.
    #[test]
    fn no_numbered_line_is_lost(lines in proptest::collection::vec("[0-9０-９]{0,3}[.、) ]?[ -~\u{4e00}-\u{4e20}xX×*，、斤箱两半\u{202e}]{0,24}", 0..20)) {
        let (_dir, store) = shop();
        let text = lines.join("\n");
        let numbered: Vec<u32> = text::clean(&text)
            .lines()
            .enumerate()
            .filter(|(_, l)| text::numbered(l).is_some())
            .map(|(i, _)| i as u32 + 1)
            .collect();
        match parse(store.conn(), store.clock(), &text) {
            Ok(parsed) => prop_assert_eq!(parsed.entries.iter().map(|e| e.line).collect::<Vec<_>>(), numbered),
            Err(e) => prop_assert!(numbered.is_empty() && e.code() == "no_list_lines", "{e}"),
        }
    }

    /// A new buyer's name comes back exactly as written, less invisible marks.
    #[test]
    fn names_round_trip(name in "[A-Za-zＡ-Ｚａ-ｚ\u{4e00}-\u{9fa5}🌸]{1,8}", mark in prop::sample::select(vec!["", "\u{202e}", "\u{200b}", "\u{feff}"])) {
        let (_dir, store) = shop();
        let written = format!("{mark}{name}");
        let entries = read(&store, &format!("1. {written} 苹果1"));
        let e = &entries[0];
        if e.customer_match == CustomerMatch::New && !e.flagged {
            prop_assert_eq!(&e.customer, &name);
        } else {
            // Read as something else (a product, a known customer): flagged or known, never renamed.
            prop_assert!(e.flagged || e.customer_match == CustomerMatch::Existing || e.customer.is_empty());
        }
    }
}

#[test]
fn a_known_name_written_last_is_the_buyer() {
    let (_dir, store) = shop();
    let e = &read(&store, "1. 苹果2 王阿姨")[0];
    assert_eq!(
        (e.customer.as_str(), e.customer_match, e.flagged),
        ("王阿姨", CustomerMatch::Existing, false)
    );
    assert_eq!(e.items[0].qty, 2);
}

#[test]
fn a_line_with_no_name_is_flagged_not_guessed() {
    let (_dir, store) = shop();
    let e = &read(&store, "1. 苹果2")[0];
    assert_eq!(e.flags, [Flag::NoCustomer]);
}

#[test]
fn how_the_buyer_wants_it_is_the_orders_remark_not_a_product() {
    let (_dir, mut store) = shop();
    let entries = read(&store, "1. 王阿姨 我要苹果1 自提 谢谢");
    assert_eq!(
        (entries[0].flagged, entries[0].remark.as_str()),
        (false, "自提")
    );
    let done = store.write(|w| commit(w, &entries, opts(false))).unwrap();
    let remark: String = store
        .conn()
        .query_row(
            "SELECT remark FROM orders WHERE order_no = ?1",
            [&done.orders[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(remark, "接龙 自提");
}

#[test]
fn a_payment_said_in_the_list_is_a_remark_not_a_product() {
    let (_dir, store) = shop();
    let e = &read(&store, "1. 王阿姨 苹果2 已付")[0];
    assert_eq!(
        (e.flagged, e.remark.as_str(), e.items[0].qty),
        (false, "已付", 2)
    );
}

/// `备注：…` marks the rest of the line as the buyer's note: it was read as
/// products (备注, 明天下午来拿) and the line flagged.
#[test]
fn a_note_marked_as_one_is_the_orders_remark_whatever_it_says() {
    let (_dir, store) = shop();
    for line in [
        "1. 王阿姨 苹果2 备注：明天下午来拿",
        "1. 王阿姨 苹果2 备注:明天下午来拿 ",
    ] {
        let e = &read(&store, line)[0];
        assert_eq!(
            (e.flagged, e.remark.as_str(), e.items[0].qty),
            (false, "明天下午来拿", 2),
            "{line}"
        );
    }
    let e = &read(&store, "1. 王阿姨 苹果2 自提 备注 放门口别敲门")[0];
    assert_eq!((e.flagged, e.remark.as_str()), (false, "自提 放门口别敲门"));
}

/// A building and room beside the name (`老陈（8栋）`, `8栋502 老陈`) was
/// read as products: "老陈" and "8栋" unknown, the line without a buyer;
/// a note in brackets (`苏姐(要熟一点的)`) made a new customer of that name.
/// Both are the order's remark; a customer the shop already knows by the
/// bracketed name keeps it, and a bracket that orders is read as items.
#[test]
fn a_building_and_room_beside_the_name_is_the_orders_remark() {
    let (_dir, mut store) = shop();
    for (line, name, remark) in [
        ("1. 老陈（8栋） 苹果2", "老陈", "8栋"),
        ("1. 老陈 (8栋) 苹果2 自提", "老陈", "8栋 自提"),
        ("1. 8栋502 老陈 苹果2", "老陈", "8栋502"),
        ("1. 李姐(3-502) 苹果2", "李姐", "3-502"),
        ("1. 李姐 苹果2，3号楼2单元501", "李姐", "3号楼2单元501"),
        ("1. 苏姐(要熟一点的) 苹果2", "苏姐", "要熟一点的"),
    ] {
        let e = &read(&store, line)[0];
        assert_eq!(
            (
                e.flagged,
                e.customer.as_str(),
                e.remark.as_str(),
                e.items[0].qty
            ),
            (false, name, remark, 2),
            "{line}"
        );
    }
    let entries = read(&store, "1. 老陈（8栋） 苹果2");
    let done = store.write(|w| commit(w, &entries, opts(false))).unwrap();
    let (remark, customer): (String, String) = store
        .conn()
        .query_row(
            "SELECT o.remark, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.order_no = ?1",
            [&done.orders[0]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((remark.as_str(), customer.as_str()), ("接龙 8栋", "老陈"));
    // Joining twice with the same building: one order, the remark said once.
    let entries = read(
        &store,
        "1. 阿珍（9栋） 苹果1 自提\n2. 阿珍（9栋） 苹果1 自提",
    );
    let done = store.write(|w| commit(w, &entries, opts(false))).unwrap();
    assert_eq!(done.orders.len(), 1);
    let remark: String = store
        .conn()
        .query_row(
            "SELECT remark FROM orders WHERE order_no = ?1",
            [&done.orders[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(remark, "接龙 9栋 自提");
    store
        .conn()
        .execute_batch("INSERT INTO customers(id, name, created_at, updated_at) VALUES ('c9', '张三【2号楼】', 0, 0)")
        .unwrap();
    let e = &read(&store, "1. 张三【2号楼】 苹果2")[0];
    assert_eq!(
        (
            e.customer.as_str(),
            e.customer_id.as_deref(),
            e.remark.as_str()
        ),
        ("张三【2号楼】", Some("c9"), "")
    );
    let e = &read(&store, "1. 苏姐(苹果2)")[0];
    assert_eq!((e.customer.as_str(), e.items[0].qty), ("苏姐", 2));
}

/// A header naming products short, as merchants write them (`水蜜桃 10斤装`
/// for 阳山水蜜桃), offers them with that pack: `桃1` was flagged as fitting
/// two packs.
#[test]
fn a_header_naming_a_product_short_offers_its_pack() {
    let (_dir, store) = shop();
    let entries = read(
        &store,
        "水蜜桃 10斤装 69 / 苹果 12.8\n1. 王阿姨 桃1\n2. 李姐 水蜜桃2",
    );
    let first_items: Vec<_> = entries
        .iter()
        .map(|e| (e.flagged, e.items[0].sku.as_str(), e.items[0].qty))
        .collect();
    assert_eq!(first_items, [(false, "TAO-10", 1), (false, "TAO-10", 2)]);
    // `草莓 3斤装` fits two strawberries; only one has that pack.
    store
        .conn()
        .execute_batch(
            "INSERT INTO products(id, name, pinyin, created_at, updated_at) VALUES ('s1', '红颜草莓', '', 0, 0), ('s2', '丹东草莓', '', 0, 0);
             INSERT INTO variants(id, product_id, sku, options, price_fen, created_at, updated_at)
             VALUES ('HY-3', 's1', 'HY-3', '3斤装', 1000, 0, 0), ('HY-5', 's1', 'HY-5', '5斤装', 1000, 0, 0),
                    ('DD-5', 's2', 'DD-5', '5斤装', 1000, 0, 0), ('DD-10', 's2', 'DD-10', '10斤装', 1000, 0, 0);",
        )
        .unwrap();
    let e = &read(&store, "草莓 3斤装 68 / 水蜜桃 10斤装\n1. 王阿姨 草莓2 桃1")[0];
    let items: Vec<_> = e.items.iter().map(|i| (i.sku.as_str(), i.qty)).collect();
    assert_eq!(
        (e.flagged, items),
        (false, vec![("HY-3", 2), ("TAO-10", 1)])
    );
    let e = &read(&store, "草莓 5斤装 88\n1. 王阿姨 草莓2")[0];
    assert!(e.flagged, "both have a 5斤装: {:?}", e.items);
    // A word of one product's name without a pack beside it offers nothing.
    let e = &read(&store, "红颜 团购\n1. 王阿姨 草莓5斤装2")[0];
    assert!(
        e.flagged,
        "红颜 alone does not pick 红颜草莓: {:?}",
        e.items
    );
}

/// `桃1箱（5斤）` was read as two items, a box and another 5斤 box: the
/// bracket says which pack the one box is. With two boxes it could be each
/// box's size or the whole order's, so a person decides, unless it names a
/// pack (`（5斤装）`).
#[test]
fn a_size_in_brackets_is_the_items_own_not_another_item() {
    let (_dir, store) = shop();
    let items = |line: &str| {
        let e = &read(&store, line)[0];
        let items: Vec<_> = e.items.iter().map(|i| (i.sku.clone(), i.qty)).collect();
        (e.flagged, items)
    };
    assert_eq!(
        items("1. 王阿姨 桃1箱（5斤）"),
        (false, vec![("TAO-5".into(), 1)])
    );
    assert_eq!(
        items("1. 王阿姨 桃2箱（5斤装）"),
        (false, vec![("TAO-5".into(), 2)])
    );
    let unsure = &read(&store, "1. 王阿姨 桃2箱（10斤）")[0];
    assert!(unsure.items.is_empty());
    assert!(
        matches!(unsure.flags[..], [Flag::TwoCounts { .. }]),
        "{:?}",
        unsure.flags
    );
    // Without brackets a size after a counted item is still another item.
    assert_eq!(
        items("阳山水蜜桃 5斤装\n1. 王阿姨 桃1 10斤装1"),
        (false, vec![("TAO-5".into(), 1), ("TAO-10".into(), 1)])
    );
}

/// A price copied from the header (`69元`, `¥69`) was an unknown product,
/// and `x1 已付110.4` the count 1110.4: money written is the remark, as
/// written; the order is priced by the shop.
#[test]
fn money_written_in_a_line_is_the_remark_not_a_count() {
    let (_dir, store) = shop();
    for (line, qty, remark) in [
        ("1. 王阿姨 苹果 12.8元 2份", 2, "12.8元"),
        ("1. 王阿姨 苹果2 ¥25.6", 2, "¥25.6"),
        ("1. 王阿姨 苹果 x1 已付12.8", 1, "已付12.8"),
        ("1. 王阿姨 苹果1 已付 自提", 1, "已付 自提"),
    ] {
        let e = &read(&store, line)[0];
        assert_eq!(
            (e.flagged, e.items.first().map(|i| i.qty), e.remark.as_str()),
            (false, Some(qty), remark),
            "{line}: {:?}",
            e.flags
        );
    }
}

/// `桃5斤装的2箱`, `桃一箱10斤的`: 的 beside a quantity joins, it was read
/// as an unknown product (`的2箱`).
#[test]
fn a_de_beside_a_quantity_names_nothing() {
    let (_dir, store) = shop();
    for (line, sku, qty) in [
        ("1. 王阿姨 桃5斤装的2箱", "TAO-5", 2),
        ("1. 王阿姨 桃一箱10斤的", "TAO-10", 1),
    ] {
        let e = &read(&store, line)[0];
        let items: Vec<_> = e.items.iter().map(|i| (i.sku.as_str(), i.qty)).collect();
        assert_eq!(
            (e.flagged, items),
            (false, vec![(sku, qty)]),
            "{line}: {:?}",
            e.flags
        );
    }
}

/// `Lily Wang 苹果2`: the second word of a name in Latin letters was an
/// unknown product.
#[test]
fn a_name_in_latin_letters_keeps_its_second_word() {
    let (_dir, store) = shop();
    let e = &read(&store, "1. Lily Wang 苹果2")[0];
    assert_eq!(
        (e.flagged, e.customer.as_str(), e.items[0].qty),
        (false, "Lily Wang", 2)
    );
    // A word that orders is not part of the name.
    let e = &read(&store, "1. Lily tao 苹果2")[0];
    assert_eq!(e.customer, "Lily");
}

/// Options without oversell or an arrival day; `skip` leaves flagged lines.
fn opts(skip: bool) -> CommitOptions<'static> {
    CommitOptions {
        skip_flagged: skip,
        ..Default::default()
    }
}

/// The case: a list that says `明天下午到货` gives orders for
/// tomorrow's pick list, not today's.
#[test]
fn a_list_arriving_tomorrow_is_picked_tomorrow() {
    use crate::fulfilment::{pick_list, PickDay};
    let (_dir, mut store) = shop();
    let today = store.clock().today();
    let tomorrow = today.succ_opt().unwrap();
    let parsed = parse(
        store.conn(),
        store.clock(),
        "#接龙 阳山水蜜桃 5斤装\n明天下午到货，自提点取\n1. 王阿姨 桃x2",
    )
    .unwrap();
    assert_eq!(parsed.arrives_on, Some(tomorrow.to_string()));
    let opts = CommitOptions {
        arrives_on: parsed.arrives_on.as_deref(),
        ..opts(false)
    };
    let done = store.write(|w| commit(w, &parsed.entries, opts)).unwrap();
    let no = &done.orders[0];
    let picked = |day, by| -> Vec<String> {
        pick_list(store.conn(), day, by, false)
            .unwrap()
            .groups
            .iter()
            .flat_map(|g| g.orders.iter().map(|o| o.order_no.clone()))
            .collect()
    };
    assert!(picked(today, PickDay::Arrival).is_empty(), "not today's");
    assert_eq!(picked(tomorrow, PickDay::Arrival), std::slice::from_ref(no));
    assert_eq!(
        picked(today, PickDay::Placed),
        std::slice::from_ref(no),
        "placed today all the same"
    );
    let d = crate::orders::detail(store.conn(), store.clock(), no).unwrap();
    assert_eq!(d.arrives_on, Some(tomorrow.to_string()));
}

/// An empty paste, or a list copied without its numbers, is said: read as
/// a list of nothing, its lines would be lost without a word.
#[test]
fn a_paste_with_no_numbered_line_is_refused_not_read_as_nothing() {
    let (_dir, store) = shop();
    for pasted in ["", " \n\t\n", "阳山水蜜桃 5斤装\n王阿姨 桃x2\n李姐 苹果1"] {
        let err = parse(store.conn(), store.clock(), pasted).unwrap_err();
        assert_eq!(err.code(), "no_list_lines", "{pasted:?}");
    }
    assert_eq!(read(&store, "阳山水蜜桃 5斤装\n1. 王阿姨 桃x2").len(), 1);
}

/// A list cut mid-word (`小K 番` for 番茄) or one stray character is
/// offered as the product it starts, never taken: 桃 still means the
/// 水蜜桃, as people shorten it.
#[test]
fn one_character_that_only_starts_a_name_is_offered_not_taken() {
    let (_dir, store) = shop();
    let entries = read(
        &store,
        "阳山水蜜桃 5斤装\n番茄 5元一斤\n1. 小K 番\n2. 王阿姨 红2\n3. 李姐 桃1",
    );
    for e in &entries[..2] {
        assert!(e.flagged, "line {}", e.line);
        assert!(
            matches!(&e.flags[..], [Flag::PartOfName { .. }]),
            "{:?}",
            e.flags
        );
        assert!(e.items[0].ambiguous && e.items[0].sku.is_empty());
    }
    assert_eq!(entries[0].items[0].candidates[0].sku, "FQ-1");
    assert_eq!(entries[1].items[0].candidates[0].sku, "PG-1");
    assert!(!entries[2].flagged, "{:?}", entries[2].flags);
}
