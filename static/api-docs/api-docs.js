// Mounts Swagger UI (vendored in ./swagger-ui/) on the API documentation page. A separate file rather
// than an inline script, so the page keeps the site's strict Content-Security-Policy.
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
    deepLinking: true,
    tryItOutEnabled: true,
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
  });
})();
