import type { ChildProcess, StdioOptions } from 'node:child_process';

export interface ClusterApp {
  url: string;
  port: number;
  process: ChildProcess;
}

export interface Cluster {
  /** nginx's address, in front of every instance. */
  url: string;
  apps: ClusterApp[];
  nginx: ChildProcess;
  stop(): Promise<void>;
}

export function startCluster(options: {
  instances?: number;
  port?: number;
  env: Record<string, string>;
  workDir: string;
  output?: 'ignore' | 'inherit' | StdioOptions;
}): Promise<Cluster>;

export function stopProcess(child: ChildProcess, signal?: NodeJS.Signals): Promise<void>;
