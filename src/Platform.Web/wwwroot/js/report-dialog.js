// "Report a problem" in a dialog. Every link to /report (the lesson page's, the footer's) opens the
// report page's own form in a <dialog>, with the text the reader had selected on the page. The
// form comes from GET /report, which also sets the antiforgery cookie its token belongs to; the
// post goes to the same page handler. Without this script the links simply lead to /report.
import { alertMessage, fetchForm, plainClick, postInPlace } from "./form-in-place.js";
import { message } from "./messages.js";

const maxSelection = 2000;

const selectedText = () => (window.getSelection()?.toString() ?? "").trim().slice(0, maxSelection);

function buildDialog() {
  const dialog = document.createElement("dialog");
  dialog.className = "report-dialog";
  dialog.setAttribute("aria-labelledby", "report-dialog-title");
  const body = document.createElement("div");
  body.className = "report-dialog-body stack";
  const head = document.createElement("div");
  head.className = "report-dialog-head";
  const title = document.createElement("h2");
  title.id = "report-dialog-title";
  title.textContent = message("report-title");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "ghost";
  close.textContent = message("close");
  close.addEventListener("click", () => dialog.close());
  head.append(title, close);
  const content = document.createElement("div");
  content.className = "report-dialog-content";
  body.append(head, content);
  dialog.append(body);
  document.body.append(dialog);
  return { dialog, title, content };
}

let parts = null;

function showForm(form) {
  parts.title.textContent = message("report-title");
  parts.content.replaceChildren(form);
  postInPlace(form, {
    thanks: ".report-thanks",
    again: "#report-form",
    onThanks: showThanks,
    onForm: showForm,
    onError: () => parts.content.prepend(alertMessage(message("report-failed"))),
  });
}

function showThanks(thanks) {
  const heading = thanks.querySelector("h1");
  parts.title.textContent = heading?.textContent ?? message("report-thanks");
  heading?.remove();
  for (const link of thanks.querySelectorAll("a.button")) {
    link.closest("p")?.remove();
  }
  parts.content.replaceChildren(thanks);
}

async function open(link, selection) {
  const url = new URL(link.href, location.href);
  if (!url.searchParams.has("from")) {
    url.searchParams.set("from", location.pathname + location.search);
  }
  const form = await fetchForm(url, "#report-form");
  if (!form) {
    location.assign(url);
    return;
  }
  parts ??= buildDialog();
  showForm(form);
  const box = form.querySelector('[name="Input.SelectedText"]');
  if (box && selection) {
    box.value = selection;
  }
  parts.dialog.showModal();
  form.querySelector("input[type=radio]")?.focus();
}

if (typeof HTMLDialogElement === "function" && !location.pathname.startsWith("/report")) {
  // Pressing on a link can clear the selection before the click: remember it at pointerdown.
  let remembered = "";
  for (const link of document.querySelectorAll('a[href^="/report"]')) {
    link.addEventListener("pointerdown", () => {
      remembered = selectedText();
    });
    link.addEventListener("click", (event) => {
      if (!plainClick(event)) {
        return;
      }
      event.preventDefault();
      const selection = selectedText() || remembered;
      remembered = "";
      open(link, selection);
    });
  }
}
