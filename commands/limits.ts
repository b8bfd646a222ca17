/** Longest query a search option takes. Longer ones still page: the buttons carry results instead. */
export const QUERY_MAX_LENGTH = 200;
