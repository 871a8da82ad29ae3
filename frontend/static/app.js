// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Filters apply as soon as a choice changes (the submit button stays for no-JS phones).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // One tap is enough on a slow network: block double submissions.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
});
// Coming back with the Back button must not leave buttons disabled.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
});
