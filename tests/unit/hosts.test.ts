import { afterEach, describe, expect, it } from "vitest";
import { isAllowedHost, publicOrigin } from "@/lib/auth/hosts";

const saved = { PORT: process.env.PORT, PUBLIC_URL: process.env.PUBLIC_URL };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("isAllowedHost (DNS rebinding)", () => {
  it("admits loopback names on the app's port only", () => {
    process.env.PORT = "3000";
    delete process.env.PUBLIC_URL;
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST:3000"]) expect(isAllowedHost(host)).toBe(true);
    for (const host of [
      "evil.example:3000",
      "evil.example",
      "localhost:3001",
      "127.0.0.2:3000",
      "192.0.2.2:3000",
      "localhost.evil.example:3000",
      "",
      null,
    ]) {
      expect(isAllowedHost(host)).toBe(false);
    }
  });

  it("admits the public name when PUBLIC_URL is set, and only that one", () => {
    process.env.PORT = "3000";
    process.env.PUBLIC_URL = "https://parallel.example.org";
    expect(isAllowedHost("parallel.example.org")).toBe(true);
    expect(isAllowedHost("parallel.example.org:8443")).toBe(false);
    expect(isAllowedHost("other.example.org")).toBe(false);
    expect(publicOrigin()).toBe("https://parallel.example.org");
  });
});
