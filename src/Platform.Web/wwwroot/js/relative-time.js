// Keeps "3분 전" style times current: lesson pages are cached whole, so the server's wording ages.
// Each <time data-relative datetime="..."> is rewritten from its datetime; its title keeps the exact time.
const minute = 60 * 1000;

function relative(then, now) {
  const age = now - then;
  if (age < minute) return "방금 전";
  if (age < 60 * minute) return `${Math.floor(age / minute)}분 전`;
  if (age < 24 * 60 * minute) return `${Math.floor(age / (60 * minute))}시간 전`;
  if (age < 30 * 24 * 60 * minute) return `${Math.floor(age / (24 * 60 * minute))}일 전`;
  return null; // older: the server's date stays
}

function refresh() {
  const now = Date.now();
  for (const time of document.querySelectorAll("time[data-relative]")) {
    const then = Date.parse(time.getAttribute("datetime") ?? "");
    const text = Number.isNaN(then) ? null : relative(then, now);
    if (text !== null && time.textContent !== text) {
      time.textContent = text;
    }
  }
}

refresh();
setInterval(refresh, minute);
