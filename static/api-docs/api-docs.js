// Mounts Swagger UI (vendored in ./swagger-ui/) on the API documentation page. A separate file rather
// than an inline script, so the page keeps the site's strict Content-Security-Policy. Deep links are
// off: they put a link inside each operation's button (axe: nested-interactive).
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  container.textContent = "";
  window.SwaggerUIBundle({
    url: container.getAttribute("data-schema-url"),
    domNode: container,
    deepLinking: false,
    tryItOutEnabled: true,
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
  });
  // Scrollable code samples take keyboard focus, so they can be scrolled without a mouse
  // (axe: scrollable-region-focusable).
  new MutationObserver(function () {
    container.querySelectorAll(".microlight:not([tabindex])").forEach(function (block) {
      block.setAttribute("tabindex", "0");
    });
  }).observe(container, { childList: true, subtree: true });
})();
