import type { TestProject } from "vitest/node";
import { createMigratedTestDatabase } from "../helpers/database";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated database made for this test run and dropped after it. */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createMigratedTestDatabase();
  project.provide("databaseUrl", database.url);
  return () => database.drop();
}
