// unspin report: tooltips for highlighted spans. The page reads fully without this script; it only
// shows every span under the pointer or focus at once and lights up all pieces of the hovered span.
// Article text reaches the DOM only through textContent, never as HTML.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var tip = document.getElementById("tip");
  if (!text || !tip || !tip.classList) {
    return;
  }
  var marks = text.querySelectorAll("mark[title]");
  for (var i = 0; i < marks.length; i++) {
    // Keep the explanation but drop the native tooltip, which would show on top of ours.
    marks[i].setAttribute("data-tip", marks[i].getAttribute("title"));
    marks[i].removeAttribute("title");
  }
  var lit = [];
  var current = null;

  function hide() {
    for (var i = 0; i < lit.length; i++) {
      lit[i].classList.remove("hot");
    }
    if (current) {
      current.removeAttribute("aria-describedby");
    }
    lit = [];
    current = null;
    tip.hidden = true;
  }

  function chainOf(node) {
    var chain = [];
    for (; node && node !== text; node = node.parentNode) {
      if (node.nodeType === 1 && node.hasAttribute("data-tip")) {
        chain.push(node);
      }
    }
    return chain;
  }

  function place(x, y) {
    var view = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(x, view - tip.offsetWidth - 8));
    tip.style.left = left + window.pageXOffset + "px";
    tip.style.top = y + window.pageYOffset + 12 + "px";
  }

  function show(node, x, y) {
    var chain = chainOf(node);
    if (!chain.length) {
      hide();
      return;
    }
    if (chain[0] === current) {
      return;
    }
    hide();
    current = chain[0];
    current.setAttribute("aria-describedby", "tip");
    tip.textContent = "";
    for (var i = 0; i < chain.length; i++) {
      var item = document.createElement("div");
      var colour = /(?:^|\s)(c\d+)(?:\s|$)/.exec(chain[i].className);
      item.className = "tip-item" + (colour ? " " + colour[1] : "");
      item.textContent = chain[i].getAttribute("data-tip");
      tip.appendChild(item);
      var key = chain[i].getAttribute("data-a");
      if (key && /^a\d+$/.test(key)) {
        var same = text.querySelectorAll('mark[data-a="' + key + '"]');
        for (var j = 0; j < same.length; j++) {
          same[j].classList.add("hot");
          lit.push(same[j]);
        }
      }
    }
    tip.hidden = false;
    if (x === undefined) {
      var box = current.getBoundingClientRect();
      x = box.left;
      y = box.bottom;
    }
    place(x, y);
  }

  text.addEventListener("mouseover", function (event) {
    show(event.target, event.clientX, event.clientY);
  });
  text.addEventListener("mouseleave", hide);
  text.addEventListener("focusin", function (event) {
    show(event.target);
  });
  text.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide();
    }
  });
})();
