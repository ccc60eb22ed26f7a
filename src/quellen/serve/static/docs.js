// Starts Swagger UI on /openapi.json (a file, not an inline script: the Content-Security-Policy forbids those).
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                           displayRequestDuration: true, tryItOutEnabled: true });
});
