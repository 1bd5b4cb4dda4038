// Checks otel-collector.yaml the way the Collector would at startup (every
// pipeline names defined components) plus this project's own rules, and that
// the README documents the ports it uses.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse, parseDocument } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const configText = readFileSync(`${root}otel-collector.yaml`, 'utf8');

type Section = Record<string, unknown>;
interface Pipeline { receivers?: string[]; processors?: string[]; exporters?: string[] }
interface CollectorConfig {
  receivers: Section;
  processors: Section;
  exporters: Section;
  connectors?: Section;
  extensions?: Section;
  service: { extensions?: string[]; pipelines: Record<string, Pipeline>; telemetry?: unknown };
}

const config = parse(configText) as CollectorConfig;

/** `type` or `type/name`, as the Collector's component.ID parser accepts. */
const COMPONENT_ID = /^[a-zA-Z][0-9a-zA-Z_]{0,62}(\/[^\s/][^\s]*)?$/;
const typeOf = (id: string): string => id.split('/')[0]!;

/** `host:port` or a URL with a port, anywhere in the active config. */
function ports(value: unknown, out = new Set<number>()): Set<number> {
  if (typeof value === 'string') {
    const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^\s:/]*:(\d{1,5})(?:\/.*)?$/i.exec(value);
    if (m) out.add(Number(m[1]));
  } else if (Array.isArray(value)) {
    for (const v of value) ports(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) ports(v, out);
  }
  return out;
}

/** The YAML of a commented-out example: the lines from `<indent># <key>:` on, while they stay commented at that indent. */
function commentedBlock(key: string, indent: string): unknown {
  const lines = configText.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${indent}# ${key}:`));
  if (start < 0) throw new Error(`no commented example starting with "${indent}# ${key}:"`);
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith(`${indent}#`)) break;
    block.push(line.slice(indent.length + 2));
  }
  return parse(block.join('\n'));
}

t.test('otel-collector.yaml is one clean YAML document', async (t) => {
  const doc = parseDocument(configText);
  t.same(doc.errors, [], 'no YAML errors (duplicate keys included)');
  t.same(doc.warnings, []);
  const allowed = ['receivers', 'processors', 'exporters', 'connectors', 'extensions', 'service'];
  t.same(Object.keys(config).filter((k) => !allowed.includes(k)), [], 'only Collector top-level sections');
});

t.test('every pipeline names only defined components', async (t) => {
  const pipelines = Object.entries(config.service.pipelines);
  t.ok(pipelines.length > 0, 'at least one pipeline');
  const connectors = Object.keys(config.connectors ?? {});
  for (const section of ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const) {
    for (const id of Object.keys(config[section] ?? {})) t.match(id, COMPONENT_ID, `${section}: "${id}" is a valid component id`);
  }
  const used = new Set<string>();
  for (const [name, pipeline] of pipelines) {
    t.match(name, /^(traces|metrics|logs|profiles)(\/[^\s/]+)?$/, `pipeline id "${name}"`);
    t.ok(pipeline.receivers?.length, `${name}: has receivers`);
    t.ok(pipeline.exporters?.length, `${name}: has exporters`);
    const defined = {
      receivers: [...Object.keys(config.receivers), ...connectors],
      processors: Object.keys(config.processors),
      exporters: [...Object.keys(config.exporters), ...connectors],
    };
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      const ids = pipeline[kind] ?? [];
      t.equal(new Set(ids).size, ids.length, `${name}: no ${kind} listed twice`);
      for (const id of ids) {
        t.ok(defined[kind].includes(id), `${name}: ${kind} "${id}" is defined`);
        used.add(`${kind}:${id}`);
      }
    }
    const processors = pipeline.processors ?? [];
    if (processors.some((id) => typeOf(id) === 'memory_limiter')) {
      t.equal(typeOf(processors[0]!), 'memory_limiter', `${name}: memory_limiter comes first among processors`);
    }
  }
  for (const kind of ['receivers', 'processors', 'exporters'] as const) {
    for (const id of Object.keys(config[kind])) t.ok(used.has(`${kind}:${id}`), `${kind} "${id}" is used by a pipeline`);
  }
});

t.test('the metrics pipeline: otlp -> memory_limiter, batch -> prometheus, debug', async (t) => {
  t.same(config.service.pipelines.metrics, {
    receivers: ['otlp'],
    processors: ['memory_limiter', 'batch'],
    exporters: ['prometheus', 'debug'],
  });
  const otlp = config.receivers.otlp as { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } };
  t.equal(otlp.protocols.grpc.endpoint, 'localhost:4317', 'OTLP/gRPC on 4317');
  t.equal(otlp.protocols.http.endpoint, 'localhost:4318', 'OTLP/HTTP on 4318');

  const limiter = config.processors.memory_limiter as { check_interval: string; limit_mib: number; spike_limit_mib: number };
  t.match(limiter.check_interval, /^\d+(ms|s)$/, 'check_interval is a duration');
  t.ok(Number.isInteger(limiter.limit_mib) && limiter.limit_mib > 0, 'limit_mib');
  t.ok(Number.isInteger(limiter.spike_limit_mib) && limiter.spike_limit_mib > 0 && limiter.spike_limit_mib < limiter.limit_mib,
    'spike_limit_mib below limit_mib (the soft limit is their difference)');

  t.same(config.exporters.prometheus, { endpoint: 'localhost:8889', namespace: '', resource_to_telemetry_conversion: { enabled: true } });
  t.same(config.exporters.debug, { verbosity: 'basic' });
  t.same([...ports(config)].sort(), [4317, 4318, 8889], 'the ports the collector listens on');
});

t.test('the commented examples are valid config once uncommented', async (t) => {
  const scrape = commentedBlock('receivers', '') as {
    receivers: { prometheus: { config: { scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[] } } };
  };
  const job = scrape.receivers.prometheus.config.scrape_configs[0]!;
  t.equal(job.metrics_path, '/metrics');
  t.same(job.static_configs[0]?.targets, ['127.0.0.1:9464'], 'scrapes the app on 127.0.0.1:9464');

  const otlphttp = commentedBlock('otlphttp/backend', '  ') as Record<string, { endpoint: string; headers: Record<string, string> }>;
  t.match(otlphttp['otlphttp/backend'], { endpoint: /^https?:\/\//, headers: { authorization: /\$\{env:[A-Z_]+\}/ } });
  const remoteWrite = commentedBlock('prometheusremotewrite', '  ') as Record<string, { endpoint: string }>;
  t.match(remoteWrite.prometheusremotewrite, { endpoint: /^https?:\/\/.+\/api\/v1\/(push|write)$/ });
  t.throws(() => commentedBlock('nothing', ''), /no commented example/);
});

t.test('the export page documents the collector', async (t) => {
  const page = readFileSync(`${root}docs/export.md`, 'utf8');
  t.match(page, /^#{1,6}\s+OpenTelemetry Collector\b/m, 'it has an "OpenTelemetry Collector" section');
  t.match(page, 'otelcol --config otel-collector.yaml', 'how to run it');
  for (const port of ports(config)) t.match(page, new RegExp(`\\b${port}\\b`), `docs/export.md mentions port ${port}`);
});
