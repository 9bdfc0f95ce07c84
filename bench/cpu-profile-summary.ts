/**
 * `npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top=40] [--match=regex]`: a V8 CPU profile (as
 * bench/cpu-preload.mjs writes for `next start`) summarised: busy time by owner (package, Next's server runtime,
 * Next's bundled chunks, node internals), self and inclusive time by function, and, with --match, the inclusive
 * time of the functions whose name or file matches. Frames in Next's build output (.next/server/chunks, minified)
 * are mapped to their source (Next's own modules, zod, src/…) through the chunks' source maps. Native frames
 * without a file (socket writes, crypto) count for the nearest caller with one. Figures only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top=40] [--match=regex]');
  process.exit(2);
}
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 40);
const match = args.find((a) => a.startsWith('--match='))?.slice(8);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as never) : null);
  }
  return maps.get(url) ?? null;
}
/** Frames of Next's minified chunks rewritten to their original file and line (the function's start). */
for (const node of profile.nodes) {
  const f = node.callFrame;
  if (!f.url.includes('/.next/server/')) continue;
  const map = f.url.startsWith('file:') ? sourceMapOf(f.url) : null;
  const entry = map?.findEntry(f.lineNumber, f.columnNumber);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    const source = entry.originalSource.replace(/^(\.\.\/)+/, '').replace(/^turbopack:\/\/\/\[project\]\//, '');
    node.callFrame = {
      ...f,
      url: `chunk:${source}`,
      lineNumber: entry.originalLine,
      functionName: (entry as { name?: string }).name ?? f.functionName,
    };
  }
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per node from the samples (each sample's delta is the time since the previous one).
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function owner(url: string): string {
  if (!url) return '';
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('chunk:')) {
    const source = url.slice('chunk:'.length);
    if (source.startsWith('src/')) return source;
    return `${owner(source.replace(/^/, 'node_modules/').replace(/^node_modules\/node_modules\//, 'node_modules/'))} (bundled)`;
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (nm) {
    const [, pkg = '', rest = ''] = nm;
    if (pkg === 'next') {
      if (rest.includes('compiled/')) return `next (compiled: ${/compiled\/([^/]+)/.exec(rest)?.[1] ?? '?'})`;
      return 'next (server runtime)';
    }
    return pkg;
  }
  if (url.includes('/.next/server/chunks/') || url.includes('/.next/server/app/')) return '.next chunks (bundled: app + Next + libs)';
  return url.replace(/^file:\/\//, '');
}

function special(name: string): string | null {
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return 'program (V8/native, no JS caller)';
  if (name === '(root)') return 'root';
  return null;
}

/** The node whose file owns `id`'s time: itself, or its nearest ancestor with a file. */
function attributed(id: number): ProfileNode | undefined {
  let current: number | undefined = id;
  while (current !== undefined) {
    const node = byId.get(current);
    if (node?.callFrame.url) return node;
    current = parent.get(current);
  }
  return undefined;
}

const ms = (us: number) => (us / 1000).toFixed(0);
const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1)} %`;

const idleUs = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
const busyUs = totalUs - idleUs;
console.log(`profile: ${ms(totalUs)} ms sampled, ${ms(busyUs)} ms busy (${pct(busyUs, totalUs)}), ${profile.samples.length} samples\n`);

const byOwner = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const sp = special(node.callFrame.functionName);
  if (sp === 'idle') continue;
  const own = sp ?? owner(attributed(id)?.callFrame.url ?? '') ?? '?';
  byOwner.set(own || 'native, no caller', (byOwner.get(own || 'native, no caller') ?? 0) + us);
  const f = node.callFrame;
  const key = sp ?? `${f.functionName || '(anonymous)'} ${owner(f.url) || '[native]'}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
/** Node's own code (streams, sockets, http) and native frames counted for whoever called into them. */
const byCaller = new Map<string, number>();
const byCallerFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const sp = special(node.callFrame.functionName);
  if (sp === 'idle') continue;
  let current: number | undefined = id;
  let own = sp ?? '';
  let fileOwn = own;
  while (!own && current !== undefined) {
    const url = byId.get(current)?.callFrame.url ?? '';
    if (url && !url.startsWith('node:')) {
      own = owner(url);
      fileOwn = url.replace(/^chunk:/, '').replace(/^file:\/\/.*?node_modules\//, '');
    }
    current = parent.get(current);
  }
  own ||= 'node internals (no caller outside node)';
  fileOwn ||= own;
  byCaller.set(own, (byCaller.get(own) ?? 0) + us);
  byCallerFile.set(fileOwn, (byCallerFile.get(fileOwn) ?? 0) + us);
}
const group = (k: string) => (k.startsWith('src/') ? 'src/ (bundled)' : k);
const grouped = new Map<string, number>();
for (const [k, v] of byCaller) grouped.set(group(k), (grouped.get(group(k)) ?? 0) + v);
console.log("busy time by the nearest caller outside node's own code (node internals and native frames count for it):");
for (const [k, v] of sorted(grouped)) console.log(`  ${pct(v, busyUs).padStart(7)}  ${ms(v).padStart(6)} ms  ${k}`);
console.log(`\nthe same by file (top ${top}):`);
for (const [k, v] of sorted(byCallerFile).slice(0, top)) console.log(`  ${pct(v, busyUs).padStart(7)}  ${ms(v).padStart(6)} ms  ${k}`);
console.log('');
console.log("busy time by owner (self, native frames counted for their caller's file):");
for (const [k, v] of sorted(byOwner)) console.log(`  ${pct(v, busyUs).padStart(7)}  ${ms(v).padStart(6)} ms  ${k}`);

console.log(`\ntop ${top} functions by self time:`);
for (const [k, v] of sorted(byFunction).slice(0, top)) console.log(`  ${pct(v, busyUs).padStart(7)}  ${k}`);

// Inclusive time per function (a function's time counted once per sample even when it recurses).
const inclusive = new Map<string, number>();
const label = (n: ProfileNode) => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'} ${owner(f.url) || '[native]'}${f.url ? `:${f.lineNumber + 1}` : ''}`;
};
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  let current: number | undefined = id;
  while (current !== undefined) {
    const node = byId.get(current);
    if (!node) break;
    if (!special(node.callFrame.functionName)) {
      const key = label(node);
      if (!seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
    current = parent.get(current);
  }
}
const re = match ? new RegExp(match) : null;
console.log(`\n${re ? `functions matching /${match}/` : `top ${top} functions`} by inclusive time:`);
for (const [k, v] of sorted(inclusive)
  .filter(([k]) => !re || re.test(k))
  .slice(0, top))
  console.log(`  ${pct(v, busyUs).padStart(7)}  ${k}`);
