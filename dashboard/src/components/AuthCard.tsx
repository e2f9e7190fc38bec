import type { ComponentChildren } from "preact";

export function AuthCard({ title, sub, children, testid }: { title: string; sub?: ComponentChildren; children: ComponentChildren; testid?: string }) {
  return (
    <div class="auth-card" data-testid={testid}>
      <div class="brand">
        <span class="brand-mark" aria-hidden="true">M</span>
        <span class="brand-name">MiniChat</span>
      </div>
      <h1>{title}</h1>
      {sub && <p class="sub">{sub}</p>}
      {children}
    </div>
  );
}
