// unspin server pages: shows that an analysis is running and keeps the form from being sent twice.
// No inline handlers anywhere: every listener is attached here.
(function () {
  "use strict";
  var form = document.getElementById("ask");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function () {
    var button = document.getElementById("go");
    var busy = document.getElementById("busy");
    if (button) {
      button.disabled = true;
    }
    if (busy) {
      busy.hidden = false;
    }
  });
  // Back/forward cache: a restored page must not keep the disabled button.
  window.addEventListener("pageshow", function () {
    var button = document.getElementById("go");
    var busy = document.getElementById("busy");
    if (button) {
      button.disabled = false;
    }
    if (busy) {
      busy.hidden = true;
    }
  });
})();
