export default function InboxPage() {
  return (
    <section class="page">
      <header class="page-header">
        <h1>Inbox</h1>
      </header>
      <div class="empty-state">
        <p>The inbox is coming soon.</p>
      </div>
    </section>
  );
}
