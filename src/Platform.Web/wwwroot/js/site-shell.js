// The header menu on narrow screens and the theme toggle. Without this script the header's links
// wrap onto their own lines and the theme follows the system.

const header = document.querySelector("[data-site-header]");
const toggle = header?.querySelector("[data-menu-toggle]");
if (header && toggle) {
  header.classList.add("has-menu");
  toggle.hidden = false;
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    header.classList.toggle("menu-open", open);
  };
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && header.classList.contains("menu-open")) {
      setOpen(false);
      toggle.focus();
    }
  });
}

const themeButton = document.querySelector("[data-theme-toggle]");
if (themeButton) {
  const dark = () =>
    document.documentElement.dataset.theme === "dark" ||
    (!document.documentElement.dataset.theme && window.matchMedia("(prefers-color-scheme: dark)").matches);
  const label = () => themeButton.setAttribute("aria-pressed", String(dark()));
  themeButton.hidden = false;
  label();
  themeButton.addEventListener("click", () => {
    const next = dark() ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    try { window.localStorage.setItem("platform.theme", next); } catch { /* not remembered */ }
    label();
  });
}
