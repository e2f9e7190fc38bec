/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";

/**
 * The Durable Objects reach the Worker's domains only through the ports the
 * Worker registers (`durable-objects/ports.ts`, `setCatalogPort`): a file under
 * durable-objects/ may import its own files, `protocol.ts` and the neutral
 * `common/` (ids, hashing, signing), never worker/. `common/` itself imports
 * neither side.
 */
const objectFiles = import.meta.glob("../../durable-objects/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const commonFiles = import.meta.glob("../../common/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/g)) specs.push(m[1]!);
  for (const m of source.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]!);
  return specs;
}

/** `spec` as a path from the repository root, resolved against the importing file's folder. */
function resolve(file: string, spec: string): string {
  if (!spec.startsWith(".")) return spec;
  const parts = file.replace(/^(\.\.\/)+/, "").split("/").slice(0, -1);
  for (const piece of spec.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

describe("module boundaries", () => {
  it("finds the files it checks", () => {
    expect(Object.keys(objectFiles).length).toBeGreaterThan(10);
    expect(Object.keys(commonFiles).length).toBeGreaterThan(2);
  });

  it("durable-objects/ imports nothing from worker/", () => {
    const offending: string[] = [];
    for (const [file, source] of Object.entries(objectFiles)) {
      for (const spec of importsOf(source)) {
        const target = resolve(file, spec);
        const allowed = target.startsWith("durable-objects/") || target.startsWith("common/") || !spec.startsWith(".");
        if (!allowed) offending.push(`${file.replace(/^(\.\.\/)+/, "")} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("common/ imports neither the Worker nor the Durable Objects", () => {
    const offending: string[] = [];
    for (const [file, source] of Object.entries(commonFiles)) {
      for (const spec of importsOf(source)) {
        if (spec.startsWith(".") && !resolve(file, spec).startsWith("common/")) offending.push(`${file} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("the check catches an import of worker/", () => {
    expect(resolve("../../durable-objects/conversation/live.ts", "../../worker/ai/answer")).toBe("worker/ai/answer");
    expect(importsOf(`import { answer } from "../../worker/ai/answer";\nimport type { X } from "../protocol";`)).toEqual(["../../worker/ai/answer", "../protocol"]);
  });
});
