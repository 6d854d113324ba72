import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import { buildOpenApiDocument } from "../openapi/document.js";

/** `GET /v2/openapi.json` and a readable page of it at `/docs`. */
export function docsRoutes(): Router {
  const router = Router();
  const document = buildOpenApiDocument();

  router.get("/v2/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.use("/docs", swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: "Reprise" }));
  return router;
}
