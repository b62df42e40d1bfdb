// Swagger UI for the newsprism API, from the shipped bundle (no CDN).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
