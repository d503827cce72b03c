// "도움돼요" without reloading the lesson. Every comment button submits the page's one form (it names
// it: form= and formaction=). For a "도움돼요" button the post goes here as it does without script,
// asking for JSON, and the answer (marked or not, everyone's count) updates the button in place.
// Any other answer (a refusal, an expired sign-in) falls back to the plain post, whose page says why.
const busy = new WeakSet();
// Buttons whose next submit goes as a plain post (after a fetch failed).
const plain = new WeakSet();

document.addEventListener("submit", async (event) => {
  const form = event.target;
  const button = event.submitter;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-comment-actions]")
    || !(button instanceof HTMLButtonElement) || button.name !== "helpful") {
    return;
  }
  if (plain.delete(button)) {
    return;
  }
  event.preventDefault();
  if (busy.has(button)) {
    return;
  }
  busy.add(button);
  button.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(button.formAction, {
      method: "POST",
      body: new FormData(form, button),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || !type.includes("application/json")) {
      throw new Error(String(response.status));
    }
    const state = await response.json();
    button.setAttribute("aria-pressed", String(state.helpful === true));
    button.value = String(state.helpful !== true);
    const count = button.querySelector("span");
    if (count) {
      count.textContent = String(state.count);
    }
  } catch {
    plain.add(button);
    form.requestSubmit(button);
  } finally {
    busy.delete(button);
    button.removeAttribute("aria-busy");
  }
});
