//! Campaign records: traffic files, codes, referrer links, rates as read.

use super::*;
use crate::error::CoreError;
use crate::table::Why;

#[test]
fn a_bad_traffic_file_names_its_cell_and_writes_nothing() {
    let (_dir, mut store) = peach_shop();
    let today = store.clock().today().to_string();
    let id = store
        .write(|w| {
            records::add(
                w,
                &records::NewCampaign {
                    name: "双十二直播".into(),
                    kind: "live".into(),
                    starts: today.clone(),
                    ends: today.clone(),
                    notes: String::new(),
                    code: Some("LIVE1212".into()),
                    referrer: None,
                    arrives_on: None,
                },
            )
        })
        .unwrap();
    let bad = "日期,浏览量,点击量\n2026-12-01,1000,80\n2026-12-02,1200,abc\n";
    let err = store
        .write(|w| records::import_traffic(w, &id, bad.as_bytes(), "traffic.csv"))
        .unwrap_err();
    assert!(err.to_string().contains("line 3, column 3"), "{err}");
    let why = |store: &mut Store, text: &str| match store
        .write(|w| records::import_traffic(w, &id, text.as_bytes(), "traffic.csv"))
    {
        Err(CoreError::BadFile { why, .. }) => why.map(|w| *w),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        why(&mut store, "日期,浏览量,点击量\n2026-12-01,100,180\n"),
        Some(Why::ClicksOverViews {
            clicks: "180".into(),
            views: "100".into()
        })
    );
    assert_eq!(
        why(&mut store, "日期,访客\n2026-12-01,100\n"),
        Some(Why::NotATrafficFile)
    );
    let days: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM campaign_traffic", [], |r| r.get(0))
        .unwrap();
    assert_eq!(days, 0);
    let good = "日期,浏览量,点击量\n2026-12-01,1000,80\n2026-12-02,1200,120\n";
    let got = store
        .write(|w| records::import_traffic(w, &id, good.as_bytes(), "traffic.csv"))
        .unwrap();
    assert_eq!((got.days, got.views, got.clicks), (2, 2200, 200));
    store
        .write(|w| records::add_spend(w, &id, "kol", Money::from_fen(5000), "主播坑位费"))
        .unwrap();
    let row = records::list(store.conn(), store.clock())
        .unwrap()
        .remove(0);
    assert_eq!(
        (row.ctr.as_deref(), row.conversion.as_deref(), row.roi),
        (Some("9.09%"), Some("0.00%"), Some("0.00".into()))
    );
}

#[test]
fn rates_read_naturally() {
    assert_eq!(crate::campaigns::rate_text(800), "8%");
    assert_eq!(crate::campaigns::rate_text(250), "2.5%");
    assert_eq!(crate::campaigns::rate_text(1234), "12.34%");
}

#[test]
fn orders_find_their_campaign_by_live_code_or_referrer_link() {
    let (_dir, mut store) = peach_shop();
    add_distributor(&mut store, "阿花", None, None, None).unwrap();
    let today = store.clock().today().to_string();
    let tomorrow = (store.clock().today() + chrono::Duration::days(1)).to_string();
    let campaign = |store: &mut Store, name: &str, code: Option<&str>, referrer: Option<&str>| {
        let c = records::NewCampaign {
            name: name.into(),
            kind: "live".into(),
            starts: today.clone(),
            ends: today.clone(),
            notes: String::new(),
            code: code.map(Into::into),
            referrer: referrer.map(Into::into),
            // The live session's goods arrive tomorrow (预售).
            arrives_on: code.map(|_| tomorrow.clone()),
        };
        store.write(|w| records::add(w, &c)).unwrap()
    };
    let live = campaign(&mut store, "周五直播", Some("LIVE1212"), None);
    let link = campaign(&mut store, "阿花的分享链接", None, Some("阿花"));
    assert_eq!(records::find(store.conn(), "LIVE1212").unwrap(), live);
    let by_code = NewOrder {
        campaign_id: Some(live.clone()),
        ..NewOrder::default()
    };
    let a = peaches(&mut store, 1, by_code).unwrap();
    let b = referred_order(&mut store, "阿花", 2);
    let of = |no: &str| -> Option<String> {
        store
            .conn()
            .query_row(
                "SELECT campaign_id FROM orders WHERE order_no = ?1",
                [no],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((of(&a), of(&b)), (Some(live), Some(link)));
    let arrives = |no: &str| -> Option<String> {
        store
            .conn()
            .query_row(
                "SELECT arrives_on FROM orders WHERE order_no = ?1",
                [no],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(
        (arrives(&a), arrives(&b)),
        (Some(tomorrow), None),
        "orders carry their campaign's arrival day"
    );
}
