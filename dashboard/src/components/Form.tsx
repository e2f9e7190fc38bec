import type { ComponentChildren, JSX } from "preact";

interface FieldProps {
  label: ComponentChildren;
  error?: string;
  hint?: ComponentChildren;
  children: ComponentChildren;
  /** Field id, also used for the error's data-testid (`error-<name>`). */
  name?: string;
}

/** A labelled control with its hint and the API's validation message under it. */
export function Field({ label, error, hint, children, name }: FieldProps) {
  return (
    <div class={`field ${error ? "has-error" : ""}`}>
      <label for={name}>{label}</label>
      {children}
      {hint && !error && <div class="hint">{hint}</div>}
      {error && (
        <div class="field-error" role="alert" data-testid={name ? `error-${name}` : undefined}>
          {error}
        </div>
      )}
    </div>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "onInput" | "value" | "label" | "type" | "name"> & {
  label: ComponentChildren;
  name: string;
  value: string | number;
  onValue: (value: string) => void;
  error?: string;
  hint?: ComponentChildren;
  type?: string;
  testid?: string;
};

export function TextField({ label, name, value, onValue, error, hint, type = "text", testid, ...rest }: InputProps) {
  return (
    <Field label={label} error={error} hint={hint} name={name}>
      <input
        {...rest}
        id={name}
        name={name}
        type={type}
        class="input"
        value={value}
        data-testid={testid ?? `input-${name}`}
        aria-invalid={error ? true : undefined}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
      />
    </Field>
  );
}

interface TextAreaProps {
  label: ComponentChildren;
  name: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  hint?: ComponentChildren;
  rows?: number;
  disabled?: boolean;
  placeholder?: string;
}

export function TextAreaField({ label, name, value, onValue, error, hint, rows = 3, disabled, placeholder }: TextAreaProps) {
  return (
    <Field label={label} error={error} hint={hint} name={name}>
      <textarea
        id={name}
        name={name}
        class="textarea"
        rows={rows}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        data-testid={`input-${name}`}
        onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)}
      />
    </Field>
  );
}

interface SelectProps<T extends string> {
  label: ComponentChildren;
  name: string;
  value: T;
  options: readonly (T | { value: T; label: string })[];
  onValue: (value: T) => void;
  error?: string;
  hint?: ComponentChildren;
  disabled?: boolean;
}

export function SelectField<T extends string>({ label, name, value, options, onValue, error, hint, disabled }: SelectProps<T>) {
  return (
    <Field label={label} error={error} hint={hint} name={name}>
      <select
        id={name}
        name={name}
        class="select"
        value={value}
        disabled={disabled}
        data-testid={`input-${name}`}
        onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value as T)}
      >
        {options.map((o) => {
          const opt = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          );
        })}
      </select>
    </Field>
  );
}

interface CheckProps {
  label: ComponentChildren;
  name: string;
  checked: boolean;
  onValue: (checked: boolean) => void;
  disabled?: boolean;
  hint?: ComponentChildren;
}

export function CheckField({ label, name, checked, onValue, disabled, hint }: CheckProps) {
  return (
    <div class="field">
      <label class="check">
        <input
          type="checkbox"
          name={name}
          checked={checked}
          disabled={disabled}
          data-testid={`input-${name}`}
          onChange={(e) => onValue((e.currentTarget as HTMLInputElement).checked)}
        />
        <span>{label}</span>
      </label>
      {hint && <div class="hint">{hint}</div>}
    </div>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div class="alert alert-error" role="alert" data-testid="form-error">
      {message}
    </div>
  );
}
