// Keeps "3 minutes ago" style times current: lesson pages are cached whole, so the server's wording
// ages. Each <time data-relative datetime="..."> is rewritten from its datetime in the page's
// language (<html lang>); its title keeps the exact time.
import { message } from "./messages.js";

const minute = 60 * 1000;
const format = new Intl.RelativeTimeFormat(document.documentElement.lang || "ko", { numeric: "always" });

function relative(then, now) {
  const age = now - then;
  if (age < minute) return message("just-now");
  if (age < 60 * minute) return format.format(-Math.floor(age / minute), "minute");
  if (age < 24 * 60 * minute) return format.format(-Math.floor(age / (60 * minute)), "hour");
  if (age < 30 * 24 * 60 * minute) return format.format(-Math.floor(age / (24 * 60 * minute)), "day");
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
