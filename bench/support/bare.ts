import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Child } from './child';

export interface BareServer {
  url: string;
  child: Child;
}

/** Starts bare-server.js in its own process, answering `method` (GET by default) `route` with `body`, and waits for its port. */
export async function startBareServer(opts: { dir: string; pkiDir: string; route: string; body: string; method?: 'GET' | 'POST' }): Promise<BareServer> {
  const bodyFile = join(opts.dir, 'bare-body.json');
  writeFileSync(bodyFile, opts.body);
  const env = { ...process.env, BENCH_PKI_DIR: opts.pkiDir, BENCH_BODY_FILE: bodyFile, BENCH_ROUTE: opts.route, BENCH_METHOD: opts.method ?? 'GET' };
  const child = Child.start('bare fastify', join(__dirname, 'bare-server.js'), { env, cwd: opts.dir });
  const port = await new Promise<number>((resolve, reject) => {
    let line = '';
    child.proc.stdout?.on('data', (c: Buffer) => {
      line += c.toString('utf8');
      const nl = line.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(line.slice(0, nl)) as { port: number }).port);
    });
    void child.whenExited().then(() => reject(new Error(`the bare Fastify server exited:\n${child.output()}`)));
  });
  return { url: `https://127.0.0.1:${port}`, child };
}
