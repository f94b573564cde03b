import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zhCN } from "../i18n/zh-CN";
import { ERROR_CODES, type Why } from "./bindings";

describe("catalogues", () => {
  it("have the same keys and no empty text", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const text of [...Object.values(en), ...Object.values(zhCN)]) expect(text.trim()).not.toBe("");
  });
  it("use the same placeholders in both languages", () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(vars(en[key])).toEqual(vars(zhCN[key]));
  });
  it("are Chinese first", () => {
    expect(zhCN["nav.orders"]).toBe("订单");
  });
});

describe("the core's errors", () => {
  // Words that stay as they are in Chinese text: formats, brands, units.
  const kept = new Set(["SKU", "CSV", "Excel", "XLSX", "WeChat", "Alipay", "ID", "Shopify", "WooCommerce", "JSON", "PDF", "HTTP", "http", "URL", "PNG", "MB", "A4", "F2", "Enter", "Ctrl", "Esc", "Tab", "PostgreSQL", "postgres"]);
  const english = (text: string) =>
    (text.replace(/\{\w+\}/g, "").match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !kept.has(w));

  it("each have a sentence in both languages", () => {
    for (const code of ERROR_CODES) {
      const key = `error.${code}` as keyof typeof zhCN;
      expect(zhCN[key], code).toBeTruthy();
      expect(en[key], code).toBeTruthy();
    }
  });
  it("reach the Chinese screen without English words", () => {
    for (const code of ERROR_CODES) {
      const key = `error.${code}` as keyof typeof zhCN;
      expect(english(zhCN[key]), code).toEqual([]);
    }
  });
});

// Every reason a file is refused for: the compiler says when the core adds
// one that is not listed here, and the test then asks for its words.
const WHY_CODES: Record<Why["code"], true> = { empty: true, not_text: true, quote_never_closed: true, cut_short: true, no_rows: true, unknown_layout: true, missing: true, not_an_amount: true, not_a_count: true, too_large: true, not_a_time: true, not_a_day: true, no_such_order: true, order_exists: true, unknown_product: true, not_a_tracking_number: true, not_a_carrier: true, masked_phone: true, no_order_for_phone: true, many_orders_for_phone: true, no_order_or_phone: true, no_tracking_number: true, no_tracking_column: true, no_order_column: true, no_carrier_column: true, not_a_product_file: true, row_needs_name: true, not_a_role: true, not_a_unit: true, excel_barcode: true, excel_id: true, needs_price: true, needs_title: true, summary_count: true, summary_amount: true, summary_totals: true, minus_income: true, no_column: true, too_many_cells: true, not_a_direction: true, no_saved_layout: true, not_an_order_file: true, differs_from_line: true, ambiguous_customer: true, more_than_order: true, parcel_not_shipped: true, no_such_referrer: true, no_such_leader: true, no_such_pickup_point: true, no_such_campaign: true, not_a_delivery: true, tracking_needs_carrier: true, carrier_needs_tracking: true, not_a_quantity: true, qty_out_of_range: true, no_order_number: true, no_sku: true, not_a_channel: true, not_a_status: true, not_a_traffic_file: true, clicks_over_views: true, damaged_spreadsheet: true, sheet_too_large: true, second_bill: true };

describe("a file's reasons", () => {
  it("each have words in both languages", () => {
    for (const code of Object.keys(WHY_CODES)) {
      const key = `file.why.${code}` as keyof typeof zhCN;
      expect(zhCN[key], code).toBeTruthy();
      expect(en[key], code).toBeTruthy();
    }
  });
});

describe("the Chinese catalogue", () => {
  it("has no untranslated text", () => {
    const kept = /^(SKU|CSV|Excel|XLSX|PDF|WeChat|Alipay|ID|Shopify|WooCommerce|JSON|HTTP|HTTPS|URL|PNG|A4|F2|Enter|Ctrl|Esc|Tab|Shift|Delete|x\d+|CTR|ROI|GMV|AOV|mm|kg|MB|UTF|GBK|BOM|Pinduoduo|order_no|placed_at|channel|customer|phone|sku|qty|unit_price|remark|Handle|Title|Variant|Price|Inventory|Qty|Cost|per|item|Barcode|Option\d?|Name|Value|Type|Body|HTML|Vendor|Tags|api|token|key|http|https|www|json|csv|xlsx|com|cn|Storefront|app|PostgreSQL|postgres)$/;
    const untranslated: string[] = [];
    for (const [key, text] of Object.entries(zhCN)) {
      const words = (text.replace(/\{\w+\}/g, "").match(/[A-Za-z][A-Za-z0-9_]+/g) ?? []).filter((w) => !kept.test(w));
      if (words.length) untranslated.push(`${key}: ${words.join(" ")}`);
    }
    expect(untranslated).toEqual([]);
  });
});
