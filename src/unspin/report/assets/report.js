// unspin report: tooltips for highlighted spans, and links from the brief to their evidence. The page
// reads fully without this script; it shows every span of the highlighted layer group under the pointer
// or focus at once, lights up all pieces of the hovered span, and when a brief line is followed, switches
// to its layer group and outlines every piece of the evidence. Article text reaches the DOM only through
// textContent, never as HTML. No inline handlers: listeners are added here.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var tip = document.getElementById("tip");
  if (!text || !tip || !tip.classList) {
    return;
  }

  function activeGroup() {
    var checked = document.querySelector('input[name="unspin-g"]:checked');
    return checked ? checked.value : null;
  }

  var litEvidence = [];
  document.addEventListener("click", function (event) {
    var link = event.target;
    while (link && link.nodeType === 1 && link.tagName !== "A") {
      link = link.parentNode;
    }
    if (!link || link.nodeType !== 1 || !link.hasAttribute("data-g")) {
      return;
    }
    var group = link.getAttribute("data-g");
    var radio = /^[a-z]+$/.test(group) ? document.getElementById("g-" + group) : null;
    if (radio) {
      radio.checked = true;
    }
    for (var i = 0; i < litEvidence.length; i++) {
      litEvidence[i].classList.remove("lit");
    }
    litEvidence = [];
    var key = (link.getAttribute("href") || "").slice(1);
    if (/^e\d+-\d+$/.test(key)) {
      var pieces = text.querySelectorAll('span[data-e="' + key + '"]');
      for (var j = 0; j < pieces.length; j++) {
        pieces[j].classList.add("lit");
        litEvidence.push(pieces[j]);
      }
    }
  });
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
      var group = activeGroup();
      if (
        node.nodeType === 1 &&
        node.hasAttribute("data-tip") &&
        (!group || node.getAttribute("data-g") === group)
      ) {
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
