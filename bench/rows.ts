// One measured number: bench/server.ts's BenchRow, so the server's rows and
// ours go into one table.
export type { BenchRow } from './server';

export type Log = (line: string) => void;
