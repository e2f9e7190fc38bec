export default function RegisterPage() {
  return (
    <section class="page">
      <div class="empty-state">
        <p>Loading…</p>
      </div>
    </section>
  );
}
