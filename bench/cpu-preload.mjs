/**
 * An `--import` preload for measuring `next start` under `npm run bench -- --only=http` (docs/performance.md):
 *
 *   VOUCHIE_CPU_OUT=/tmp/x NODE_OPTIONS="--import ./bench/cpu-preload.mjs" npm run bench -- --only=http
 *
 * Active only in the `next start` process and the ceiling server (<VOUCHIE_CPU_OUT>.ceiling.json; every other
 * process that inherits NODE_OPTIONS ignores it). Writes
 * <VOUCHIE_CPU_OUT>.json when the process exits: process.cpuUsage() and the POST requests finished between the
 * VOUCHIE_CPU_FROM-th POST's arrival (default 60) and the VOUCHIE_CPU_UNTIL-th POST's end (default 620, of the
 * bench's 640), so start-up, warm-up and the tail are left out; and the socket writes (syscalls) per request, to
 * HTTP clients and to Postgres; and the CPU of the Postgres backends serving the bench's database over the same window, per request.
 * VOUCHIE_CPU_PROFILE=1 also records a V8 CPU profile (the inspector's Profiler, 500 µs) of the same window into
 * <VOUCHIE_CPU_OUT>.cpuprofile (`NODE_OPTIONS=--cpu-prof` is refused by Node); CPU figures taken with the profiler
 * on are not comparable with those taken without it.
 */
import fs from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import net from 'node:net';

const out = process.env.VOUCHIE_CPU_OUT;
const isNextStart = process.argv.some((a) => /next(\.js)?$|next[\\/]dist[\\/]bin/.test(a)) && process.argv.includes('start');
const isCeiling = process.argv.some((a) => a.endsWith('ceiling-server.ts'));

/** The bench's own database (a throwaway one per run): its backends' titles name it. */
const database = (() => {
  try {
    return new URL(process.env.DATABASE_URL ?? '').pathname.slice(1) || null;
  } catch {
    return null;
  }
})();

/**
 * CPU ticks (1/100 s) so far of each Postgres backend serving the bench's database (their process title is
 * "postgres: [cluster:] <user> <database> <client> …"), by pid, from /proc: the database's share of the same window.
 * Other users of the cluster (other databases) are left out; the ceiling's idle connections count for ~0 during the
 * app's phase.
 */
function postgresTicks() {
  const ticks = new Map();
  if (!database) return ticks;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks;
}

/**
 * Ticks spent between two readings: a backend that began meanwhile counts whole, one that ended meanwhile is left
 * out (a pool closing an idle connection used to make the difference of the sums negative).
 */
function ticksBetween(before, after) {
  let ticks = 0;
  for (const [pid, now] of after) ticks += now - (before.get(pid) ?? 0);
  return ticks;
}

if (out && (isNextStart || isCeiling)) {
  const target = isCeiling ? `${out}.ceiling` : out;
  const from = Number(process.env.VOUCHIE_CPU_FROM || 60);
  const profile = process.env.VOUCHIE_CPU_PROFILE === '1';
  // The window (and the profile) ends once this many POSTs have finished (the bench sends 40 + 600 to the app).
  const until = Number(process.env.VOUCHIE_CPU_UNTIL || 620);
  const stopProfile = () => {
    const current = session;
    session = undefined;
    current.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(`${target}.cpuprofile`, JSON.stringify(result.profile));
      current.disconnect();
    });
  };
  let session;
  let seen = 0;
  let finished = 0;
  let start;
  let last;
  // Socket writes (each one syscall): to HTTP clients (sockets a server accepted) and to others (Postgres).
  const writes = { http: 0, other: 0 };
  const writeGeneric = net.Socket.prototype._writeGeneric;
  net.Socket.prototype._writeGeneric = function countedWrite() {
    if (this.server) writes.http += 1;
    else writes.other += 1;
    return writeGeneric.apply(this, arguments);
  };
  const count = (request, response) => {
    if (request.method !== 'POST') return;
    seen += 1;
    if (seen === from) {
      start = { cpu: process.cpuUsage(), at: process.hrtime.bigint(), finished, writes: { ...writes }, pg: postgresTicks() };
      if (profile) {
        session = new inspector.Session();
        session.connect();
        session.post('Profiler.enable');
        session.post('Profiler.setSamplingInterval', { interval: 500 });
        session.post('Profiler.start');
      }
    }
    response.once('finish', () => {
      finished += 1;
      if (start && finished === until) {
        last = { cpu: process.cpuUsage(), at: process.hrtime.bigint(), finished, writes: { ...writes }, pg: postgresTicks() };
        if (session) stopProfile();
      }
    });
  };
  // Each listening server gets an `emit` of its own that counts, then calls the prototype's as it is at that moment:
  // the app's own request hooks (installed on the prototype later, at instrumentation; the JSON API's fast lane
  // answers some requests there without passing them on) all run after this count.
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function countedListen(...args) {
    if (!Object.hasOwn(this, 'emit')) {
      this.emit = function emit(event, request, response) {
        if (event === 'request') count(request, response);
        return http.Server.prototype.emit.apply(this, arguments);
      };
    }
    return listen.apply(this, args);
  };
  const write = () => {
    if (!start || !last) return;
    const userMs = (last.cpu.user - start.cpu.user) / 1000;
    const systemMs = (last.cpu.system - start.cpu.system) / 1000;
    const requests = last.finished - start.finished;
    const wallMs = Number(last.at - start.at) / 1e6;
    const summary = {
      requests,
      userMs,
      systemMs,
      cpuPerRequestMs: (userMs + systemMs) / requests,
      userPerRequestMs: userMs / requests,
      systemPerRequestMs: systemMs / requests,
      wallMs,
      busyShare: (userMs + systemMs) / wallMs,
      httpWritesPerRequest: (last.writes.http - start.writes.http) / requests,
      pgWritesPerRequest: (last.writes.other - start.writes.other) / requests,
      postgresCpuPerRequestMs: (ticksBetween(start.pg, last.pg) * 10) / requests,
    };
    fs.writeFileSync(`${target}.json`, JSON.stringify(summary, null, 2));
  };
  process.on('exit', write);
}
