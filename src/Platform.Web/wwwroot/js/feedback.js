// "Was this lesson helpful?" in place. The lesson page only links to /feedback (it is cached and
// carries no antiforgery token); this script fetches that page, which sets the antiforgery cookie
// and renders the form with its token, shows the form under the lesson with the reader's choice
// already ticked, and posts it to the same page handler. Without script the links lead to /feedback.
import { alertMessage, fetchForm, plainClick, postInPlace } from "./form-in-place.js";
import { message } from "./messages.js";

function show(section, form) {
  section.querySelector(".helpful-choices")?.remove();
  section.querySelector("#feedback-form")?.remove();
  form.classList.remove("card");
  section.append(form);
  postInPlace(form, {
    thanks: ".feedback-thanks",
    again: "#feedback-form",
    onThanks: (thanks) => {
      for (const link of thanks.querySelectorAll("a")) {
        link.closest("p")?.remove();
      }
      thanks.classList.remove("card");
      section.querySelector("#feedback-form")?.remove();
      section.querySelector(".helpful-message")?.remove();
      section.append(thanks);
    },
    onForm: (next) => show(section, next),
    onError: () => {
      section.querySelector(".helpful-message")?.remove();
      section.append(alertMessage(message("send-failed"), "field-error helpful-message"));
    },
  });
  form.querySelector("textarea")?.focus();
}

for (const section of document.querySelectorAll("section.helpful")) {
  for (const link of section.querySelectorAll('a[href^="/feedback"]')) {
    link.addEventListener("click", async (event) => {
      if (!plainClick(event)) {
        return;
      }
      event.preventDefault();
      const form = await fetchForm(link.href, "#feedback-form");
      if (!form) {
        location.assign(link.href);
        return;
      }
      show(section, form);
    });
  }
}
