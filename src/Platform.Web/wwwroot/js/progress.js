// Progress in the browser. Visitors keep completions in localStorage and see the level the server
// would compute: the rules (levels, XP, achievements, catalog shape) come from GET
// /api/progress/rules, nothing of them is written here. Learners' pages are rendered by the server;
// this module sends "mark as done" through the JSON API and offers to merge what this browser
// holds into the account. It also runs the lesson's quiz questions (answers are checked by the
// server): a visitor's right answers join the same store, a learner's are recorded by the server.
import { message } from "./messages.js";

const storeKey = "platform.progress.v1";
const declinedPrefix = "platform.progress.declined:";
const dayMs = 86_400_000;

// ---- storage: every access wrapped, so a blocked or full localStorage never breaks the page ----

function openStore() {
  let storage = null;
  try {
    storage = window.localStorage;
    const probe = "platform.progress.probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
  } catch {
    storage = null;
  }
  const empty = () => ({ v: 1, completed: {}, ever: {}, awards: {}, exercises: {} });
  return {
    writable: storage !== null,
    read() {
      if (!storage) return empty();
      try {
        const data = JSON.parse(storage.getItem(storeKey) ?? "null");
        if (!data || data.v !== 1 || typeof data.completed !== "object") return empty();
        const merged = { ...empty(), ...data };
        if (typeof merged.exercises !== "object" || merged.exercises === null) merged.exercises = {};
        return merged;
      } catch {
        return empty();
      }
    },
    write(data) {
      if (!storage) return false;
      try {
        storage.setItem(storeKey, JSON.stringify(data));
        return true;
      } catch {
        this.writable = false;
        return false;
      }
    },
    get(key) {
      try { return storage?.getItem(key) ?? null; } catch { return null; }
    },
    set(key, value) {
      try { storage?.setItem(key, value); return true; } catch { return false; }
    },
  };
}

// ---- the rules, interpreted (the same algorithms as ProgressRules.cs) ----

function shapeOf(catalog) {
  const moduleOf = new Map(), courseOf = new Map(), moduleSizes = new Map(), courseSizes = new Map();
  const exerciseCourseOf = new Map(), courseExerciseCounts = new Map();
  for (const { lesson, module, exercises } of catalog) {
    const course = lesson.split("/")[0];
    moduleOf.set(lesson, module);
    courseOf.set(lesson, course);
    moduleSizes.set(module, (moduleSizes.get(module) ?? 0) + 1);
    courseSizes.set(course, (courseSizes.get(course) ?? 0) + 1);
    for (const id of exercises ?? []) {
      exerciseCourseOf.set(`${lesson}/${id}`, course);
      courseExerciseCounts.set(course, (courseExerciseCounts.get(course) ?? 0) + 1);
    }
  }
  return { moduleOf, courseOf, moduleSizes, courseSizes, exerciseCourseOf, courseExerciseCounts, lessons: catalog };
}

function levelFor(xp, levels) {
  let current = levels[0];
  for (const level of levels) if (xp >= level.minXp) current = level;
  const next = levels.find((l) => l.number === current.number + 1);
  return {
    number: current.number,
    name: current.names?.[document.documentElement.lang] ?? current.name,
    xpIntoLevel: xp - current.minXp,
    xpForNext: next ? next.minXp - current.minXp : 0,
  };
}

function dayNumber(ms, zone) {
  const parts = {};
  for (const p of dayFormat(zone).formatToParts(ms)) parts[p.type] = p.value;
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) / dayMs;
}

const dayFormats = new Map();
function dayFormat(zone) {
  if (!dayFormats.has(zone)) {
    let format;
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      format = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Seoul", year: "numeric", month: "2-digit", day: "2-digit" });
    }
    dayFormats.set(zone, format);
  }
  return dayFormats.get(zone);
}

function nthGroupCompleted(ordered, groupOf, groupSizes, n) {
  const done = new Map();
  let completedGroups = 0;
  for (const c of ordered) {
    const group = groupOf.get(c.lesson);
    if (group === undefined) continue;
    done.set(group, (done.get(group) ?? 0) + 1);
    if (done.get(group) === groupSizes.get(group) && ++completedGroups === n) return c.at;
  }
  return null;
}

function streakReached(ordered, zone, days) {
  let previous = null, run = 0;
  for (const c of ordered) {
    const day = dayNumber(c.at, zone);
    if (day === previous) continue;
    run = previous !== null && previous + 1 === day ? run + 1 : 1;
    previous = day;
    if (run === days) return c.at;
  }
  return null;
}

/// Current and longest run of days with a completion (ProgressRules' Streak.Of): the current run
/// is alive until the day after its last completion ends.
function streaksOf(moments, zone, now) {
  const days = [...new Set(moments.map((ms) => dayNumber(ms, zone)))].sort((a, b) => a - b);
  let longest = 0, run = 0, previous = null;
  for (const day of days) {
    run = previous !== null && previous + 1 === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  const today = dayNumber(now, zone);
  return { current: previous !== null && today - previous <= 1 ? run : 0, longest };
}

function courseWithin(ordered, shape, windowMs) {
  let best = null;
  for (const [course, size] of shape.courseSizes) {
    const inCourse = ordered.filter((c) => shape.courseOf.get(c.lesson) === course);
    if (inCourse.length === 0 || inCourse.length < size) continue;
    const finished = inCourse[inCourse.length - 1].at;
    if (finished - inCourse[0].at <= windowMs && (best === null || finished < best)) best = finished;
  }
  return best;
}

/// Achievement id → moment earned, for completions [{lesson, at (ms)}] and right answers
/// [{lesson: "course/lesson/question", at}]. Comments, replies and reports need an account: a
/// visitor has none of them.
function evaluate(completions, solved, rules, shape, zone) {
  const ordered = [...completions].sort((a, b) => a.at - b.at);
  const solvedOrdered = [...solved].sort((a, b) => a.at - b.at);
  const earned = new Map();
  for (const a of rules.achievements) {
    let at = null;
    switch (a.rule) {
      case "LessonsCompleted": at = ordered.length >= a.threshold ? ordered[a.threshold - 1].at : null; break;
      case "ModulesCompleted": at = nthGroupCompleted(ordered, shape.moduleOf, shape.moduleSizes, a.threshold); break;
      case "CoursesCompleted": at = nthGroupCompleted(ordered, shape.courseOf, shape.courseSizes, a.threshold); break;
      case "StreakDays": at = streakReached(ordered, zone, a.threshold); break;
      case "CourseWithinDays": at = courseWithin(ordered, shape, a.threshold * dayMs); break;
      case "CourseExercisesSolved": at = nthGroupCompleted(solvedOrdered, shape.exerciseCourseOf, shape.courseExerciseCounts, a.threshold); break;
      default: at = null;
    }
    if (at !== null) earned.set(a.id, at);
  }
  return earned;
}

function completionsOf(map, shape) {
  return Object.entries(map)
    .filter(([lesson]) => shape.courseOf.has(lesson))
    .map(([lesson, iso]) => ({ lesson, at: Date.parse(iso) }))
    .filter((c) => !Number.isNaN(c.at));
}

function solvedOf(map, shape) {
  return Object.entries(map)
    .filter(([exercise]) => shape.exerciseCourseOf.has(exercise))
    .map(([exercise, entry]) => ({ lesson: exercise, at: Date.parse(entry?.solvedAt) }))
    .filter((c) => !Number.isNaN(c.at));
}

/// The visitor's standing from the store; awards it newly earns are added to data.awards.
function localStanding(data, rules, shape, zone) {
  const current = completionsOf(data.completed, shape);
  const solved = solvedOf(data.exercises, shape);
  for (const [id, at] of evaluate(current, solved, rules, shape, zone)) {
    if (!data.awards[id]) data.awards[id] = new Date(at).toISOString();
  }
  const ever = new Set([...Object.keys(data.ever), ...current.map((c) => c.lesson)].filter((l) => shape.courseOf.has(l)));
  const awarded = rules.achievements.filter((a) => data.awards[a.id]);
  const xp = ever.size * rules.lessonXp + solved.length * rules.exerciseXp + awarded.reduce((sum, a) => sum + a.xp, 0);
  return {
    xp,
    level: levelFor(xp, rules.levels),
    streak: streaksOf(current.map((c) => c.at), zone, Date.now()),
    lessonsCompleted: current.length,
    lessonsTotal: rules.catalog.length,
    achievementsEarned: awarded.length,
    achievementsTotal: rules.achievements.length,
  };
}

// ---- rendering: the same for a visitor's local standing and a learner's snapshot ----

function setField(root, name, value) {
  for (const el of root.querySelectorAll(`[data-field="${name}"]`)) {
    if (el instanceof HTMLProgressElement) {
      el.max = Math.max(1, value.max);
      el.value = value.value;
    } else {
      el.textContent = String(value);
    }
  }
}

function renderStanding(s) {
  const percent = s.lessonsTotal === 0 ? 0 : Math.floor((100 * s.lessonsCompleted) / s.lessonsTotal);
  for (const root of document.querySelectorAll("[data-progress-widget], [data-standing]")) {
    setField(root, "level-number", s.level.number);
    setField(root, "level-name", s.level.name);
    setField(root, "xp", s.xp);
    setField(root, "lessons-completed", s.lessonsCompleted);
    setField(root, "lessons-total", s.lessonsTotal);
    setField(root, "achievements-earned", s.achievementsEarned);
    setField(root, "achievements-total", s.achievementsTotal);
    setField(root, "level-bar", { value: s.level.xpIntoLevel, max: s.level.xpForNext });
    setField(root, "xp-into-level", s.level.xpIntoLevel);
    setField(root, "xp-for-next", s.level.xpForNext);
    setField(root, "xp-to-go", Math.max(0, s.level.xpForNext - s.level.xpIntoLevel));
    setField(root, "percent", percent);
    if (s.streak) {
      setField(root, "streak-current", s.streak.current);
      setField(root, "streak-longest", s.streak.longest);
    }
  }
}

// ---- announcing gains: a toast that screen readers hear through the aria-live region ----


function announce(lines) {
  const region = document.querySelector("[data-toast-region]");
  if (!region || lines.length === 0) return;
  region.replaceChildren(...lines.map((line) => {
    const toast = document.createElement("p");
    toast.className = "toast";
    toast.textContent = line;
    return toast;
  }));
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => region.replaceChildren(), 8000);
}

/// The achievements page for a visitor: what this browser has earned, with the day.
function renderAchievements(awards) {
  const format = new Intl.DateTimeFormat(document.documentElement.lang || "ko", { dateStyle: "long" });
  for (const item of document.querySelectorAll("[data-achievement-list] [data-achievement]")) {
    const at = awards[item.dataset.achievement];
    if (!at) continue;
    item.classList.replace("locked", "earned");
    const state = item.querySelector("[data-achievement-state]");
    if (state) state.textContent = message("earned", format.format(new Date(at)));
  }
}

/// Lines for what one completion earned: XP, a new level, achievements.
function gainLines(xpBefore, levelBefore, after, newAchievements) {
  const lines = [];
  if (after.xp > xpBefore) lines.push(message("xp", after.xp - xpBefore));
  if (after.level.number > levelBefore) lines.push(message("level", `${after.level.number} · ${after.level.name}`));
  for (const a of newAchievements) lines.push(message("achievement", `${a.name} (+${a.xp} XP)`));
  return lines;
}

/// Done marks, per-course percentages and the "continue" link, from a set of `course/lesson`.
function renderCompletions(done, shape) {
  for (const row of document.querySelectorAll("li[data-lesson]")) {
    const isDone = done.has(row.dataset.lesson);
    row.classList.toggle("is-done", isDone);
    const mark = row.querySelector("[data-done-mark]");
    if (mark) mark.hidden = !isDone;
  }
  for (const box of document.querySelectorAll("[data-course-progress]")) {
    const course = box.dataset.course;
    const total = shape.courseSizes.get(course) ?? 0;
    const count = [...done].filter((l) => shape.courseOf.get(l) === course).length;
    setField(box, "course-bar", { value: count, max: total });
    setField(box, "course-percent", total === 0 ? 0 : Math.floor((100 * count) / total));
    setField(box, "course-done", count);
    const link = box.querySelector("[data-continue]");
    const finished = box.querySelector("[data-course-finished]");
    if (!link) continue;
    // The course page lists its lessons; the catalog has only the rules' catalog (in course order).
    const rows = [...document.querySelectorAll(`li[data-lesson^="${course}/"]:not([data-status="draft"])`)]
      .map((r) => ({ lesson: r.dataset.lesson, title: r.querySelector(".lesson-row-title")?.textContent ?? "" }));
    const lessons = rows.length > 0 ? rows : shape.lessons.filter((l) => shape.courseOf.get(l.lesson) === course);
    const next = lessons.find((l) => !done.has(l.lesson));
    link.hidden = !next || (link.dataset.continueWhen === "started" && count === 0);
    if (finished) finished.hidden = Boolean(next) || total === 0;
    if (next) {
      link.href = `/courses/${next.lesson}`;
      link.querySelector("[data-continue-title]").textContent = next.title ?? "";
      const label = link.querySelector("[data-continue-label]");
      label.textContent = message(count > 0 ? "continue" : "start", "");
    }
  }
  const box = document.querySelector("[data-progress-box]");
  if (box) {
    const isDone = done.has(box.dataset.lesson);
    box.classList.toggle("is-done", isDone);
    box.querySelector("[data-done-note]").hidden = !isDone;
    const next = box.querySelector("[data-next-after-done]");
    if (next) next.hidden = !isDone;
    const toggle = box.querySelector("[data-progress-toggle]");
    if (toggle) {
      toggle.textContent = message(isDone ? "mark-not-done" : "mark-done");
      toggle.className = isDone ? "button secondary" : "primary";
    }
    const input = box.querySelector("[data-done-input]");
    if (input) input.value = isDone ? "false" : "true";
  }
}

// ---- the server ----

let tokenPromise = null;
function antiforgeryToken() {
  tokenPromise ??= fetch("/api/antiforgery", { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`antiforgery ${r.status}`))))
    .then((j) => j.token);
  return tokenPromise;
}

async function postJson(url, body) {
  const token = await antiforgeryToken();
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", RequestVerificationToken: token },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(json?.title ?? `HTTP ${response.status}`);
  return json;
}

let rulesPromise = null;
function loadRules() {
  rulesPromise ??= getJson("/api/progress/rules").then((rules) => {
    // Achievement names in the page's language (the response carries every language's).
    const lang = document.documentElement.lang;
    for (const a of rules.achievements) a.name = rules.achievementNames?.[a.id]?.[lang] ?? a.name;
    return rules;
  });
  return rulesPromise;
}

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

function hashOf(keys) {
  let h = 0x811c9dc5;
  for (const ch of [...keys].sort().join("\n")) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

const mirrorHashOf = (data) => hashOf([...Object.keys(data.completed), ...Object.keys(data.exercises).map((k) => `?${k}`)]);

/// The store becomes a copy of the account (after a merge, or when there is nothing to merge).
function mirror(store, snapshot, userId) {
  const data = { v: 1, completed: {}, ever: {}, awards: {}, exercises: {} };
  for (const c of snapshot.completed) {
    data.completed[c.lesson] = c.completedAt;
    data.ever[c.lesson] = c.completedAt;
  }
  for (const a of snapshot.achievements) data.awards[a.id] = a.earnedAt;
  for (const x of snapshot.exercisesSolved ?? []) data.exercises[x.exercise] = { answer: null, solvedAt: x.solvedAt };
  data.mirrorOf = userId;
  data.mirrorHash = mirrorHashOf(data);
  store.write(data);
}

// ---- visitors ----

async function runVisitor(store) {
  const box = document.querySelector("[data-progress-box]");
  const showBlocked = () => {
    const note = box?.querySelector("[data-storage-blocked]");
    if (note) note.hidden = false;
  };
  if (!store.writable) showBlocked();

  const rules = await loadRules();
  const shape = shapeOf(rules.catalog);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "Asia/Seoul";
  let data = store.read();
  if (data.mirrorOf) {
    // A copy of an account, left behind by signing out: the account keeps that progress, and the
    // next person on this browser (a shared computer) must not see it as theirs.
    data = { v: 1, completed: {}, ever: {}, awards: {}, exercises: {} };
  }

  const render = () => {
    renderStanding(localStanding(data, rules, shape, zone));
    renderAchievements(data.awards);
    renderCompletions(new Set(Object.keys(data.completed)), shape);
  };
  render();
  if (store.writable) store.write(data);

  enhanceQuizzes({
    solved: () => Object.keys(data.exercises),
    onAnswer(result, answer) {
      if (!result.correct || data.exercises[result.exercise] || !store.writable) return 0;
      const next = structuredClone(data);
      next.exercises[result.exercise] = { answer, solvedAt: new Date().toISOString() };
      localStanding(next, rules, shape, zone);
      if (!store.write(next)) return 0;
      data = next;
      render();
      return rules.exerciseXp;
    },
  });

  const toggle = box?.querySelector("[data-progress-toggle]");
  if (!toggle || !store.writable) return;
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const lesson = box.dataset.lesson;
    const next = structuredClone(data);
    if (next.completed[lesson]) {
      delete next.completed[lesson];
    } else {
      const now = new Date().toISOString();
      next.completed[lesson] = now;
      next.ever[lesson] ??= now;
    }
    // Recompute before saving so awards earned now are saved with the completion.
    const before = localStanding(structuredClone(data), rules, shape, zone);
    const after = localStanding(next, rules, shape, zone);
    if (!store.write(next)) {
      toggle.hidden = true;
      showBlocked();
      return;
    }
    const earned = rules.achievements.filter((a) => next.awards[a.id] && !data.awards[a.id]);
    const marked = Boolean(next.completed[lesson]);
    data = next;
    render();
    if (marked) announce(gainLines(before.xp, before.level.number, after, earned));
  });
}

// ---- learners ----

function enhanceMarkForm(store, userId) {
  const form = document.querySelector("form[data-progress-form]");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const lesson = form.querySelector("input[name='Input.Lesson']").value;
    const done = form.querySelector("[data-done-input]").value === "true";
    const button = form.querySelector("[data-progress-toggle]");
    button.disabled = true;
    const before = readStanding();
    try {
      const snapshot = await postJson(done ? "/api/progress/complete" : "/api/progress/uncomplete", { lesson });
      mirror(store, snapshot, userId);
      await applySnapshot(snapshot);
      if (done && before) {
        const rules = await loadRules();
        const newest = [...snapshot.achievements]
          .sort((a, b) => Date.parse(b.earnedAt) - Date.parse(a.earnedAt))
          .slice(0, Math.max(0, snapshot.achievementsEarned - before.achievements))
          .map((e) => rules.achievements.find((a) => a.id === e.id))
          .filter(Boolean);
        announce(gainLines(before.xp, before.level, snapshot, newest));
      }
    } catch {
      // The plain form still works: let the server do it the old way.
      form.submit();
      return;
    } finally {
      button.disabled = false;
    }
  });
}

/// XP, level and achievements as the page shows them now (before a change).
function readStanding() {
  const root = document.querySelector("[data-standing]") ?? document.querySelector("[data-progress-widget]");
  const number = (name) => Number(root?.querySelector(`[data-field="${name}"]`)?.textContent ?? "NaN");
  const standing = { xp: number("xp"), level: number("level-number"), achievements: number("achievements-earned") };
  if (Number.isNaN(standing.xp) || Number.isNaN(standing.level)) return null;
  if (Number.isNaN(standing.achievements)) standing.achievements = 0;
  return standing;
}

async function applySnapshot(snapshot) {
  const zone = document.querySelector("[data-standing]")?.dataset.timeZone
    || Intl.DateTimeFormat().resolvedOptions().timeZone || "Asia/Seoul";
  snapshot.streak = streaksOf(snapshot.completed.map((c) => Date.parse(c.completedAt)), zone, Date.now());
  renderStanding(snapshot);
  const rules = await loadRules();
  renderCompletions(new Set(snapshot.completed.map((c) => c.lesson)), shapeOf(rules.catalog));
}

function mergeBanner(count, answers, xp, onAccept, onDecline) {
  const banner = document.createElement("section");
  banner.className = "notice merge-banner";
  banner.id = "progress-merge";
  banner.setAttribute("role", "region");
  banner.setAttribute("aria-label", message("merge-label"));
  const text = document.createElement("p");
  text.className = "merge-text";
  const what = [count > 0 ? message("merge-completions", count) : null, answers > 0 ? message("merge-answers", answers) : null].filter(Boolean).join(", ");
  text.textContent = message("merge-offer", what, xp);
  const actions = document.createElement("div");
  actions.className = "merge-actions";
  const accept = document.createElement("button");
  accept.type = "button";
  accept.className = "primary";
  accept.textContent = message("merge-accept");
  const decline = document.createElement("button");
  decline.type = "button";
  decline.className = "button secondary";
  decline.textContent = message("merge-decline");
  actions.append(accept, decline);
  banner.append(text, actions);
  accept.addEventListener("click", async () => {
    accept.disabled = decline.disabled = true;
    try {
      const result = await onAccept();
      const merged = [result.added.length > 0 || result.exercisesAdded.length === 0 ? message("merge-completions", result.added.length) : null,
        result.exercisesAdded.length > 0 ? message("merge-exercises", result.exercisesAdded.length) : null].filter(Boolean).join(", ");
      text.textContent = message("merge-done", merged, result.progress.xp);
      actions.remove();
    } catch (e) {
      text.textContent = message("merge-failed", e.message);
      accept.disabled = decline.disabled = false;
    }
  });
  decline.addEventListener("click", () => {
    onDecline();
    banner.remove();
  });
  return banner;
}

async function runLearner(store, userId) {
  enhanceMarkForm(store, userId);
  const lessonKey = document.querySelector("[data-progress-box]")?.dataset.lesson;
  enhanceQuizzes({
    solved: async () => lessonKey
      ? (await getJson(`/api/exercises/solved?lesson=${encodeURIComponent(lessonKey)}`)).solved
      : [],
    async onAnswer(result) {
      if (result.progress) {
        mirror(store, result.progress, userId);
        await applySnapshot(result.progress);
      }
      return result.xp;
    },
  });
  const data = store.read();
  const localKeys = Object.keys(data.completed);
  // Answers this browser holds (a visitor's); a mirror of the account holds none.
  const localAnswers = Object.entries(data.exercises).filter(([, x]) => typeof x?.answer === "string");
  if (localKeys.length === 0 && localAnswers.length === 0) return;
  // Nothing new since this browser last copied this account: no request at all.
  if (data.mirrorOf === userId && data.mirrorHash === mirrorHashOf(data)) return;

  const [rules, account] = await Promise.all([loadRules(), getJson("/api/progress")]);
  const shape = shapeOf(rules.catalog);
  const accountKeys = new Set(account.completed.map((c) => c.lesson));
  const missing = localKeys.filter((l) => shape.courseOf.has(l) && !accountKeys.has(l));
  const accountSolved = new Set((account.exercisesSolved ?? []).map((x) => x.exercise));
  const missingAnswers = localAnswers.filter(([k]) => shape.exerciseCourseOf.has(k) && !accountSolved.has(k));
  if (missing.length === 0 && missingAnswers.length === 0) {
    mirror(store, account, userId);
    return;
  }
  const declinedKey = `${declinedPrefix}${userId}:${hashOf([...missing, ...missingAnswers.map(([k]) => `?${k}`)])}`;
  if (store.get(declinedKey)) return;

  // What the account would gain: the lessons' XP and the achievements the union newly earns.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "Asia/Seoul";
  const union = new Map(account.completed.map((c) => [c.lesson, Date.parse(c.completedAt)]));
  for (const c of completionsOf(data.completed, shape)) {
    union.set(c.lesson, Math.min(union.get(c.lesson) ?? Infinity, Math.min(c.at, Date.now())));
  }
  const had = new Set(account.achievements.map((a) => a.id));
  const solvedUnion = new Map((account.exercisesSolved ?? []).map((x) => [x.exercise, Date.parse(x.solvedAt)]));
  for (const [k, x] of missingAnswers) solvedUnion.set(k, Math.min(Date.parse(x.solvedAt) || Date.now(), Date.now()));
  const earned = evaluate(
    [...union].map(([lesson, at]) => ({ lesson, at })),
    [...solvedUnion].map(([lesson, at]) => ({ lesson, at })),
    rules, shape, zone);
  const gained = missing.length * rules.lessonXp + missingAnswers.length * rules.exerciseXp + rules.achievements
    .filter((a) => earned.has(a.id) && !had.has(a.id))
    .reduce((sum, a) => sum + a.xp, 0);

  const banner = mergeBanner(
    missing.length,
    missingAnswers.length,
    gained,
    async () => {
      const completions = Object.entries(data.completed).map(([lesson, completedAt]) => ({ lesson, completedAt }));
      const exercises = missingAnswers.map(([exercise, x]) => ({ exercise, answer: x.answer, solvedAt: x.solvedAt }));
      const result = await postJson("/api/progress/merge", { completions, exercises });
      mirror(store, result.progress, userId);
      await applySnapshot(result.progress);
      return result;
    },
    () => store.set(declinedKey, new Date().toISOString()));
  document.querySelector("main")?.prepend(banner);
}

// ---- quiz questions: the server checks, the page shows the verdict and the explanation ----

function quizVerdict(form, result, xp) {
  const box = form.querySelector(".quiz-result");
  if (!box) return;
  box.replaceChildren();
  box.className = `quiz-result ${result.correct ? "is-correct" : "is-wrong"}`;
  const line = document.createElement("p");
  const strong = document.createElement("strong");
  strong.textContent = message(result.correct ? "quiz-right" : "quiz-wrong");
  line.append(strong, result.correct
    ? (xp > 0 ? ` +${xp} XP` : "")
    : ` ${message("quiz-try-again")}`);
  box.append(line);
  if (result.correct && result.explanationHtml) {
    // Lesson content from the import (trusted, like the page around it), not user text.
    const explanation = document.createElement("div");
    explanation.className = "quiz-explanation";
    explanation.innerHTML = result.explanationHtml;
    box.append(explanation);
  }
  if (result.correct) markSolved(form);
}

function markSolved(form) {
  form.classList.add("is-solved");
  if (form.querySelector(".quiz-solved")) return;
  const note = document.createElement("p");
  note.className = "quiz-solved";
  note.textContent = `✓ ${message("quiz-solved")}`;
  form.querySelector("fieldset")?.after(note);
}

function enhanceQuizzes({ solved, onAnswer }) {
  const forms = [...document.querySelectorAll("form.quiz[data-exercise]")];
  if (forms.length === 0) return;
  Promise.resolve(solved()).then((keys) => {
    const set = new Set(keys);
    for (const form of forms) if (set.has(form.dataset.exercise)) markSolved(form);
  }).catch(() => {});
  for (const form of forms) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answer = String(new FormData(form).get("answer") ?? "").trim();
      const button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      try {
        const result = await postJson("/api/exercises/check", { exercise: form.dataset.exercise, answer });
        quizVerdict(form, result, await onAnswer(result, answer));
      } catch {
        // The plain form still works: /exercise checks the answer without script.
        form.submit();
      } finally {
        if (button) button.disabled = false;
      }
    });
  }
}

// ---- start ----

const widget = document.querySelector("[data-progress-widget]");
if (widget) {
  const store = openStore();
  const userId = widget.dataset.learner;
  const run = userId ? runLearner(store, userId) : runVisitor(store);
  run.catch(() => {
    // Progress is an extra on a page that reads fine without it; the server-rendered state stays.
  });
}
