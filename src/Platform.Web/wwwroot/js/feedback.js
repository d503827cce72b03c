// "Was this lesson helpful?" in place. The lesson page only links to /feedback (it is cached and
// carries no antiforgery token); this script fetches that page, which sets the antiforgery cookie
// and renders the form with its token, shows the form under the lesson with the reader's choice
// already ticked, and posts it to the same page handler. Without script the links lead to /feedback.
import { message } from "./messages.js";

const parse = (html) => new DOMParser().parseFromString(html, "text/html");

function showMessage(section, text) {
  section.querySelector(".helpful-message")?.remove();
  const p = document.createElement("p");
  p.className = "field-error helpful-message";
  p.setAttribute("role", "alert");
  p.textContent = text;
  section.append(p);
}

function show(section, form) {
  section.querySelector(".helpful-choices")?.remove();
  section.querySelector("#feedback-form")?.remove();
  form.classList.remove("card");
  section.append(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      const page = parse(await response.text());
      const thanks = page.querySelector(".feedback-thanks");
      const next = page.querySelector("#feedback-form");
      if (response.ok && thanks) {
        for (const link of thanks.querySelectorAll("a")) {
          link.closest("p")?.remove();
        }
        thanks.classList.remove("card");
        section.querySelector("#feedback-form")?.remove();
        section.querySelector(".helpful-message")?.remove();
        section.append(thanks);
      } else if (next) {
        show(section, next);
      } else {
        throw new Error(`HTTP ${response.status}`);
      }
    } catch {
      if (button) {
        button.disabled = false;
      }
      showMessage(section, message("send-failed"));
    }
  });
  form.querySelector("textarea")?.focus();
}

for (const section of document.querySelectorAll("section.helpful")) {
  for (const link of section.querySelectorAll('a[href^="/feedback"]')) {
    link.addEventListener("click", async (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      event.preventDefault();
      let form = null;
      try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        form = response.ok ? parse(await response.text()).querySelector("#feedback-form") : null;
      } catch {
        form = null;
      }
      if (!form) {
        location.assign(link.href);
        return;
      }
      show(section, form);
    });
  }
}
