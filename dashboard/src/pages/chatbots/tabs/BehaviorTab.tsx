import { CheckField, SelectField, TextField } from "../../../components/Form";
import type { TabProps } from "./types";

const num = (v: string) => (v === "" ? Number.NaN : Number(v));
const show = (n: number) => (Number.isNaN(n) ? "" : n);

export function BehaviorTab({ config, set, errors, readOnly }: TabProps) {
  const b = config.behavior_settings;
  return (
    <div class="form">
      <SelectField
        label="Bot mode"
        name="behavior_settings.bot_mode"
        value={b.bot_mode}
        options={[
          { value: "active", label: "Active: the bot answers every message" },
          { value: "passive", label: "Passive: the bot answers questions only" },
          { value: "off", label: "Off: humans only" },
        ]}
        onValue={(v) => set("behavior_settings.bot_mode", v)}
        error={errors["behavior_settings.bot_mode"]}
        disabled={readOnly}
      />
      <div class="grid-2">
        <TextField
          label="Response delay (ms)"
          name="behavior_settings.response_delay"
          type="number"
          min="0"
          max="5000"
          step="100"
          value={show(b.response_delay)}
          onValue={(v) => set("behavior_settings.response_delay", num(v))}
          error={errors["behavior_settings.response_delay"]}
          hint="0–5000 ms: the bot's reply waits at least this long after the visitor's message, with typing shown."
          disabled={readOnly}
        />
        <TextField
          label="Inactivity timeout (minutes)"
          name="behavior_settings.inactivity_timeout"
          type="number"
          min="1"
          max="30"
          value={Number.isNaN(b.inactivity_timeout) ? "" : Math.round(b.inactivity_timeout / 60000)}
          onValue={(v) => set("behavior_settings.inactivity_timeout", num(v) * 60000)}
          error={errors["behavior_settings.inactivity_timeout"]}
          hint="1–30 minutes without messages closes the chat."
          disabled={readOnly}
        />
        <TextField
          label="Suggest a human after (messages)"
          name="behavior_settings.max_conversation_length"
          type="number"
          min="5"
          max="500"
          value={show(b.max_conversation_length)}
          onValue={(v) => set("behavior_settings.max_conversation_length", num(v))}
          error={errors["behavior_settings.max_conversation_length"]}
          hint="At this many messages the bot offers the visitor a person, once."
          disabled={readOnly}
        />
        <TextField
          label="Wait for an agent (minutes)"
          name="behavior_settings.agent_reply_timeout_ms"
          type="number"
          min="1"
          max="60"
          value={Number.isNaN(b.agent_reply_timeout_ms) ? "" : Math.round(b.agent_reply_timeout_ms / 60000)}
          onValue={(v) => set("behavior_settings.agent_reply_timeout_ms", num(v) * 60000)}
          error={errors["behavior_settings.agent_reply_timeout_ms"]}
          hint="Then the visitor is offered to leave a message."
          disabled={readOnly}
        />
      </div>
      <CheckField
        label="Show a typing indicator"
        name="behavior_settings.show_typing_indicator"
        checked={b.show_typing_indicator}
        onValue={(v) => set("behavior_settings.show_typing_indicator", v)}
        disabled={readOnly}
      />
      <CheckField
        label="Rich responses (quick-reply buttons)"
        name="behavior_settings.enable_rich_responses"
        checked={b.enable_rich_responses}
        onValue={(v) => set("behavior_settings.enable_rich_responses", v)}
        hint="When the bot offers a person, the visitor gets a “Talk to a person” button."
        disabled={readOnly}
      />
    </div>
  );
}
