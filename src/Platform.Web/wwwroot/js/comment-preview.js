// Comment preview in place. Each comment form has a preview button that posts the form to
// /comments/new?handler=Preview, where the server renders the text with the same sanitizing
// pipeline as a posted comment (or says what is wrong with it). Without script that page is the
// preview, with the text kept in its form; with script its preview section is shown right under
// the form the reader is typing in.
const parse = (html) => new DOMParser().parseFromString(html, "text/html");
let shown = 0;

function place(form, section) {
  const old = form.nextElementSibling;
  if (old?.matches("[data-preview-shown]")) {
    old.remove();
  }
  shown += 1;
  section.setAttribute("data-preview-shown", "");
  section.removeAttribute("id");
  const title = section.querySelector("h2");
  if (title) {
    title.id = `comment-preview-title-${shown}`;
    section.setAttribute("aria-labelledby", title.id);
  }
  form.after(section);
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-comment-preview]");
  const form = button?.form;
  if (!form) {
    return;
  }
  event.preventDefault();
  button.disabled = true;
  try {
    const response = await fetch(button.formAction, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    const page = parse(await response.text());
    const section = page.querySelector("#comment-preview") ?? page.querySelector(".comment-problem");
    if (!section) {
      throw new Error(`preview: ${response.status}`);
    }
    place(form, document.importNode(section, true));
  } catch {
    // Whatever went wrong, the page without script still works: go there.
    button.removeAttribute("data-comment-preview");
    button.disabled = false;
    button.click();
    return;
  }
  button.disabled = false;
});
