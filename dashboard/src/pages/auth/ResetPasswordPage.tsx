export default function ResetPasswordPage() {
  return (
    <section class="page">
      <div class="empty-state">
        <p>Loading…</p>
      </div>
    </section>
  );
}
