/** Limits of personal API tokens, shared by the token page (its `maxlength`) and the server. */
export const API_TOKEN_NAME_MAX = 100;
/** Active tokens per user and organisation: enough for every script one keeps, not a leak's worth. */
export const API_TOKENS_MAX = 20;
