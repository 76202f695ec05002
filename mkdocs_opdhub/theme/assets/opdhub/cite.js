/* mkdocs-opdhub: "Cite" on a card (copies the paper's BibTeX) and the paper page's "Copy BibTeX".
 * When the clipboard is refused, a dialog shows the entry selected, for the reader to copy. */
import { dataUrlOf, fullNow, lacksBibtex, load, loadFull, loadedData, record } from "./data.js";
import { announce, el } from "./dom.js";

function citeDialog() {
  let dialog = document.getElementById("opdhub:cite-dialog");
  if (dialog) return dialog;
  const copy = el("button", {
    type: "button",
    class: "opdhub-button opdhub-button--primary",
    "data-opdhub-copy": "",
    text: "Copy",
  });
  const close = el("button", { type: "submit", class: "opdhub-button", value: "close", text: "Close" });
  dialog = el("dialog", { id: "opdhub:cite-dialog", class: "opdhub-dialog", "aria-labelledby": "opdhub:cite-title" }, [
    el("form", { method: "dialog" }, [
      el("p", { id: "opdhub:cite-title", class: "opdhub-dialog__title" }),
      el("p", {
        class: "opdhub-dialog__hint",
        text: "The BibTeX entry is selected: copy it with Ctrl+C (⌘C on a Mac).",
      }),
      el("textarea", { readonly: "", rows: "10", spellcheck: "false", "aria-label": "BibTeX" }),
      el("div", { class: "opdhub-dialog__actions" }, [copy, close]),
    ]),
  ]);
  copy.addEventListener("click", () => {
    const area = dialog.querySelector("textarea");
    area.focus();
    area.select();
    const done = () => {
      copy.textContent = "Copied";
    };
    const legacy = () => {
      try {
        if (document.execCommand("copy")) done();
      } catch {
        /* the text stays selected */
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(area.value).then(done, legacy);
    else legacy();
  });
  document.body.appendChild(dialog);
  return dialog;
}

function showDialog(title, text) {
  const dialog = citeDialog();
  dialog.querySelector(".opdhub-dialog__title").textContent = `Cite “${title}”`;
  dialog.querySelector("[data-opdhub-copy]").textContent = "Copy";
  const area = dialog.querySelector("textarea");
  area.value = text;
  if (typeof dialog.showModal === "function") {
    if (!dialog.open) dialog.showModal();
  } else {
    dialog.setAttribute("open", "");
  }
  area.focus();
  area.select();
}

function copyBibTeX(text, button, title) {
  const write =
    navigator.clipboard && navigator.clipboard.writeText
      ? navigator.clipboard.writeText(text)
      : Promise.reject(new Error("no clipboard"));
  write.then(
    () => {
      const label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      button.textContent = "Copied";
      button.classList.add("opdhub-card__cite--done");
      announce(`BibTeX of “${title}” copied`);
      window.setTimeout(() => {
        button.textContent = label;
        button.classList.remove("opdhub-card__cite--done");
      }, 2000);
    },
    () => showDialog(title, text), // the clipboard was refused: let the reader copy it
  );
}

/** A click on a card's "Cite". */
export function onCite(event) {
  const button = event.target.closest && event.target.closest("[data-opdhub-cite]");
  if (!button) return;
  event.preventDefault();
  const card = button.closest("[data-paper-id]");
  const holder = button.closest("[data-opdhub-data]");
  if (!card || !holder) return;
  const url = dataUrlOf(holder);
  const id = card.getAttribute("data-paper-id");
  const title = (card.querySelector('[data-opdhub-slot="title"]') || card).textContent.trim();
  const failed = () => showDialog(title, "The citation could not be loaded.");
  const cite = (rec) => {
    if (rec && rec.bibtex) copyBibTeX(rec.bibtex, button, title);
  };
  const fromData = (data) => {
    const rec = fullNow(holder, record(data, id));
    if (lacksBibtex(rec)) loadFull(holder, [rec]).then((full) => cite(full && record(full, id)), failed);
    else cite(rec);
  };
  // With the data already here the clipboard is written within the click, as browsers require.
  if (loadedData(url)) fromData(loadedData(url));
  else load(url).then(fromData, failed);
}

/** A click on the paper page's "Copy BibTeX": the entry is on the page already. */
export function onCopy(event) {
  const button = event.target.closest && event.target.closest("[data-opdhub-copy]");
  if (!button || button.closest("#opdhub\\:cite-dialog")) return;
  const source = document.getElementById(button.getAttribute("data-opdhub-copy"));
  if (!source || !navigator.clipboard) return;
  const label = button.getAttribute("data-label") || button.textContent;
  button.setAttribute("data-label", label);
  navigator.clipboard.writeText(source.textContent).then(
    () => {
      button.textContent = "Copied";
      window.setTimeout(() => {
        button.textContent = label;
      }, 2000);
    },
    () => {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range); // the entry is selected: the reader copies it with Ctrl+C
    },
  );
}
