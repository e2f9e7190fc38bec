/** The CSV parser and writer: imports and exports only (see worker/lazy.ts). */
export { default as Papa } from "papaparse";
