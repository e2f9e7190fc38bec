import type { FlowGraph, FlowNode, FlowTrigger } from "../../../../common/flows/schema";

export type { FlowGraph, FlowNode, FlowTrigger };

export interface Flow {
  id: string;
  chatbot_id: string;
  name: string;
  trigger: FlowTrigger;
  graph: FlowGraph;
  enabled: boolean;
  published_version: number | null;
  published_version_id: string | null;
}

export interface FlowTemplate {
  id: string;
  name: string;
  description: string;
}

export interface FlowVersion {
  id: string;
  version: number;
  created_at: string;
}
