export default function NotFoundPage() {
  return (
    <section class="page">
      <div class="empty-state">
        <h1>Page not found</h1>
        <p>
          <a href="/">Back to the dashboard</a>
        </p>
      </div>
    </section>
  );
}
