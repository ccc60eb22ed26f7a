// quellen's only script: links the attribution table and the highlighted text of a document page.
// Hovering or focusing a row lights its spans; clicking a span selects its row; clicking a row (or Enter)
// scrolls to its text. Nothing is fetched, nothing is written into the page but class names.
(function () {
  "use strict";
  function rows() { return document.querySelectorAll("tr.attr[data-a]"); }
  function spansOf(id) {
    return Array.prototype.filter.call(document.querySelectorAll(".doctext .seg[data-a]"), function (s) {
      return s.getAttribute("data-a").split(" ").indexOf(id) >= 0;
    });
  }
  // One thing is lit at a time: what the pointer is on, else what has the focus (stale marks never pile up).
  // The pointer leaving a row gives the light back to the focused one: a row scrolled away under a resting
  // pointer must not put out the light of the row the keyboard is on.
  var hovered = null, focused = null;
  function render() {
    document.querySelectorAll(".lit").forEach(function (el) { el.classList.remove("lit"); });
    (hovered || focused || []).forEach(function (id) {
      spansOf(id).forEach(function (s) { s.classList.add("lit"); });
      var row = document.getElementById(id);
      if (row) { row.classList.add("lit"); }
    });
  }
  function hover(ids, on) { hovered = on ? ids : null; render(); }
  function focus(ids, on) { focused = on ? ids : null; render(); }
  function select(id, scrollText) {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    var spans = spansOf(id);
    spans.forEach(function (s) { s.classList.add("selected"); });
    var row = document.getElementById(id);
    if (row) { row.classList.add("selected"); }
    if (scrollText && spans.length) { spans[0].scrollIntoView({ block: "center", behavior: "smooth" }); }
    else if (row) { row.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
    if (history.replaceState) { history.replaceState(null, "", "#" + id); }
  }
  function init() {
    if (!document.querySelector(".doctext")) { return; }
    rows().forEach(function (row) {
      var id = row.getAttribute("data-a");
      row.addEventListener("mouseenter", function () { hover([id], true); });
      row.addEventListener("mouseleave", function () { hover([id], false); });
      row.addEventListener("focus", function () { focus([id], true); });
      row.addEventListener("blur", function () { focus([id], false); });
      row.addEventListener("click", function (ev) {
        if (ev.target.closest("a") && !ev.target.classList.contains("permalink")) { return; }
        ev.preventDefault();
        select(id, true);
      });
      row.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(id, true); }
      });
    });
    document.querySelectorAll(".doctext .seg[data-a]").forEach(function (span) {
      var ids = span.getAttribute("data-a").split(" ");
      span.addEventListener("mouseenter", function () { hover(ids, true); });
      span.addEventListener("mouseleave", function () { hover(ids, false); });
      span.addEventListener("click", function () { select(ids[ids.length - 1], false); });
    });
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash && document.getElementById(hash) && document.getElementById(hash).matches("tr.attr")) {
      select(hash, true);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
