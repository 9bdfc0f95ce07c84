import { describe, expect, it } from 'vitest';
import { sniffFile } from '@/server/attachments/sniff';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

// Real minimal headers: each is what the format's own writer puts first, enough for file-type to recognise it.
const files = {
  png: hex(
    '89504e470d0a1a0a 0000000d49484452 00000001 00000001 0806000000 1f15c489' +
      '0000000d49444154 78da63f8ffff3f0005fe02fe a7d6a4b0 0000000049454e44 ae426082',
  ),
  jpeg: hex('ffd8ffe0 0010 4a46494600 0101 00 0001 0001 0000 ffd9'),
  gif: concat(utf8('GIF89a'), hex('0100 0100 00 00 00 2c 0000 0000 0100 0100 00 02 02 4401 00 3b')),
  webp: concat(utf8('RIFF'), hex('1a000000'), utf8('WEBPVP8L'), hex('0d000000 2f000000 0007d00f 0000')),
  pdf: utf8('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  mp4: hex('00000018 66747970 69736f6d 00000200 69736f6d 6d703431'),
  m4v: hex('00000018 66747970 4d345620 00000000 4d345620 69736f6d'),
  mov: hex('00000014 66747970 71742020 00000000 71742020'),
  webm: hex('1a45dfa3 9f 4286 81 01 42f7 81 01 42f2 81 04 42f3 81 08 4282 84 7765626d 4287 81 04 4285 81 02'),
  mkv: hex('1a45dfa3 a3 4286 81 01 42f7 81 01 42f2 81 04 42f3 81 08 4282 88 6d6174726f736b61 4287 81 04 4285 81 02'),
  // DOS header of a Windows executable: "MZ", then the rest of the 64-byte header (mostly zeros).
  exe: concat(utf8('MZ'), hex('9000 0300 0000 0400 0000 ffff 0000 b800'), new Uint8Array(46)),
};

describe('sniffFile: binary types are decided by content', () => {
  it.each([
    ['screenshot.png', files.png, 'image/png', 'IMAGE', 'png'],
    ['photo.jpg', files.jpeg, 'image/jpeg', 'IMAGE', 'jpg'],
    ['anim.gif', files.gif, 'image/gif', 'IMAGE', 'gif'],
    ['shot.webp', files.webp, 'image/webp', 'IMAGE', 'webp'],
    ['invoice.pdf', files.pdf, 'application/pdf', 'PDF', 'pdf'],
    ['recording.mp4', files.mp4, 'video/mp4', 'VIDEO', 'mp4'],
    ['recording.webm', files.webm, 'video/webm', 'VIDEO', 'webm'],
  ] as const)('accepts %s as %s', async (name, bytes, contentType, kind, extension) => {
    expect(await sniffFile(bytes, name)).toEqual({ contentType, kind, extension });
  });

  it('stores an M4V recording as video/mp4, keeping its own extension', async () => {
    expect(await sniffFile(files.m4v, 'clip.m4v')).toEqual({ contentType: 'video/mp4', kind: 'VIDEO', extension: 'm4v' });
  });

  it('keeps .jpeg for a JPEG named so', async () => {
    expect((await sniffFile(files.jpeg, 'photo.JPEG'))?.extension).toBe('jpeg');
  });

  it('rejects a .exe renamed to .png', async () => {
    expect(await sniffFile(files.exe, 'screenshot.png')).toBeNull();
  });

  it('stores a PNG named .txt as a PNG and asks for the .png extension', async () => {
    expect(await sniffFile(files.png, 'notes.txt')).toEqual({ contentType: 'image/png', kind: 'IMAGE', extension: 'png' });
  });

  it('gives a misnamed MP4 the .mp4 extension', async () => {
    expect((await sniffFile(files.mp4, 'video.avi'))?.extension).toBe('mp4');
  });

  it('refuses QuickTime and Matroska, which file-type knows but we do not play back', async () => {
    expect(await sniffFile(files.mov, 'clip.mp4')).toBeNull();
    expect(await sniffFile(files.mkv, 'clip.webm')).toBeNull();
  });

  it('refuses a PNG hidden behind a UTF-8 byte order mark', async () => {
    expect(await sniffFile(concat(hex('efbbbf'), files.png), 'x.png')).toBeNull();
  });
});

describe('sniffFile: text', () => {
  it('accepts a UTF-8 log with Polish diacritics and emoji as text/plain', async () => {
    const log = utf8('2026-11-26 12:00:01 ERROR Zażółć gęślą jaźń: płatność odrzucona 🙁\r\n\tat checkout\f\n');
    expect(await sniffFile(log, 'app.log')).toEqual({ contentType: 'text/plain; charset=utf-8', kind: 'TEXT', extension: 'log' });
  });

  it('accepts .txt and gives text under any other name the .txt extension', async () => {
    expect(await sniffFile(utf8('hello'), 'notes.txt')).toEqual({
      contentType: 'text/plain; charset=utf-8',
      kind: 'TEXT',
      extension: 'txt',
    });
    expect(await sniffFile(utf8('key: value\n'), 'config.yaml')).toEqual({
      contentType: 'text/plain; charset=utf-8',
      kind: 'TEXT',
      extension: 'txt',
    });
    expect(await sniffFile(utf8('hello'), 'README')).toEqual({ contentType: 'text/plain; charset=utf-8', kind: 'TEXT', extension: 'txt' });
  });

  it('stores CSV as text/csv', async () => {
    expect(await sniffFile(utf8('id;kwota\n1;12,50 zł\n'), 'export.csv')).toEqual({
      contentType: 'text/csv; charset=utf-8',
      kind: 'TEXT',
      extension: 'csv',
    });
  });

  it('stores JSON that parses as application/json', async () => {
    expect(await sniffFile(utf8('\uFEFF{"voucher":"ABC-123","ok":false}'), 'response.json')).toEqual({
      contentType: 'application/json',
      kind: 'TEXT',
      extension: 'json',
    });
  });

  it('stores a HAR as application/json, keeping .har', async () => {
    const har = JSON.stringify({
      log: {
        version: '1.2',
        creator: { name: 'Firefox', version: '133' },
        entries: [{ response: { content: { text: '<!doctype html><p>x</p>' } } }],
      },
    });
    expect(await sniffFile(utf8(har), 'session.har')).toEqual({ contentType: 'application/json', kind: 'TEXT', extension: 'har' });
  });

  it('refuses JSON that does not parse, named .json or .har', async () => {
    expect(await sniffFile(utf8('{"voucher": "ABC-123",'), 'broken.json')).toBeNull();
    expect(await sniffFile(utf8('not json at all'), 'session.har')).toBeNull();
  });

  it('refuses invalid UTF-8', async () => {
    expect(await sniffFile(concat(utf8('b'), hex('b3'), utf8('d')), 'latin2.txt')).toBeNull();
    expect(await sniffFile(hex('c3 28'), 'x.log')).toBeNull();
  });

  it('refuses UTF-16 text, whose NUL bytes mark it as binary to us', async () => {
    expect(await sniffFile(hex('fffe 6800 6900'), 'utf16.txt')).toBeNull();
  });

  it('refuses NUL and control characters other than tab, newlines and form feed', async () => {
    expect(await sniffFile(utf8('a\u0000b'), 'x.txt')).toBeNull();
    expect(await sniffFile(utf8('a\u001b[31mred'), 'x.log')).toBeNull();
    expect(await sniffFile(utf8('a\u000bb'), 'x.txt')).toBeNull();
    expect(await sniffFile(utf8('a\u0085b'), 'x.txt')).toBeNull();
  });

  it('accepts text that starts with a signature of a type we refuse ("BMW", "ID3", "GIFT")', async () => {
    for (const line of ['BMW dealer sync failed\n', 'ID3 tag parser error\n', 'GIFT card VCH-1 rejected\n']) {
      expect(await sniffFile(utf8(line), 'app.log')).toEqual({ contentType: 'text/plain; charset=utf-8', kind: 'TEXT', extension: 'log' });
    }
  });

  it('accepts syslog lines, whose "<134>" priority is not markup', async () => {
    expect((await sniffFile(utf8('<134>Nov 26 12:00:01 web1 app: started\n'), 'syslog.log'))?.kind).toBe('TEXT');
  });
});

describe('sniffFile: never anything a browser renders as a page', () => {
  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image.svg'],
    ['SVG named .png', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'image.png'],
    ['HTML named .txt', '<!doctype html><html><body><script>alert(1)</script></body></html>', 'notes.txt'],
    ['HTML after a BOM and blank lines', '\uFEFF\n\n   <html><script>alert(1)</script></html>', 'notes.txt'],
    ['a bare script tag named .log', '<script>fetch("/api")</script>', 'app.log'],
    ['XML', '<?xml version="1.0"?><root/>', 'data.txt'],
    ['an HTML comment', '<!-- x --><p>hi</p>', 'notes.txt'],
    ['upper-case HTML named .csv', '<HTML><BODY>x</BODY></HTML>', 'export.csv'],
  ])('refuses %s', async (_label, content, name) => {
    expect(await sniffFile(utf8(content), name)).toBeNull();
  });
});
