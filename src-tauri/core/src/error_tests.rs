//! Every error code is listed and carries the arguments its sentence needs.

use super::*;

/// Every variant's code is one the UI knows a sentence for, and every
/// error carries the arguments its sentence needs.
#[test]
// sizes: a list (an instance of every error)
fn every_code_is_listed_and_carries_its_args() {
    let p = || PathBuf::from("shop.db");
    let all = [
        CoreError::NotAStorefrontDb {
            path: p(),
            reason: "x".into(),
        },
        CoreError::NewerSchema {
            path: p(),
            found: 9,
            supported: 8,
        },
        CoreError::Corrupt {
            path: p(),
            detail: "x".into(),
        },
        CoreError::io(p(), std::io::Error::other("x")),
        CoreError::BadFile {
            path: p(),
            line: Some(2),
            column: Some(3),
            message: "x".into(),
            why: Some(Box::new(crate::table::Why::CutShort)),
            others: Vec::new(),
        },
        CoreError::invalid("qty", "x"),
        CoreError::NotFound {
            entity: "order",
            key: "S1".into(),
        },
        CoreError::ShopNotEmpty,
        CoreError::Cancelled,
        CoreError::Oversell {
            sku: "TAO-5".into(),
            available: "1".into(),
            wanted: "2斤".into(),
        },
        CoreError::ThirdLevel("小美".into()),
        CoreError::Feed("x".into()),
        CoreError::Keychain("x".into()),
        CoreError::Server("x".into()),
        CoreError::Sqlite(rusqlite::Error::InvalidQuery),
        CoreError::refused(
            Refusal::SkuRequired,
            &[("options", "5斤".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ExcelTooBig,
            &[("rows", "2".into()), ("max", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::EditNotAllowed,
            &[("order", "S1".into()), ("status", "fulfilled".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::EditGroupBuy, &[("order", "S1".into())], "x".into()),
        CoreError::refused(
            Refusal::EditReasonRequired,
            &[("order", "S1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::EditOwesAfterRefund,
            &[("order", "S1".into()), ("refunded", "4.00".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::EmptyOrder, &[], "x".into()),
        CoreError::refused(
            Refusal::DiscountTooBig,
            &[("discount", "1".into()), ("subtotal", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::PointsOverBalance,
            &[("points", "1".into()), ("balance", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::QtyOutOfRange,
            &[("sku", "1".into()), ("max", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::PriceOutOfRange, &[("sku", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::PriceNeedsReason,
            &[("sku", "1".into()), ("list_price", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::StatusStep,
            &[
                ("order", "1".into()),
                ("from", "1".into()),
                ("to", "1".into()),
            ],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::HeldForGroupBuy,
            &[("order", "1".into()), ("group", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::CouponTwice, &[("code", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::CouponNotValidNow,
            &[("code", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::CouponUsedUp,
            &[("code", "1".into()), ("used", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::CouponAlone, &[("code", "1".into())], "x".into()),
        CoreError::refused(Refusal::ZeroChange, &[], "x".into()),
        CoreError::refused(Refusal::AdjustmentNeedsReason, &[], "x".into()),
        CoreError::refused(Refusal::StocktakeNeedsReason, &[], "x".into()),
        CoreError::refused(
            Refusal::NotEnoughOnHand,
            &[("sku", "1".into()), ("on_hand", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::TicketResolved, &[], "x".into()),
        CoreError::refused(
            Refusal::RefundOverReceived,
            &[("amount", "1".into()), ("received", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ReturnOverShipped,
            &[
                ("sku", "1".into()),
                ("sold", "1".into()),
                ("back", "1".into()),
            ],
            "x".into(),
        ),
        CoreError::refused(Refusal::NameRequired, &[("what", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::EndsBeforeStarts,
            &[("what", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::CodeTaken,
            &[("what", "1".into()), ("code", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::SpendNotPositive, &[], "x".into()),
        CoreError::refused(Refusal::SkuTwice, &[("sku", "1".into())], "x".into()),
        CoreError::refused(Refusal::NegativePrice, &[("sku", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::SkuTaken,
            &[("sku", "1".into()), ("other", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::GroupPriceNotBelow,
            &[("list_price", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::DeadlinePassed, &[], "x".into()),
        CoreError::refused(Refusal::GroupTooSmall, &[], "x".into()),
        CoreError::refused(
            Refusal::GroupClosed,
            &[("name", "1".into()), ("group_status", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::GroupLimit,
            &[
                ("name", "1".into()),
                ("limit", "1".into()),
                ("customer", "1".into()),
                ("taken", "1".into()),
            ],
            "x".into(),
        ),
        CoreError::refused(Refusal::BundleTooSmall, &[], "x".into()),
        CoreError::refused(
            Refusal::BundleNotCheaper,
            &[("list_price", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::BundleNotWhole, &[("code", "1".into())], "x".into()),
        CoreError::refused(Refusal::PaymentUsedUp, &[("txn", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::PaymentPaysOrder,
            &[("txn", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::CouponNoDiscount, &[], "x".into()),
        CoreError::refused(
            Refusal::PickupTaken,
            &[("point", "1".into()), ("owner", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::DistributorExists,
            &[("name", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::PayoutOutOfRange,
            &[("name", "1".into()), ("owed", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::EmptyPurchaseOrder, &[], "x".into()),
        CoreError::refused(Refusal::QtyNotPositive, &[("sku", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::PoClosed,
            &[("po", "1".into()), ("po_status", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::NothingReceived, &[], "x".into()),
        CoreError::refused(Refusal::NegativeInvoice, &[], "x".into()),
        CoreError::refused(Refusal::NoPoUrl, &[("supplier", "1".into())], "x".into()),
        CoreError::refused(Refusal::PackSizeTooSmall, &[], "x".into()),
        CoreError::refused(Refusal::PriceNotPositive, &[], "x".into()),
        CoreError::refused(Refusal::ThresholdOutOfRange, &[], "x".into()),
        CoreError::refused(Refusal::NotADay, &[("text", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::PeriodBackwards,
            &[("from", "1".into()), ("to", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::NotATime, &[("text", "1".into())], "x".into()),
        CoreError::refused(Refusal::NegativeGroupTerms, &[], "x".into()),
        CoreError::refused(Refusal::NotAnAmount, &[("text", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::TooManyDecimals,
            &[("text", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::AmountOutOfRange,
            &[("text", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::FeedIncomplete, &[], "x".into()),
        CoreError::refused(Refusal::FeedNeedsMapping, &[], "x".into()),
        CoreError::refused(Refusal::AuthNameRequired, &[], "x".into()),
        CoreError::refused(Refusal::NegativeLeadTime, &[], "x".into()),
        CoreError::refused(Refusal::MappingColumnsMissing, &[], "x".into()),
        CoreError::refused(Refusal::BadUrl, &[("url", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::UrlWithCredentials,
            &[("url", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::SecretEmpty, &[], "x".into()),
        CoreError::refused(Refusal::BadSchedule, &[("text", "1".into())], "x".into()),
        CoreError::refused(Refusal::ScheduleOutOfRange, &[], "x".into()),
        CoreError::refused(Refusal::NoFeed, &[("name", "1".into())], "x".into()),
        CoreError::refused(Refusal::StockOutOfRange, &[("max", "1".into())], "x".into()),
        CoreError::refused(Refusal::BadTransfer, &[], "x".into()),
        CoreError::refused(
            Refusal::CountOutOfRange,
            &[("sku", "1".into()), ("max", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::SolitaireNotSure,
            &[("count", "1".into()), ("lines", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::AliasLength, &[], "x".into()),
        CoreError::refused(
            Refusal::ImageTooBig,
            &[("file", "1".into()), ("max_mb", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::TooLong,
            &[("field", "1".into()), ("max", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::RateOutOfRange, &[("text", "1".into())], "x".into()),
        CoreError::refused(Refusal::MergeSelf, &[], "x".into()),
        CoreError::refused(Refusal::MergeUndone, &[], "x".into()),
        CoreError::refused(Refusal::MergeKeptGone, &[], "x".into()),
        CoreError::refused(Refusal::PriceAmbiguous, &[("sku", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::CustomerAmbiguous,
            &[("name", "1".into()), ("candidates", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::StarsOutOfRange,
            &[("stars", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ReviewSkuNotOnOrder,
            &[("sku", "1".into()), ("order_no", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::TooManyPhotos, &[("max", "1".into())], "x".into()),
        CoreError::refused(
            Refusal::ReviewsNotSure,
            &[("lines", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::NothingPasted, &[], "x".into()),
        CoreError::refused(Refusal::NoListLines, &[], "x".into()),
        CoreError::refused(Refusal::CarrierRequired, &[], "x".into()),
        CoreError::refused(
            Refusal::NotWeighed,
            &[("sku", "1".into()), ("text", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::WeightFinerThanGram,
            &[("sku", "1".into()), ("text", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ServerUrl,
            &[("url", "1".into()), ("why", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::AlreadyPublished,
            &[("server", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ServerNotEmpty,
            &[("server", "1".into()), ("tables", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ServerHasNoShop,
            &[("server", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ServerSchemaDiffers,
            &[
                ("server", "1".into()),
                ("found", "1".into()),
                ("ours", "2".into()),
            ],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::TerminalNameTaken,
            &[("name", "1".into()), ("taken", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::JoinNeedsNewFile,
            &[("path", "1".into())],
            "x".into(),
        ),
        CoreError::refused(Refusal::NotOnServer, &[], "x".into()),
        CoreError::refused(
            Refusal::TerminalRetired,
            &[("name", "1".into()), ("pending", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::SoldByLocked,
            &[("sku", "1".into()), ("unit", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ArrivesInThePast,
            &[("day", "2026-01-01".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::TrackingInvalid,
            &[("tracking", "1".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::NotShippable,
            &[("order", "1".into()), ("status", "cancelled".into())],
            "x".into(),
        ),
        CoreError::refused(
            Refusal::ShopOpenElsewhere,
            &[("path", "1".into()), ("pid", "1".into())],
            "x".into(),
        ),
    ];
    let codes = CoreError::codes();
    let mut seen: Vec<&str> = all.iter().map(|e| e.code()).collect();
    seen.sort();
    seen.dedup();
    let mut listed = codes.clone();
    listed.sort();
    assert_eq!(
        seen, listed,
        "a variant or refusal missing here or in codes()"
    );
    let oversell = all[9].to_ipc();
    assert_eq!(oversell.args["sku"], "TAO-5");
    assert_eq!(oversell.args["wanted"], "2斤");
    let cut = all[4].to_ipc();
    assert_eq!(
        (cut.args["line"].as_str(), cut.args["why"].as_str()),
        ("2", "cut_short")
    );
    // A place the file error has not is left out, not sent empty.
    let whole = crate::table::BadLine::whole("x")
        .because(crate::table::Why::Empty)
        .in_file("a.csv");
    assert!(!whole.to_ipc().args.contains_key("line"));
    // A reason's fields come flat among the arguments, as text.
    let because = |why| {
        crate::table::BadLine::at(3, 3, "x")
            .because(why)
            .in_file("a.csv")
            .to_ipc()
            .args
    };
    let amount = because(crate::table::Why::NotAnAmount {
        cell: "三十".into(),
    });
    assert_eq!(
        (amount["why"].as_str(), amount["cell"].as_str()),
        ("not_an_amount", "三十")
    );
    assert_eq!(
        because(crate::table::Why::Missing { cells: 2 })["cells"],
        "2"
    );
}
