import { defineConfig } from "prisma/config";

// The Prisma CLI is used here for `prisma generate` only; migrations are applied by
// packages/db's runner (see its README), which keeps Prisma's folder layout and ledger table.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
