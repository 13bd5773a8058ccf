// Rashomon pages: citations open the cited sentence in its article; long work shows progress.
// Works without this script too (citations are in-page links, job pages refresh themselves).
(function () {
  "use strict";
  function showCitation(link) {
    var article = document.getElementById("art-" + link.getAttribute("data-article"));
    if (!article) { return false; }
    for (var d = article; d; d = d.parentElement) { if (d.tagName === "DETAILS") { d.open = true; } }
    document.querySelectorAll(".sent.cited").forEach(function (s) { s.classList.remove("cited"); });
    // the cited sentences: the link's anchor ("s-ARTICLE-N") and, when it runs on, the ones up to data-last
    var first = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (first && first.classList.contains("sent")) {
      var cut = first.id.lastIndexOf("-"), stem = first.id.slice(0, cut + 1), from = parseInt(first.id.slice(cut + 1), 10);
      var last = parseInt(link.getAttribute("data-last"), 10);
      for (var n = from; n <= (isNaN(last) ? from : last); n++) {
        var sentence = document.getElementById(stem + n);
        if (sentence) { sentence.classList.add("cited"); }
      }
    } else { first = null; }
    var target = first || article;
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    if (first && first.id) { history.replaceState(null, "", "#" + first.id); }
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.cite");
    if (link && showCitation(link)) { event.preventDefault(); }
  });
  function openTarget() {  // a sentence or story linked from elsewhere: open what holds it (article, folded story)
    var hash = decodeURIComponent(location.hash.slice(1));
    var el = hash && document.getElementById(hash);
    if (!el) { return; }
    var opened = false;
    for (var d = el; d; d = d.parentElement) {
      if (d.tagName === "DETAILS" && !d.open) { d.open = true; opened = true; }
    }
    if (el.classList.contains("sent")) { el.classList.add("cited"); }
    if (opened || el.classList.contains("sent")) { el.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = form.getAttribute("data-busy"); }
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  function poll(box, url, onDone) {
    fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); }).then(function (job) {
      var set = function (name, value) { var el = box.querySelector("[data-field=" + name + "]"); if (el) { el.textContent = value; } };
      set("state", job.state); set("stage", job.stage);
      var progress = box.querySelector("[data-job-progress]");
      if (progress) { progress.textContent = job.stage + (job.total ? " (" + job.done + " of " + job.total + ")" : ""); }
      var bar = box.querySelector("progress");
      if (bar) { bar.max = job.total || 1; bar.value = job.done; }
      var list = box.querySelector("[data-field=messages]");
      if (list) {
        list.textContent = "";
        job.messages.forEach(function (m) { var li = document.createElement("li"); li.textContent = m; list.appendChild(li); });
      }
      if (job.state === "done" || job.state === "failed") { onDone(job); } else { setTimeout(function () { poll(box, url, onDone); }, 1000); }
    }).catch(function () { setTimeout(function () { poll(box, url, onDone); }, 2000); });
  }
  var jobBox = document.querySelector("[data-job]");
  if (jobBox && !/done|failed/.test(jobBox.querySelector("[data-field=state]").textContent)) {
    poll(jobBox, "/jobs/" + jobBox.getAttribute("data-job") + ".json", function () { location.reload(); });
  }
  document.querySelectorAll("[data-job-progress]").forEach(function (el) {
    poll(el.parentNode, "/jobs/" + el.getAttribute("data-job-progress") + ".json", function () { location.reload(); });
  });
  // A story's history: what is new since this browser last showed it (kept in localStorage, per story).
  document.querySelectorAll("section.history[data-story]").forEach(function (box) {
    var key = "rashomon-seen-story-" + box.getAttribute("data-story"), seen = null, newest = "";
    try { seen = localStorage.getItem(key); } catch (e) { return; }
    var fresh = 0;
    box.querySelectorAll("li.development[data-created]").forEach(function (li) {
      var at = li.getAttribute("data-created");
      if (at > newest) { newest = at; }
      if (seen && at > seen) { li.classList.add("new"); fresh += 1; }
    });
    var note = box.querySelector(".since-last");
    if (note && seen) { note.textContent = fresh ? fresh + " new since you last looked (marked)." : "Nothing new since you last looked."; note.hidden = false; }
    try { if (newest) { localStorage.setItem(key, newest); } } catch (e) { /* private mode: nothing kept */ }
  });
})();
