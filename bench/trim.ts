/**
 * `npm run bench:trim`: reply-trimming throughput over the fixture set, and the time on 1 MB hostile inputs built
 * to make a backtracking regex or a quadratic scan blow up. Figures only; nothing here passes or fails on time.
 */
import { performance } from 'node:perf_hooks';
import { stripQuotedReply } from '../src/server/mail/inbound/strip-quotes';
import { REPLY_CASES } from '../tests/fixtures/replies/cases';

const MB = 1024 * 1024;

/** Best of five batches, by wall and by CPU time (on a shared machine the wall clock also counts others' turns). */
function throughput(label: string, cases: readonly { text: string; html?: string }[], rounds: number): void {
  for (let i = 0; i < 1_000; i += 1) {
    const item = cases[i % cases.length];
    if (item) stripQuotedReply(item.text, item.html);
  }
  const mails = rounds * cases.length;
  let bestWall = Infinity;
  let bestCpu = Infinity;
  for (let batch = 0; batch < 5; batch += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    for (let r = 0; r < rounds; r += 1) for (const item of cases) stripQuotedReply(item.text, item.html);
    const cpu = process.cpuUsage(cpuStart);
    bestWall = Math.min(bestWall, performance.now() - start);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  const rate = (ms: number) => Math.round(mails / (ms / 1000)).toLocaleString('en');
  console.log(
    `${label}: ${rate(bestWall)} mails/s wall, ${rate(bestCpu)} mails per CPU second (${((bestCpu * 1000) / mails).toFixed(1)} µs/mail; ${mails} mails a batch, best of 5)`,
  );
}

function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

const HOSTILE: Record<string, (bytes: number) => string> = {
  '`>` lines': (bytes) => `Reply\n\n${repeatTo('> quoted line\n', bytes)}`,
  'own text and `>` alternating': (bytes) => repeatTo('text\n> q\n', bytes),
  'header-like lines': (bytes) => repeatTo('From: a <a@b.c>\nTo: x\n', bytes),
  'attribution-like lines': (bytes) => repeatTo('On 1 2 3 <a@b> wrote\nW dniu 1 x\n', bytes),
  'one long line of spaces': (bytes) => `On ${' '.repeat(bytes - 10)} wrote:`,
  'long lines, many spaces and colons': (bytes) => repeatTo(`On 1${' '.repeat(390)}<a@b> x:\n`, bytes),
  'dashes and separators': (bytes) => repeatTo('---- -- ---- Original ----\n', bytes),
  '`<` and `@` soup': (bytes) => repeatTo('<a@b<a@b<@<@>', bytes) + ':',
  'glued openers': (bytes) => repeatTo('x!On 1 On 2 On 3 On ', bytes) + 'wrote:\n> q',
  'lines of glued openers': (bytes) => repeatTo(`${'x!On 1 <a@b> '.repeat(28)}wrote:\n> q\n`, bytes),
  'HTML: unclosed <div soup': (bytes) => `<p>x</p>${repeatTo('<div<div class="gmail_quo', bytes)}`,
  'HTML: nested gmail_quote containers': (bytes) => `<p>x</p>${repeatTo('<div class="gmail_quote"><blockquote type=cite>', bytes)}`,
  'HTML: long attribute without quotes': (bytes) => `<p>x</p><div class=${'a'.repeat(bytes)}>`,
  'HTML: unclosed comments and scripts': (bytes) => `<p>x</p>${repeatTo('<!-- <script> <style', bytes)}<div class="gmail_quote">q</div>`,
  'HTML: `<` soup before a container': (bytes) => `${repeatTo('a < b <<a <a <', bytes)}<div class="gmail_quote">q</div>`,
  'HTML: words before a container': (bytes) => `${repeatTo('<p>voucher <b>kod</b> &amp; kasa</p>', bytes)}<div class="gmail_quote">q</div>`,
  'lines of dashes': (bytes) => repeatTo(`${'-'.repeat(399)}\n`, bytes),
  'lines of separator punctuation': (bytes) => repeatTo(`${'-*_= <>'.repeat(57)}\n`, bytes),
};

/** CPU milliseconds, best of three. */
function cpuTime(run: () => void): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

function hostile(): void {
  for (const [name, make] of Object.entries(HOSTILE)) {
    // The HTML pass reads HTML up to 1 MB (the text rules alone take larger mails); the text part given beside it
    // is the HTML itself, so the word matching runs as far as it can.
    const html = name.startsWith('HTML');
    const sizes = html ? [MB / 4 - 1024, MB - 1024] : [MB / 4, MB];
    const [small = 0, large = 0] = sizes.map((bytes) => {
      const text = make(bytes);
      return cpuTime(() => (html ? stripQuotedReply(text, text) : stripQuotedReply(text)));
    });
    const label = '256 kB / 1 MB';
    console.log(
      `hostile ${name}: ${label} ${small.toFixed(1)} / ${large.toFixed(1)} CPU ms (×${(large / Math.max(small, 0.01)).toFixed(1)} for ×4 input)`,
    );
  }
}

throughput(
  'text fixtures',
  REPLY_CASES.filter((item) => item.html === undefined),
  500,
);
throughput(
  'HTML fixtures (with the HTML part)',
  REPLY_CASES.filter((item) => item.html !== undefined),
  100,
);
hostile();
