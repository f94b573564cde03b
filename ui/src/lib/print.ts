// Printing through the OS print dialog (which also saves a PDF): the paper
// the merchant chose, and optionally only the receipt on the page.

export type Paper = "a4" | "80mm";

/** Prints the page on `paper`; `only` prints just the open order's
 * `.receipt`, or the `.receipts` block (one receipt a page). */
export function printOn(paper: Paper, only?: "receipt" | "receipts"): void {
  const page = document.createElement("style");
  page.textContent = paper === "a4" ? "@page { size: A4; margin: 12mm; }" : "@page { size: 80mm auto; margin: 3mm; }";
  document.head.append(page);
  const root = document.documentElement;
  root.dataset.paper = paper;
  if (only) root.dataset.print = only;
  window.print();
  page.remove();
  delete root.dataset.paper;
  delete root.dataset.print;
}
