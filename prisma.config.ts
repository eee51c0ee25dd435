import { defineConfig } from "prisma/config";

// The CLI is used here only for `prisma generate`; migrations are applied by
// lib/db/migrate.ts (see docs/architecture.md), so the URL may be absent.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
