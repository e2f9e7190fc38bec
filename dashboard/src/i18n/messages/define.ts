/** One area's strings: the Thai object must carry exactly the English keys. */
export function defineMessages<const En extends Record<string, string>>(m: {
  en: En;
  th: { [K in keyof En]: string };
}): { en: En; th: { [K in keyof En]: string } } {
  return m;
}
