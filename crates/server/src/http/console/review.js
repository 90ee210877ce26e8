// The review work mode's keys. The console works without this script; with it, a reviewer keeps their hands
// on the keyboard. Every element with `data-key` is its key's target: a link or button is clicked, a field is
// focused. Keys are ignored while typing in a field (Escape leaves the field), and with Ctrl, Alt or Cmd.
// On the queue, j and k move between the rows' links and o (or Enter) opens the one in focus (else the first).
(function () {
  "use strict";
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-row-link]"));
  }
  function moveRow(step) {
    var links = rows();
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
  }
  function commented() {
    var fields = document.querySelectorAll("#review textarea, input[form=review][name^='q.']");
    for (var i = 0; i < fields.length; i++) if (fields[i].value.trim() !== "") return true;
    return false;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    var key = event.key;
    if (rows().length && (key === "j" || key === "k")) {
      event.preventDefault();
      moveRow(key === "j" ? 1 : -1);
      return;
    }
    if (rows().length && key === "o") {
      event.preventDefault();
      var links = rows();
      var open = links.indexOf(document.activeElement) >= 0 ? document.activeElement : links[0];
      open.click();
      return;
    }
    var target = document.querySelector('[data-key="' + key + '"]');
    if (!target) return;
    event.preventDefault();
    if (key === "r" && !commented()) {
      // Returning needs a comment: go to the comment field and say so, instead of a refusal page.
      var hint = document.querySelector("[data-needs-comment]");
      if (hint) hint.hidden = false;
      var field = document.querySelector('[data-key="c"]');
      if (field) field.focus();
      return;
    }
    if (target.tagName === "TEXTAREA" || target.tagName === "INPUT") target.focus();
    else target.click();
  });
})();
