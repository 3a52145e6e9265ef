// What the global setup provides to every test file through vitest's `inject`.
declare module "vitest" {
  export interface ProvidedContext {
    /** A Postgres server URL; each test file creates its own database on it. */
    databaseUrl: string;
    /** A Redis URL; each test file uses its own queue prefix on it. */
    redisUrl: string;
  }
}

export {};
