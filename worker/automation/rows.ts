import type { Rule, RuleAction, RuleCondition, RuleTrigger } from "./schema";

/** An `automation_rules` row as D1 returns it. */
export interface RuleRow {
  id: string;
  workspace_id: string;
  name: string;
  enabled: number;
  position: number;
  trigger_type: string;
  trigger: string;
  match: "all" | "any";
  conditions: string;
  actions: string;
  stop_processing: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** The row as the API shows it (the JSON columns were validated by the schema when written). */
export function ruleOfRow(r: RuleRow): Rule {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled === 1,
    position: r.position,
    trigger: JSON.parse(r.trigger) as RuleTrigger,
    match: r.match,
    conditions: JSON.parse(r.conditions) as RuleCondition[],
    actions: JSON.parse(r.actions) as RuleAction[],
    stop_processing: r.stop_processing === 1,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}
