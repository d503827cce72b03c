// A page's own form, shown elsewhere (under the lesson, in a dialog) and posted in place. Cached
// pages carry no antiforgery token, so the form comes from GET of its page (which also sets the
// cookie its token belongs to) and posts to that page's handler. Without script, links simply lead
// to the page. Used by feedback.js, report-dialog.js and comment-edit.js.
export const parse = (html) => new DOMParser().parseFromString(html, "text/html");

// A left click without a key held: the others open a tab or a window, as links should.
export const plainClick = (event) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

// The element `selector` of the page at `url`; null when it cannot be had (follow the link then).
export async function fetchForm(url, selector) {
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    return response.ok ? parse(await response.text()).querySelector(selector) : null;
  } catch {
    return null;
  }
}

// Posts `form` on submit. The page answers with its thanks (`thanks` selector: onThanks) or with
// the form again, showing what to correct (`again` selector: onForm); anything else: onError.
export function postInPlace(form, { thanks, again, onThanks, onForm, onError }) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      const page = parse(await response.text());
      const done = page.querySelector(thanks);
      const next = page.querySelector(again);
      if (response.ok && done) {
        onThanks(done);
      } else if (next) {
        onForm(next);
      } else {
        throw new Error(`HTTP ${response.status}`);
      }
    } catch {
      if (button) {
        button.disabled = false;
      }
      onError();
    }
  });
}

// The message that says something went wrong, read out by screen readers.
export function alertMessage(text, className = "field-error") {
  const p = document.createElement("p");
  p.className = className;
  p.setAttribute("role", "alert");
  p.textContent = text;
  return p;
}
