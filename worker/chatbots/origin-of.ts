/** The origin of a URL (`https://shop.example.com`), or null when it has none. Dependency-free: the dashboard imports it too. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
