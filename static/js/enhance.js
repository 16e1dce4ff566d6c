// Progressive enhancement only: every page works without this file.
// On the meeting list, changing the sort order applies it at once (the "Sort" button stays for
// readers without JavaScript).
document.addEventListener("DOMContentLoaded", function () {
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () {
      sort.form.requestSubmit ? sort.form.requestSubmit() : sort.form.submit();
    });
  }
});
