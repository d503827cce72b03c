// Shows the copy button of each code block and copies the block's text on click.
import { message } from "./messages.js";

const resetAfterMs = 1600;

for (const figure of document.querySelectorAll("figure.code-block")) {
  const button = figure.querySelector("button.code-copy");
  const code = figure.querySelector("pre code");
  if (!button || !code || !navigator.clipboard) {
    continue;
  }
  button.textContent = message("copy");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.textContent ?? "");
      button.textContent = message("copied");
    } catch {
      button.textContent = message("copy-failed");
    }
    setTimeout(() => { button.textContent = message("copy"); }, resetAfterMs);
  });
}
