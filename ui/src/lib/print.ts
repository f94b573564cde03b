// Printing through the OS print dialog (which also saves a PDF): the paper
// the merchant chose, and optionally only the receipt on the page.

export type Paper = "a4" | "80mm";

/** Prints the page on `paper`; `receipt` prints only the `.receipt` element. */
export function printOn(paper: Paper, receipt = false): void {
  const page = document.createElement("style");
  page.textContent = paper === "a4" ? "@page { size: A4; margin: 12mm; }" : "@page { size: 80mm auto; margin: 3mm; }";
  document.head.append(page);
  const root = document.documentElement;
  root.dataset.paper = paper;
  if (receipt) root.dataset.print = "receipt";
  window.print();
  page.remove();
  delete root.dataset.paper;
  delete root.dataset.print;
}
