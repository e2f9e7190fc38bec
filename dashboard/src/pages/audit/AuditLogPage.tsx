export default function AuditLogPage() {
  return (
    <section class="page">
      <div class="empty-state">
        <p>Loading…</p>
      </div>
    </section>
  );
}
