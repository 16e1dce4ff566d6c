// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // On the meeting list, changing the sort order applies it at once (the "Sort" button stays for
  // readers without JavaScript).
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () {
      if (sort.form.requestSubmit) {
        sort.form.requestSubmit();
      } else {
        sort.form.submit();
      }
    });
  }
  // On a phone, fold the filters away so the results come first (they open with one tap), unless
  // a filter needs fixing.
  var panel = document.querySelector(".filter-panel");
  var narrow = window.matchMedia && window.matchMedia("(max-width: 59.99em)").matches;
  if (panel && narrow && !document.querySelector(".error-summary")) {
    panel.removeAttribute("open");
  }
  // On a record, "Copy" buttons put a formatted citation on the clipboard (hidden without
  // JavaScript or a clipboard: the citation stays selectable text).
  var status = document.querySelector(".copy-status");
  if (navigator.clipboard && navigator.clipboard.writeText) {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(
          function () {
            if (status) {
              status.textContent = "Citation copied.";
            }
          },
          function () {
            if (status) {
              status.textContent = "Could not copy: select the citation and copy it.";
            }
          }
        );
      });
    });
  }
  // The list's form sends only the fields that are filled: no empty parameters in the URL.
  var filters = document.getElementById("filters");
  if (filters) {
    filters.addEventListener("submit", function () {
      var sortAsked = new URLSearchParams(window.location.search).has("sort");
      Array.prototype.forEach.call(filters.elements, function (field) {
        if (!field.name || field.disabled || field.type === "submit") {
          return;
        }
        // A sort nobody chose (the page's default, left alone) is not sent: the list picks its
        // own default (best match when searching, else newest first).
        var untouchedSort = field.name === "sort" && !sortAsked && field.selectedIndex >= 0 &&
          field.options[field.selectedIndex].defaultSelected;
        if (field.value.trim() === "" || untouchedSort) {
          field.disabled = true;
        }
      });
      // Re-enable them when the page is shown again from the back/forward cache.
      window.addEventListener("pageshow", function () {
        Array.prototype.forEach.call(filters.elements, function (field) {
          field.disabled = false;
        });
      }, { once: true });
    });
  }
});
