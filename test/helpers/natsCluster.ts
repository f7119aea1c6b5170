import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** Debian installs nats-server in /usr/sbin, which is not on every user's PATH. */
const NATS_SERVER = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
const READY_TIMEOUT_MS = 30_000;

interface Server {
  readonly name: string;
  readonly port: number;
  readonly clusterPort: number;
  readonly config: string;
  process: ChildProcess | undefined;
  exited: Promise<void> | undefined;
}

/**
 * Real nats-server processes with JetStream on loopback ports, each with its own store in a tmp
 * directory: one server, or a cluster of three routed to each other. Servers can be killed with
 * -9 and started again on the same ports and store.
 */
export class NatsCluster {
  private constructor(
    private readonly dir: string,
    private readonly servers: Server[],
  ) {}

  static async start(size: number): Promise<NatsCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'offsetlog-nats-'));
    const ports = await freePorts(size * 2);
    const servers: Server[] = [];
    for (let index = 0; index < size; index++) {
      const name = `s${index + 1}`;
      const port = ports[index * 2] as number;
      const clusterPort = ports[index * 2 + 1] as number;
      const routes = ports.filter((_, at) => at % 2 === 1 && at !== index * 2 + 1).map((route) => `nats-route://127.0.0.1:${route}`);
      const config = join(dir, `${name}.conf`);
      const cluster = size === 1 ? '' : `cluster { name: offsetlog, listen: 127.0.0.1:${clusterPort}, routes: [${routes.join(', ')}] }\n`;
      writeFileSync(config, `server_name: ${name}\nlisten: 127.0.0.1:${port}\njetstream { store_dir: "${join(dir, name)}" }\n${cluster}`);
      servers.push({ name, port, clusterPort, config, process: undefined, exited: undefined });
    }
    const cluster = new NatsCluster(dir, servers);
    for (let index = 0; index < size; index++) cluster.launch(index);
    await cluster.ready();
    return cluster;
  }

  /** nats://127.0.0.1:port of every server. */
  get urls(): string[] {
    return this.servers.map(({ port }) => `nats://127.0.0.1:${port}`);
  }

  /** kill -9 of one server. */
  async kill(index: number): Promise<void> {
    const server = this.servers[index] as Server;
    server.process?.kill('SIGKILL');
    await server.exited;
    server.process = undefined;
  }

  /** Starts a killed server again on its ports and store, and waits until JetStream answers. */
  async restart(index: number): Promise<void> {
    this.launch(index);
    await this.ready();
  }

  async killAll(): Promise<void> {
    for (let index = 0; index < this.servers.length; index++) await this.kill(index);
  }

  async restartAll(): Promise<void> {
    for (let index = 0; index < this.servers.length; index++) this.launch(index);
    await this.ready();
  }

  async close(): Promise<void> {
    await this.killAll();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private launch(index: number): void {
    const server = this.servers[index] as Server;
    if (server.process !== undefined) throw new Error(`nats server ${server.name} is running already`);
    const child = spawn(NATS_SERVER, ['-c', server.config], { stdio: 'ignore' });
    server.process = child;
    server.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    child.on('error', (error) => process.stderr.write(`nats-server ${server.name} could not start: ${error.message}\n`));
  }

  /** Waits until JetStream answers an account-info request through every running server. */
  private async ready(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const server of this.servers) {
      if (server.process === undefined) continue;
      let lastError = '';
      for (;;) {
        if (Date.now() > deadline) throw new Error(`nats server ${server.name} on port ${server.port}: JetStream ready expected within ${READY_TIMEOUT_MS} ms, got ${lastError}`);
        try {
          const nc = await connect({ servers: `nats://127.0.0.1:${server.port}`, reconnect: false, timeout: 1000 });
          try {
            await (await jetstreamManager(nc, { timeout: 1000 })).getAccountInfo();
            break;
          } finally {
            await nc.close();
          }
        } catch (error) {
          lastError = (error as Error).message;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
  }
}

/** Ports free on loopback now: each listened on once by the system's choice, then let go. */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  const holders = [];
  for (let index = 0; index < count; index++) {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    ports.push((holder.address() as { port: number }).port);
    holders.push(holder);
  }
  await Promise.all(holders.map((holder) => new Promise((resolve) => holder.close(resolve))));
  return ports;
}
