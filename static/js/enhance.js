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
});
