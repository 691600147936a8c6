// Starts the vendored Swagger UI on this server's OpenAPI document (no inline script, no CDN).
(function () {
  "use strict";
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
  });
})();
