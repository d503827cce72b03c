// Editing a comment without leaving the lesson. The "수정" link leads to /comments/{id}/edit (the
// page without script); here the script fetches that page, which carries the form with its
// antiforgery token, and shows the form in the comment's place. Saving posts the same form; the
// server answers with the lesson page, from which the updated comment replaces the old one.
import { fetchForm, parse, plainClick } from "./form-in-place.js";

function restore(article, form) {
  form.remove();
  article.querySelector(".comment-body")?.removeAttribute("hidden");
  article.querySelector(".comment-actions")?.removeAttribute("hidden");
}

async function open(link) {
  const article = link.closest("article.comment");
  if (!article || article.querySelector("form.edit-in-place")) {
    return true;
  }
  const form = await fetchForm(link.href, "#edit-form");
  if (!form) {
    return false;
  }
  form.removeAttribute("id");
  form.classList.remove("card");
  form.classList.add("edit-in-place");
  form.action = new URL(form.getAttribute("action") || link.href, link.href).href;
  const textarea = form.querySelector("textarea");
  const label = form.querySelector("label");
  if (textarea && label) {
    textarea.id = `edit-body-${article.id}`;
    label.htmlFor = textarea.id;
  }
  article.querySelector(".comment-body")?.setAttribute("hidden", "");
  article.querySelector(".comment-actions")?.setAttribute("hidden", "");
  article.append(form);
  form.querySelector("[data-edit-cancel]")?.addEventListener("click", (event) => {
    event.preventDefault();
    restore(article, form);
    link.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    let saved;
    let page;
    try {
      saved = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      page = parse(await saved.text());
    } catch {
      // No answer: post the form the plain way, as the page without script does.
      form.submit();
      return;
    }
    const updated = page.querySelector(`#${CSS.escape(article.id)}`);
    if (saved.ok && updated) {
      article.replaceWith(document.importNode(updated, true));
      document.getElementById(article.id)?.querySelector("a[data-edit-in-place]")?.focus();
      return;
    }
    const problem = page.querySelector(".comment-problem");
    form.querySelector(".comment-problem")?.remove();
    if (problem) {
      form.prepend(document.importNode(problem, true));
    }
    if (button) {
      button.disabled = false;
    }
  });
  textarea?.focus();
  return true;
}

document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-edit-in-place]");
  if (!link || event.defaultPrevented || !plainClick(event)) {
    return;
  }
  event.preventDefault();
  try {
    if (await open(link)) {
      return;
    }
  } catch {
    // fall through to the page
  }
  window.location.assign(link.href);
});
