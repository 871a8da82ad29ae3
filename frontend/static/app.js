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
// Share a job: the phone's share sheet where there is one, else copy the link (plain http on a
// fair's LAN has no Clipboard API, so the old copy command is the last resort).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var status = box.querySelector("[role=status]");
    var url = location.origin + location.pathname;
    var copied = function () { status.textContent = box.dataset.shareCopied; };
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: box.dataset.shareTitle, url: url }).catch(function () {});
      } else if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(copied);
      } else {
        var field = document.createElement("textarea");
        field.value = url;
        field.setAttribute("readonly", "");
        field.style.position = "fixed";
        field.style.opacity = "0";
        document.body.appendChild(field);
        field.select();
        if (document.execCommand("copy")) { copied(); }
        field.remove();
      }
    });
  });
});
