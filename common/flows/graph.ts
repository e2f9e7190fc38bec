import type { FlowGraph, FlowNode } from "./schema";

/** Graph checks without zod at run time, shared by the publish step and the dashboard editor. */

export interface GraphProblem {
  node: string | null;
  code: "MISSING_START" | "DUPLICATE_NODE" | "DANGLING_EDGE" | "UNREACHABLE_NODE" | "INVALID_URL";
  message: string;
}

/** The edges leaving a node. */
export function edgesOf(n: FlowNode): string[] {
  const out: (string | null | undefined)[] = [];
  switch (n.type) {
    case "message":
      out.push(n.next, ...(n.choices ?? []).map((c) => c.next));
      break;
    case "collect":
      out.push(n.next, n.fail_next);
      break;
    case "condition":
      out.push(n.else_next, ...n.rules.map((r) => r.next));
      break;
    case "http":
      out.push(n.next, n.error_next);
      break;
    case "set":
    case "tag":
    case "wait":
      out.push(n.next);
      break;
    default:
      break;
  }
  return out.filter((x): x is string => typeof x === "string");
}

/** What keeps a graph from being published: no start, duplicate ids, edges to nowhere, nodes nothing reaches, non-https URLs. */
export function graphProblems(g: FlowGraph): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, FlowNode>();
  for (const n of g.nodes) {
    if (byId.has(n.id)) problems.push({ node: n.id, code: "DUPLICATE_NODE", message: `Two nodes are called ${n.id}` });
    byId.set(n.id, n);
  }
  if (!byId.has(g.start)) problems.push({ node: null, code: "MISSING_START", message: `The start node ${g.start} does not exist` });
  for (const n of g.nodes) {
    for (const to of edgesOf(n)) if (!byId.has(to)) problems.push({ node: n.id, code: "DANGLING_EDGE", message: `${n.id} leads to ${to}, which does not exist` });
    if (n.type === "http" && !/^https:\/\//i.test(n.url)) problems.push({ node: n.id, code: "INVALID_URL", message: `${n.id}: only https URLs are called` });
  }
  const seen = new Set<string>();
  const stack = byId.has(g.start) ? [g.start] : [];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = byId.get(id);
    if (n) stack.push(...edgesOf(n));
  }
  for (const n of g.nodes) if (!seen.has(n.id)) problems.push({ node: n.id, code: "UNREACHABLE_NODE", message: `Nothing leads to ${n.id}` });
  return problems;
}
