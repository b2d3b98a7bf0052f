/* The search page, enhanced: facet clicks, chips, sorting and paging update the results in
 * place instead of loading a new page. Without this file the page works the same way with
 * plain links and GET forms; the address always holds the whole state, so it stays
 * shareable and the Back button works (history.pushState / popstate).
 *
 * It fetches the same page's HTML, takes its #search-app region and swaps it in, then puts
 * focus back where the user was (the same checkbox) or on the results heading, and says the
 * new result count in the #search-status live region. Loaded as a static file: the site's
 * CSP allows no inline script or style.
 */
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  var status = document.getElementById("search-status");
  if (!app || !window.fetch || !window.history || !window.DOMParser) {
    return;
  }
  document.documentElement.classList.add("search-enhanced");
  var inFlight = null;
  var narrow = window.matchMedia && window.matchMedia("(max-width: 48rem)").matches;
  var panel = app.querySelector(".facet-panel");
  if (panel && narrow) {
    panel.open = false;
  }

  function formAddress(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function announce() {
    var heading = document.getElementById("results-heading");
    if (!status || !heading) {
      return;
    }
    status.textContent = "";
    // A fresh text node after a tick makes screen readers announce even an unchanged count.
    window.setTimeout(function () {
      status.textContent = heading.textContent.trim();
    }, 50);
  }

  function restoreFocus(focusId) {
    var target = (focusId && document.getElementById(focusId)) ||
      document.getElementById("results-heading");
    if (target) {
      target.focus({ preventScroll: target.id !== "results-heading" });
    }
  }

  function load(address, push, focusId) {
    if (inFlight) {
      inFlight.abort();
    }
    var controller = new AbortController();
    inFlight = controller;
    app.setAttribute("aria-busy", "true");
    fetch(address, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
      signal: controller.signal
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("search-app");
        if (!fresh) {
          throw new Error("The response has no results region.");
        }
        var wasOpen = app.querySelector(".facet-panel");
        wasOpen = wasOpen ? wasOpen.open : true;
        app.replaceChildren.apply(app, Array.prototype.map.call(
          fresh.childNodes, function (node) { return document.importNode(node, true); }
        ));
        var panelNow = app.querySelector(".facet-panel");
        if (panelNow) {
          panelNow.open = wasOpen;
        }
        document.title = page.title;
        if (push) {
          window.history.pushState({ search: true }, "", address);
        }
        app.removeAttribute("aria-busy");
        restoreFocus(focusId);
        announce();
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          return;
        }
        // Anything unexpected: load the page the ordinary way, which always works.
        window.location.assign(address);
      });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type === "checkbox" && input.form && input.form.classList.contains("facet-form")) {
      load(formAddress(input.form), true, input.id);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!app.contains(form) || !form.hasAttribute("data-live")) {
      return;
    }
    event.preventDefault();
    load(formAddress(form), true, null);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-live]");
    if (!link || !app.contains(link)) {
      return;
    }
    // Let new-tab and new-window clicks through.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    load(link.getAttribute("href"), true, null);
  });

  window.addEventListener("popstate", function () {
    load(window.location.pathname + window.location.search, false, null);
  });
}());
