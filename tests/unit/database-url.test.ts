import { describe, expect, it } from "vitest";
import { describeConnectionError, parseDatabaseUrl, withDatabase } from "@/lib/db/url";

describe("database URLs", () => {
  it("reads host, port and database", () => {
    expect(parseDatabaseUrl("postgresql://u:p@db.example:6543/work")).toEqual({ host: "db.example", port: 6543, database: "work" });
    expect(parseDatabaseUrl("postgres://localhost")).toEqual({ host: "localhost", port: 5432, database: "postgres" });
  });

  it("refuses what is not a postgres URL, saying why", () => {
    expect(() => parseDatabaseUrl("not a url")).toThrow(/not a valid URL/);
    expect(() => parseDatabaseUrl("mysql://localhost/x")).toThrow(/must start with postgresql:\/\//);
  });

  it("swaps the database and keeps the rest", () => {
    expect(withDatabase("postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable", "t1")).toBe(
      "postgresql://postgres@127.0.0.1:5432/t1?sslmode=disable",
    );
  });

  it("turns driver errors into one line naming the server", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const error = describeConnectionError(refused, "postgresql://postgres@127.0.0.1:1/x");
    expect(error.message).toBe('Cannot connect to PostgreSQL at 127.0.0.1:1 (database "x"): connection refused');
    expect(error.message).not.toContain("\n");
    expect(error.code).toBe("database_unreachable");
  });
});
