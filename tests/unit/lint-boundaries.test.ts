import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "@/lib/paths";

// The layer boundaries of eslint.config.mjs, checked on small made-up files:
// if a rule stopped firing, code could cross a boundary unnoticed.
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: projectRoot,
    // These files exist only in memory, outside the TypeScript project: the
    // rules that need type information or files on disk are not tested here.
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: {
        "@typescript-eslint/no-floating-promises": "off",
        "@typescript-eslint/no-misused-promises": "off",
        "@typescript-eslint/consistent-type-imports": "off",
        "import/no-cycle": "off",
      },
    },
  });
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

const restricted = (found: string[]) => found.filter((problem) => /no-restricted-(imports|syntax)/.test(problem));

describe("lib/", () => {
  it("never imports Next.js, React, screens or routes", async () => {
    expect(
      restricted(await problems("lib/documents/probe.ts", 'import { NextResponse } from "next/server";\nNextResponse.json(1);\n')),
    ).toHaveLength(1);
    expect(restricted(await problems("lib/cells/probe.ts", 'import { useState } from "react";\nuseState(1);\n'))).toHaveLength(1);
    expect(
      restricted(
        await problems("lib/revisions/probe.ts", 'import { Workbench } from "@/components/workbench/Workbench";\nvoid Workbench;\n'),
      ),
    ).toHaveLength(1);
  });

  it("imports only its own layer and the layers below", async () => {
    const upward = 'import { getRows } from "../documents/rows";\nvoid getRows;\n';
    expect(restricted(await problems("lib/cells/probe.ts", upward))).toHaveLength(1);
    expect(restricted(await problems("lib/segments/probe.ts", upward))).toHaveLength(1);
    expect(restricted(await problems("lib/schemas.ts", 'import { Prisma } from "@/lib/db/client";\nvoid Prisma;\n'))).toHaveLength(1);
    expect(
      restricted(await problems("lib/documents/probe.ts", 'import { saveCell } from "../cells/save-cell";\nvoid saveCell;\n')),
    ).toEqual([]);
  });
});

describe("components/", () => {
  it("import from lib/ only types and the browser-safe modules", async () => {
    expect(
      restricted(await problems("components/Probe.tsx", 'import { getAppDb } from "@/lib/db/app-db";\nvoid getAppDb;\n')),
    ).toHaveLength(1);
    expect(
      restricted(
        await problems("components/Probe.tsx", 'import type { EditorRow } from "@/lib/documents/rows";\nexport type Row = EditorRow;\n'),
      ),
    ).toEqual([]);
    expect(restricted(await problems("components/Probe.tsx", 'import { diffText } from "@/lib/diff";\nvoid diffText;\n'))).toEqual([]);
  });
});

describe("app/api", () => {
  it("exports every handler through the route wrapper", async () => {
    expect(
      restricted(await problems("app/api/probe/route.ts", "export async function GET() {\n  return Response.json({});\n}\n")),
    ).toHaveLength(1);
    expect(restricted(await problems("app/api/probe/route.ts", "export const POST = async () => Response.json({});\n"))).toHaveLength(1);
    const wrapped = 'import { route } from "@/app/api/_lib/route";\n\nexport const GET = route(async () => ({}));\n';
    expect(restricted(await problems("app/api/probe/route.ts", wrapped))).toEqual([]);
  });
});
