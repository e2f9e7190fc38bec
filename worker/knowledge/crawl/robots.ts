/**
 * robots.txt: the group for `MiniChatBot` if there is one, else the `*`
 * group; Allow/Disallow with `*` and `$` wildcards; the longest matching rule
 * wins and Allow wins a tie. No robots.txt (or an unreadable one) allows all.
 */
export const ROBOTS_AGENT = "minichatbot";

interface Rule {
  allow: boolean;
  pattern: string;
}

export function parseRobots(text: string, agent = ROBOTS_AGENT): Rule[] {
  const groups: { agents: string[]; rules: Rule[] }[] = [];
  let current: { agents: string[]; rules: Rule[] } | null = null;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    const m = line.match(/^([a-z-]+)\s*:\s*(.*)$/i);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if (key === "allow" || key === "disallow") {
      lastWasAgent = false;
      if (current && (value || key === "allow")) current.rules.push({ allow: key === "allow", pattern: value });
    } else lastWasAgent = false;
  }
  const specific = groups.filter((g) => g.agents.some((a) => a !== "*" && agent.includes(a)));
  const chosen = specific.length ? specific : groups.filter((g) => g.agents.includes("*"));
  return chosen.flatMap((g) => g.rules);
}

function ruleMatches(pattern: string, path: string): boolean {
  if (!pattern) return false;
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const re = new RegExp(`^${body.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}${anchored ? "$" : ""}`);
  return re.test(path);
}

/** Whether `pathAndQuery` may be crawled under `robotsTxt` (null = no robots.txt). */
export function isAllowedByRobots(robotsTxt: string | null, pathAndQuery: string): boolean {
  if (!robotsTxt) return true;
  let best: Rule | null = null;
  for (const rule of parseRobots(robotsTxt)) {
    if (!ruleMatches(rule.pattern, pathAndQuery)) continue;
    if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule;
  }
  return best ? best.allow : true;
}
