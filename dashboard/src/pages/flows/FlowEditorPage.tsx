import { useRoute } from "preact-iso";
import { useEffect, useMemo, useState } from "preact/hooks";
import { FLOW_NODE_TYPES_LIST, graphProblems } from "./graph";
import { FormError, SelectField, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { useResource } from "../../lib/useResource";
import { NodeFields, blankNode } from "./NodeFields";
import { Simulator } from "./Simulator";
import type { Flow, FlowNode, FlowTrigger, FlowVersion } from "./types";

/** A flow's draft as a list of nodes with a form each; save, publish, versions with restore. */
export default function FlowEditorPage() {
  const { t } = useI18n();
  const { params } = useRoute();
  const { can } = useAuth();
  const notify = useToast();
  const manage = can("chatbots:manage");
  const [flow, setFlow] = useState<Flow | null>(null);
  const { busy, error, setError, run: act } = useSubmit();
  const [newType, setNewType] = useState<FlowNode["type"]>("message");
  const [newId, setNewId] = useState("");
  const teams = useResource<{ data: { id: string; name: string }[] }>("/api/v1/teams");
  const versions = useResource<{ data: FlowVersion[] }>(params.id ? `/api/v1/flows/${params.id}/versions` : null);

  useEffect(() => {
    api<Flow>(`/api/v1/flows/${params.id}`).then(setFlow, (err) => setError(errorMessage(err)));
  }, [params.id]);
  const problems = useMemo(() => (flow ? graphProblems(flow.graph) : []), [flow]);
  if (!flow) return <section class="page">{error ? <FormError message={error} /> : null}</section>;

  const ids = flow.graph.nodes.map((n) => n.id);
  const setGraph = (nodes: FlowNode[], start = flow.graph.start) => setFlow({ ...flow, graph: { ...flow.graph, start, nodes } });
  const patchNode = (id: string, changes: Record<string, unknown>) => setGraph(flow.graph.nodes.map((n) => (n.id === id ? ({ ...n, ...changes } as FlowNode) : n)));
  const removeNode = (id: string) => setGraph(flow.graph.nodes.filter((n) => n.id !== id));
  const addNode = (e: Event) => {
    e.preventDefault();
    const id = newId.trim().replace(/[^A-Za-z0-9_-]/g, "_") || `${newType}_${flow.graph.nodes.length + 1}`;
    if (ids.includes(id)) return setError(`${id}?`);
    setGraph([...flow.graph.nodes, blankNode(newType, id)], flow.graph.nodes.length === 0 ? id : flow.graph.start);
    setNewId("");
  };
  const setTrigger = (trigger: FlowTrigger) => setFlow({ ...flow, trigger });

  const save = () =>
    act(async () => {
      setFlow(await api<Flow>(`/api/v1/flows/${flow.id}`, { method: "PATCH", body: { name: flow.name, trigger: flow.trigger, graph: flow.graph } }));
      notify(t("flows.saved"));
    });
  const publish = () =>
    act(async () => {
      await api<Flow>(`/api/v1/flows/${flow.id}`, { method: "PATCH", body: { name: flow.name, trigger: flow.trigger, graph: flow.graph } });
      const v = await api<{ version: number }>(`/api/v1/flows/${flow.id}/publish`, { method: "POST", body: {} });
      setFlow({ ...flow, published_version: v.version });
      notify(t("flows.publishedToast", { n: v.version }));
      await versions.reload();
    });
  const restore = (version: number) =>
    act(async () => {
      setFlow(await api<Flow>(`/api/v1/flows/${flow.id}/versions/${version}/restore`, { method: "POST", body: {} }));
      notify(t("flows.restored", { n: version }));
    });

  return (
    <section class="page" data-testid="flow-editor">
      <header class="page-header">
        <div>
          <h1>{flow.name}</h1>
          <p data-testid="flow-status">{flow.published_version ? t("flows.published", { n: flow.published_version }) : t("flows.draft")}</p>
        </div>
      </header>
      <FormError message={error} />
      <div class="card form">
        <TextField label={t("flows.name")} name="flow_name" value={flow.name} onValue={(v) => setFlow({ ...flow, name: v })} />
        <SelectField
          label={t("flows.trigger")}
          name="flow_trigger"
          value={flow.trigger.type}
          options={(["conversation_start", "keyword", "button"] as const).map((v) => ({ value: v, label: t(`flows.trigger.${v}`) }))}
          onValue={(v) => setTrigger({ ...flow.trigger, type: v })}
        />
        {flow.trigger.type !== "conversation_start" && (
          <TextField label={t("flows.triggerValue")} name="flow_trigger_value" value={flow.trigger.value ?? ""} onValue={(v) => setTrigger({ ...flow.trigger, value: v })} />
        )}
        <SelectField label={t("flows.start")} name="flow_start" value={flow.graph.start} options={ids.map((id) => ({ value: id, label: id }))} onValue={(v) => setGraph(flow.graph.nodes, v)} />
      </div>
      <h2>{t("flows.nodes")}</h2>
      {flow.graph.nodes.map((node) => (
        <fieldset class="card form" key={node.id} data-testid={`flow-node-${node.id}`}>
          <legend>
            {node.id} · {t(`flows.type.${node.type}`)}
          </legend>
          <NodeFields node={node} ids={ids} teams={teams.data?.data ?? []} patch={(c) => patchNode(node.id, c)} />
          {manage && (
            <button type="button" class="btn btn-danger" onClick={() => removeNode(node.id)} data-testid={`flow-remove-${node.id}`}>
              {t("flows.remove")}
            </button>
          )}
        </fieldset>
      ))}
      {manage && (
        <form class="card form" onSubmit={addNode} data-testid="flow-add-node">
          <SelectField label={t("flows.nodeType")} name="new_node_type" value={newType} options={FLOW_NODE_TYPES_LIST.map((v) => ({ value: v, label: t(`flows.type.${v}`) }))} onValue={setNewType} />
          <TextField label={t("flows.nodeId")} name="new_node_id" value={newId} onValue={setNewId} />
          <button type="submit" class="btn" data-testid="flow-add">
            {t("flows.addNode")}
          </button>
        </form>
      )}
      {problems.length > 0 && (
        <div class="card" role="status" data-testid="flow-problems">
          <h3>{t("flows.problems")}</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}
      {manage && (
        <div class="form-actions">
          <button type="button" class="btn" disabled={busy} onClick={() => void save()} data-testid="flow-save">
            {t("flows.save")}
          </button>
          <button type="button" class="btn btn-primary" disabled={busy || problems.length > 0} onClick={() => void publish()} data-testid="flow-publish">
            {t("flows.publish")}
          </button>
        </div>
      )}
      {problems.length === 0 && <Simulator graph={flow.graph} teams={teams.data?.data ?? []} />}
      <h2>{t("flows.versions")}</h2>
      <ul data-testid="flow-versions">
        {(versions.data?.data ?? []).map((v) => (
          <li key={v.id}>
            v{v.version}
            {manage && (
              <button type="button" class="btn btn-small" onClick={() => void restore(v.version)}>
                {t("flows.restore")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
