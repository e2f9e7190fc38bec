/** Files a test reads as text through the bundler's `?raw` suffix. */
declare module "*?raw" {
  const text: string;
  export default text;
}
