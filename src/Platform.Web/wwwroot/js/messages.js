// The words scripts put on the page come from the page, in its language: <template data-messages>
// blocks the server renders from resources (the layout's for every page, partials' for their own).
export function message(name, ...values) {
  const text = [...document.querySelectorAll("template[data-messages]")]
    .map((t) => t.content.querySelector(`[data-message="${name}"]`)?.textContent)
    .find((t) => t !== undefined) ?? "{0}";
  return text.replace(/\{(\d+)\}/g, (all, i) => (values[i] === undefined ? all : String(values[i])));
}
