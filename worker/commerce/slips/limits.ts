/** Largest slip photo accepted. */
export const MAX_SLIP_BYTES = 5 * 1024 * 1024;
