import { useState } from "preact/hooks";
import { answer, newRun, step, type FlowHost, type FlowRun } from "../../../../common/flows/engine";
import { useI18n } from "../../i18n";
import type { FlowGraph } from "./types";

interface Line {
  who: "bot" | "you" | "note";
  text: string;
  choices?: string[];
}

/**
 * Runs the draft in the page with the same engine the conversation runs
 * (common/flows/engine.ts). Nothing leaves the page: contact fields and tags
 * are shown as notes, the HTTP node is not called (its error path is taken),
 * a wait is skipped and a hand-off ends the run with a note.
 */
export function Simulator({ graph, teams }: { graph: FlowGraph; teams: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const [lines, setLines] = useState<Line[]>([]);
  const [run, setRun] = useState<FlowRun | null>(null);
  const [text, setText] = useState("");

  const host = (out: Line[]): FlowHost => ({
    say: (said, rich) => out.push({ who: "bot", text: said, choices: rich?.buttons?.map((b) => b.label) ?? rich?.quick_replies }),
    setContact: async (field, value) => void out.push({ who: "note", text: `contact.${field} = ${value}` }),
    tag: async (tags) => void out.push({ who: "note", text: `${t("flows.type.tag")}: ${tags.join(", ")}` }),
    http: async (req) => {
      out.push({ who: "note", text: `${req.method} ${req.url} — ${t("flows.simNoHttp")}` });
      return { ok: false, code: "SIMULATED", message: "not called in the simulator" };
    },
    handoff: async (teamId) => void out.push({ who: "note", text: `${t("flows.type.handoff")}: ${teams.find((x) => x.id === teamId)?.name ?? t("flows.chatbotTeam")}` }),
    wakeAt: () => void out.push({ who: "note", text: t("flows.simWaitSkipped") }),
    event: () => undefined,
    now: () => Date.now(),
  });

  const advance = async (next: FlowRun, out: Line[]) => {
    let r = next;
    // a wait is skipped at once in the simulator
    while (r.status === "waiting_alarm") {
      const n = r.graph.nodes.find((x) => x.id === r.node);
      r = await step({ ...r, status: "running", node: n && n.type === "wait" ? (n.next ?? null) : null }, host(out));
    }
    if (r.status === "done") out.push({ who: "note", text: t("flows.simDone") });
    setRun(r.status === "done" ? null : r);
    setLines((prev) => [...prev, ...out]);
  };

  const start = async () => {
    const out: Line[] = [];
    setLines([]);
    await advance(await step(newRun("draft", "draft", 0, graph, {}), host(out)), out);
  };

  const reply = async (value: string) => {
    if (!run || !value.trim()) return;
    const out: Line[] = [{ who: "you", text: value }];
    setText("");
    await advance(await answer(run, host(out), { text: value, value }), out);
  };

  return (
    <div class="card" data-testid="flow-simulator">
      <h3>{t("flows.simulator")}</h3>
      <button type="button" class="btn" onClick={() => void start()} data-testid="flow-sim-start">
        {t("flows.simStart")}
      </button>
      <ol class="sim" aria-live="polite">
        {lines.map((l, i) => (
          <li key={i} class={`sim-${l.who}`} data-testid={`sim-${l.who}`}>
            {l.who === "you" ? "→ " : l.who === "note" ? "· " : ""}
            {l.text}
            {l.choices?.length ? (
              <span>
                {l.choices.map((c) => (
                  <button type="button" class="btn btn-small" key={c} onClick={() => void reply(c)} disabled={!run}>
                    {c}
                  </button>
                ))}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {run && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void reply(text);
          }}
        >
          <input class="input" value={text} aria-label={t("flows.simReply")} data-testid="flow-sim-input" onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit" class="btn">
            {t("flows.simSend")}
          </button>
        </form>
      )}
    </div>
  );
}
