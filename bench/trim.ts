/**
 * `npm run bench:trim`: reply-trimming throughput over the fixture set, and the time on 1 MB hostile inputs built
 * to make a backtracking regex or a quadratic scan blow up. Figures only; nothing here passes or fails on time.
 */
import { performance } from 'node:perf_hooks';
import { stripQuotedReply } from '../src/server/mail/inbound/strip-quotes';
import { REPLY_CASES } from '../tests/fixtures/replies/cases';

const MB = 1024 * 1024;

function throughput(label: string, cases: readonly { text: string; html?: string }[], rounds: number): void {
  for (let i = 0; i < 1_000; i += 1) {
    const item = cases[i % cases.length];
    if (item) stripQuotedReply(item.text, item.html);
  }
  const start = performance.now();
  for (let r = 0; r < rounds; r += 1) for (const item of cases) stripQuotedReply(item.text, item.html);
  const ms = performance.now() - start;
  const mails = rounds * cases.length;
  console.log(
    `${label}: ${mails} mails in ${ms.toFixed(0)} ms = ${Math.round(mails / (ms / 1000)).toLocaleString('en')} mails/s (${((ms * 1000) / mails).toFixed(1)} µs/mail)`,
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
  'lines of dashes': (bytes) => repeatTo(`${'-'.repeat(399)}\n`, bytes),
  'lines of separator punctuation': (bytes) => repeatTo(`${'-*_= <>'.repeat(57)}\n`, bytes),
};

function hostile(): void {
  for (const [name, make] of Object.entries(HOSTILE)) {
    const times = [MB / 4, MB].map((bytes) => {
      const text = make(bytes);
      let best = Infinity;
      for (let run = 0; run < 3; run += 1) {
        const start = performance.now();
        if (name.startsWith('HTML')) stripQuotedReply('x', text);
        else stripQuotedReply(text);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    });
    const [quarter = 0, full = 0] = times;
    console.log(
      `hostile ${name}: 256 kB ${quarter.toFixed(1)} ms, 1 MB ${full.toFixed(1)} ms (×${(full / Math.max(quarter, 0.01)).toFixed(1)} for ×4 input)`,
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
