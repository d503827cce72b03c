// Marks the table-of-contents entry of the section being read (aria-current), so the sticky
// contents on wide screens show where the reader is.
const toc = document.querySelector("nav.toc");
const links = new Map();
for (const link of toc?.querySelectorAll("a[href^='#']") ?? []) {
  const id = decodeURIComponent(link.getAttribute("href").slice(1));
  const heading = document.getElementById(id);
  if (heading) links.set(heading, link);
}

if (links.size > 0 && "IntersectionObserver" in window) {
  const headings = [...links.keys()];
  const mark = (heading) => {
    for (const [h, link] of links) {
      if (h === heading) link.setAttribute("aria-current", "location");
      else link.removeAttribute("aria-current");
    }
  };
  const visible = new Set();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) visible.add(entry.target);
      else visible.delete(entry.target);
    }
    // The current section is the last heading above the upper third of the screen.
    const line = window.innerHeight / 3;
    let current = headings[0];
    for (const h of headings) {
      if (h.getBoundingClientRect().top <= line) current = h;
    }
    mark(current);
  }, { rootMargin: "0px 0px -66% 0px" });
  for (const h of headings) observer.observe(h);
}
