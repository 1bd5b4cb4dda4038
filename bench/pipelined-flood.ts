// The pipelining probe at full size: a demo node (`node src/cli.ts demo
// --port 0`, a child process of its own, fresh for each path) gets SOCKETS
// connections, each sending PER_SOCKET pipelined `GET <path>` in one write
// (the client reads and discards the answers); `/healthz` is asked right
// after on a connection of its own. Printed per path: the time until
// `/healthz` answered, and the child's peak RSS growth (VmHWM after the
// flood minus VmRSS before it, from /proc). Run it with Node 24:
//   node_modules/.bin/node bench/pipelined-flood.ts [sockets] [perSocket] [path]
// The target (test/regression/pipelined-metrics-flood.test.ts checks a
// smaller version): /metrics costs at most 2x /parsec/metrics, RSS growth
// under 200 MB.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipelineFlood } from '../test/helpers/pipeline-flood.ts';

const SOCKETS = Number(process.argv[2] ?? 100);
const PER_SOCKET = Number(process.argv[3] ?? 1_400);
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`)) as string;
  return Number(/(\d+)/.exec(line)?.[1]) / 1024;
}

async function probe(path: string): Promise<void> {
  const child = spawn(process.execPath, [cli, 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /health\s+http:\/\/127\.0\.0\.1:(\d+)\/healthz/.exec(out);
      if (m !== null) resolve(Number(m[1]));
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // let it sample a while
  const pid = child.pid as number;
  const before = procMb(pid, 'VmRSS');
  const { healthzMs, bytesBack } = await pipelineFlood(port, path, SOCKETS, PER_SOCKET, 600_000);
  const peak = procMb(pid, 'VmHWM');
  const after = procMb(pid, 'VmRSS');
  process.stdout.write(
    `${path.padEnd(16)} ${SOCKETS} x ${PER_SOCKET}: /healthz after ${(healthzMs / 1000).toFixed(2)} s; ` +
      `RSS ${before.toFixed(0)} MB before, peak +${(peak - before).toFixed(0)} MB, +${(after - before).toFixed(0)} MB after; ` +
      `${(bytesBack / 1e6).toFixed(1)} MB answered by then\n`,
  );
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

for (const path of process.argv[4] === undefined ? ['/parsec/metrics', '/metrics'] : [process.argv[4]]) await probe(path);
