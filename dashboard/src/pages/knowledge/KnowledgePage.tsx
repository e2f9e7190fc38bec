export default function KnowledgePage() {
  return (
    <section class="page">
      <header class="page-header">
        <h1>Knowledge</h1>
      </header>
      <div class="empty-state">
        <p>The knowledge base is coming soon.</p>
      </div>
    </section>
  );
}
