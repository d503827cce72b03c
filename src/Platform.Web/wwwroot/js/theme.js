// The reader's chosen theme ("light" or "dark"), remembered in this browser; with none chosen the
// stylesheet follows prefers-color-scheme. Runs in <head> so the page never flashes the other theme.
try {
  const theme = window.localStorage.getItem("platform.theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
} catch {
  // Storage blocked: the system preference applies.
}
