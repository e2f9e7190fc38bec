declare module "wink-porter2-stemmer" {
  /** Porter2 ("English") stemmer: maps a lowercase English word to its stem. */
  export default function stem(word: string): string;
}
