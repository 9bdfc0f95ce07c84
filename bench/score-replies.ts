/**
 * `npm run score:replies`: trims every mail of tests/fixtures/replies and prints how many come out exact, how
 * many keep more than the person wrote (a quote line left in: harmless), and how many lose the person's words.
 */
import { scoreReplies } from '../tests/fixtures/replies/score';

const { exact, keptMore, lost, total, results } = scoreReplies();
for (const result of results.filter((r) => r.verdict !== 'exact')) {
  console.log(
    `\n[${result.verdict}] ${result.name}\n  expected: ${JSON.stringify(result.expected)}\n  got:      ${JSON.stringify(result.got)}`,
  );
}
console.log(
  `\n${total} mails: ${exact} exact (${((exact / total) * 100).toFixed(1)} %), ${keptMore} kept more, ${lost} lost customer text`,
);
process.exitCode = lost > 0 ? 1 : 0;
