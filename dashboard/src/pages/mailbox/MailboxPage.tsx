export default function MailboxPage() {
  return (
    <section class="page">
      <div class="empty-state">
        <p>Loading…</p>
      </div>
    </section>
  );
}
