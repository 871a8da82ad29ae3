// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Filters apply as soon as a choice changes (the submit button stays for no-JS phones).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // One tap is enough on a slow network: block double submissions. A GET form may answer with a
  // download, which never leaves the page: its buttons come back after a few seconds.
  document.querySelectorAll("form").forEach(function (form) {
    var repeatable = (form.getAttribute("method") || "get").toLowerCase() === "get";
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
        if (repeatable) window.setTimeout(function () { button.disabled = false; }, 3000);
      });
    });
  });
});
// Coming back with the Back button must not leave buttons disabled.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
});
