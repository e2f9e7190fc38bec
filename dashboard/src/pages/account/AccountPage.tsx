export default function AccountPage() {
  return (
    <section class="page">
      <div class="empty-state">
        <p>Loading…</p>
      </div>
    </section>
  );
}
