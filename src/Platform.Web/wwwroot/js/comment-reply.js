// Replies in place. Each comment has a "reply" link to the reply page (which works without
// script); with script the link opens the page's one reply form (#reply-form-template) right under
// the comment answered, named for its author. A second click on the same link goes back to it.
const template = document.getElementById("reply-form-template");
let opened = 0;

function open(link) {
  const comment = link.closest("article.comment");
  const existing = comment.querySelector("form.reply-form");
  if (existing) {
    existing.querySelector("textarea")?.focus();
    return;
  }
  const form = template.content.firstElementChild.cloneNode(true);
  // The comment answered: its id (the article's, "comment-123") and its author, as the page shows them.
  const answered = comment.id.replace("comment-", "");
  const name = comment.querySelector(".comment-author")?.textContent.trim() ?? "";
  opened += 1;
  const id = `reply-body-${answered}-${opened}`;
  form.querySelector("[name='Input.ReplyTo']").value = answered;
  const label = form.querySelector("label");
  label.htmlFor = id;
  label.textContent = template.dataset.label.replace("{0}", () => name);
  const text = form.querySelector("textarea");
  text.id = id;
  text.placeholder = template.dataset.placeholder.replace("{0}", () => name);
  (comment.querySelector(".comment-actions") ?? comment).after(form);
  text.focus();
}

if (template) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("article.comment a.reply-link");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    open(link);
  });
}
