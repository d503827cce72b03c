// Shows the copy button of each code block and copies the block's text on click.
const resetAfterMs = 1600;

for (const figure of document.querySelectorAll("figure.code-block")) {
  const button = figure.querySelector("button.code-copy");
  const code = figure.querySelector("pre code");
  if (!button || !code || !navigator.clipboard) {
    continue;
  }
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.textContent ?? "");
      button.textContent = "복사됨";
    } catch {
      button.textContent = "복사 실패";
    }
    setTimeout(() => { button.textContent = "복사"; }, resetAfterMs);
  });
}
