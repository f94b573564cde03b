// Printing through the OS print dialog (which also saves a PDF): the paper
// the merchant chose, and optionally only the receipt on the page.

export type Paper = "a4" | "80mm";

/** Prints the page on `paper`; `only` prints just the open order's
 * `.receipt`, or the `.receipts` block (one receipt a page). */
export function printOn(paper: Paper, only?: "receipt" | "receipts"): void {
  clear();
  const page = document.createElement("style");
  page.dataset.printPage = "";
  page.textContent = paper === "a4" ? "@page { size: A4; margin: 12mm; }" : "@page { size: 80mm auto; margin: 3mm; }";
  document.head.append(page);
  const root = document.documentElement;
  root.dataset.paper = paper;
  if (only) root.dataset.print = only;
  // Windows and Linux print before window.print() returns; on macOS it asks
  // the webview to print and returns at once, so the paper and the part to
  // print stay set until the print is done (they only touch print media).
  window.addEventListener("afterprint", clear, { once: true });
  window.print();
}

/** Back to printing the page as it is. */
function clear(): void {
  for (const s of document.querySelectorAll("style[data-print-page]")) s.remove();
  delete document.documentElement.dataset.paper;
  delete document.documentElement.dataset.print;
}
