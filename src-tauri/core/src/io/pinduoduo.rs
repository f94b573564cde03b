//! A Pinduoduo (拼多多) merchant order export: one row per order, the
//! product as the listing's title and 规格, amounts in yuan, the shop's own
//! discount inside the order and the platform's outside it (the platform
//! pays that part).

use super::orders::{LineIn, SkuRef};
use super::{BadLine, Cells, Problems, Table};
use crate::shop_time::ShopClock;
use crate::table::Why;

struct Cols {
    order_no: usize,
    status: Option<usize>,
    after_sale: Option<usize>,
    title: usize,
    style_id: Option<usize>,
    merchant_code: Option<usize>,
    spec: Option<usize>,
    qty: usize,
    goods_total: usize,
    shop_discount: Option<usize>,
    paid_at: usize,
    shipped_at: Option<usize>,
    buyer: Option<usize>,
    phone: Option<usize>,
    remark: Option<usize>,
}

impl Cols {
    fn find(t: &Table) -> Option<Cols> {
        Some(Cols {
            order_no: t.col(&["订单号"])?,
            status: t.col(&["订单状态"]),
            after_sale: t.col(&["售后状态"]),
            title: t.col(&["商品", "商品名称"])?,
            style_id: t.col(&["样式ID"]),
            merchant_code: t.col(&["商家编码-SKU维度", "商家编码", "SKU编码"]),
            spec: t.col(&["商品规格"]),
            qty: t.col(&["商品数量(件)", "商品数量"])?,
            goods_total: t.col(&["商品总价(元)", "商品总价"])?,
            shop_discount: t.col(&["店铺优惠折扣(元)", "店铺优惠"]),
            paid_at: t.col(&["订单成交时间", "支付时间", "成交时间"])?,
            shipped_at: t.col(&["发货时间"]),
            buyer: t.col(&["收货人", "买家昵称"]),
            phone: t.col(&["手机", "收货人手机号", "联系电话"]),
            remark: t.col(&["商家备注", "买家留言"]),
        })
    }
}

/// The export's rows as order lines; `None` when the file is not one.
pub fn rows(t: &Table, clock: &ShopClock, problems: &mut Problems) -> Option<Vec<LineIn>> {
    let cols = Cols::find(t)?;
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        match line(&Cells { row }, &cols, clock) {
            Ok(l) => out.push(l),
            Err(bad) => problems.push(bad),
        }
    }
    Some(out)
}

/// 订单状态 and 发货时间 as our status; refunds are read separately.
fn status(text: &str, shipped: bool) -> &'static str {
    match text {
        t if t.contains("取消") || t.contains("关闭") => "cancelled",
        t if t.contains("待付款") || t.contains("未付款") => "awaiting_payment",
        t if t.contains("已收货") || t.contains("已签收") || t.contains("交易成功") => {
            "completed"
        }
        _ if shipped => "fulfilled",
        t if t.contains("已发货") || t.contains("待收货") => "fulfilled",
        _ => "paid",
    }
}

fn line(c: &Cells, cols: &Cols, clock: &ShopClock) -> Result<LineIn, BadLine> {
    let order_no = c.get(Some(cols.order_no)).to_string();
    if order_no.is_empty() {
        return Err(c.bad(cols.order_no, "订单号 is empty"));
    }
    let qty = c.count(cols.qty)?;
    if qty == 0 {
        return Err(c.bad(cols.qty, "商品数量 must be at least 1"));
    }
    let goods = c.money(cols.goods_total)?.fen();
    let shop_discount = match cols.shop_discount.filter(|&i| !c.get(Some(i)).is_empty()) {
        Some(i) => c.money(i)?.fen(),
        None => 0,
    };
    // Our lines carry a unit price: a total that does not divide by the
    // quantity rounds the unit up and the rest becomes a line discount.
    let unit = (goods + qty - 1) / qty;
    let placed_at = clock
        .parse_local(c.get(Some(cols.paid_at)))
        .ok_or_else(|| {
            let cell = c.get(Some(cols.paid_at));
            c.bad_because(
                cols.paid_at,
                format!("not a time: {}", super::shown(cell)),
                Why::NotATime {
                    cell: Why::excerpt(cell),
                },
            )
        })?;
    let shipped = !c.get(cols.shipped_at).is_empty();
    let mut status = status(c.get(cols.status), shipped);
    let refunded = c.get(cols.after_sale).contains("退款成功") && status != "cancelled";
    if refunded {
        status = "refunded";
    }
    let code = c.get(cols.merchant_code);
    Ok(LineIn {
        line: c.row.line,
        order_no,
        placed_at,
        channel: "pinduoduo".into(),
        customer: c.get(cols.buyer).to_string(),
        phone: c.get(cols.phone).to_string(),
        sku: if code.is_empty() {
            SkuRef::Listing {
                title: c.get(Some(cols.title)).to_string(),
                spec: c.get(cols.spec).to_string(),
                style_id: c.get(cols.style_id).to_string(),
            }
        } else {
            SkuRef::Sku(code.to_string())
        },
        qty,
        weight: None,
        qty_col: cols.qty,
        delivery: None,
        arrives_on: None,
        parcel: None,
        unit_fen: unit,
        remark: c.get(cols.remark).to_string(),
        links: Default::default(),
        status: status.into(),
        discount_fen: shop_discount,
        line_discount_fen: unit * qty - goods,
        refunded_fen: if refunded { goods - shop_discount } else { 0 },
        shipped,
        order_cells: Vec::new(),
        sku_col: cols
            .merchant_code
            .filter(|_| !code.is_empty())
            .unwrap_or(cols.title),
        customer_col: cols.buyer.unwrap_or(0),
    })
}
