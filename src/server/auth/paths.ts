/** The sign-in pages' addresses (the same ones auth.ts gives Auth.js as `pages`). */
export const SIGN_IN_PATH = '/pomoc/logowanie';
export const CHECK_INBOX_PATH = '/pomoc/logowanie/sprawdz-poczte';
export const SIGN_IN_ERROR_PATH = '/pomoc/logowanie/blad';
export const STAFF_SIGN_IN_PATH = '/agent/login';
export const CUSTOMER_HOME_PATH = '/pomoc/kontakt';
export const AGENT_HOME_PATH = '/agent';
