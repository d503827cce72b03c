// "도움돼요" without reloading the lesson: the button's form posts as it does without script, asking
// for JSON, and the answer (marked or not, everyone's count) updates the button in place. Any other
// answer (a refusal, an expired sign-in) falls back to the plain post, whose page says why.
const busy = new WeakSet();

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-helpful]")) {
    return;
  }
  event.preventDefault();
  if (busy.has(form)) {
    return;
  }
  busy.add(form);
  const button = form.querySelector("button");
  button?.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok || !type.includes("application/json")) {
      throw new Error(String(response.status));
    }
    const state = await response.json();
    button?.setAttribute("aria-pressed", String(state.helpful === true));
    const next = form.querySelector("input[name=helpful]");
    if (next) {
      next.value = String(state.helpful !== true);
    }
    const count = form.querySelector("[data-helpful-count]");
    if (count) {
      count.textContent = String(state.count);
    }
  } catch {
    HTMLFormElement.prototype.submit.call(form);
  } finally {
    busy.delete(form);
    button?.removeAttribute("aria-busy");
  }
});
