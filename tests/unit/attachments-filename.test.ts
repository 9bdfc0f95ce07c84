import { describe, expect, it } from 'vitest';
import { contentDisposition, extensionOf, MAX_FILE_NAME_LENGTH, safeFileName, withExtension } from '@/server/attachments/filename';
import { UPLOAD_EXTENSIONS } from '@/server/attachments/sniff';

describe('safeFileName', () => {
  it('drops directories and path traversal', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\windows\\win.ini')).toBe('win.ini');
    expect(safeFileName('uploads/..')).toBe('plik');
  });

  it('keeps only the file name of a Windows path', () => {
    expect(safeFileName('C:\\x\\y.png')).toBe('y.png');
  });

  it('removes NULs and control characters', () => {
    expect(safeFileName('shot\u0000.png.exe')).toBe('shot.png.exe');
    expect(safeFileName('a\u0000b\r\n\tc.png')).toBe('abc.png');
  });

  it('removes bidi overrides that would disguise the extension', () => {
    expect(safeFileName('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
  });

  it('removes leading dots and collapses ".." inside a name', () => {
    expect(safeFileName('.htaccess')).toBe('htaccess');
    expect(safeFileName('...hidden.txt')).toBe('hidden.txt');
    expect(safeFileName('a..b.png')).toBe('a.b.png');
  });

  it('drops trailing dots and spaces, which Windows would strip to reveal another extension', () => {
    expect(safeFileName('report.exe. . ')).toBe('report.exe');
  });

  it('keeps Polish diacritics and punctuation as typed', () => {
    expect(safeFileName('zrzut ekranu – błąd źle.png')).toBe('zrzut ekranu – błąd źle.png');
  });

  it('normalises to NFC, so the same name always compares equal', () => {
    const decomposed = 'z\u0301le\u0328.png';
    expect(safeFileName(decomposed)).toBe('źlę.png');
    expect(safeFileName(decomposed)).toBe('\u017Al\u0119.png');
  });

  it('keeps emoji, including joined sequences', () => {
    expect(safeFileName('błąd 🙁 👩‍💻.png')).toBe('błąd 🙁 👩‍💻.png');
  });

  it('caps a 300-character name at 150, keeping the extension', () => {
    const name = safeFileName(`${'a'.repeat(300)}.png`);
    expect(name).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.png')).toBe(true);
  });

  it('never cuts an emoji in half when capping', () => {
    const name = safeFileName(`${'😀'.repeat(200)}.log`);
    expect(name.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('😀.log')).toBe(true);
    expect(name.isWellFormed()).toBe(true);
  });

  it('caps a name without an extension', () => {
    expect(safeFileName('x'.repeat(300))).toHaveLength(MAX_FILE_NAME_LENGTH);
  });

  it('replaces characters Windows refuses in file names', () => {
    expect(safeFileName('log 12:00 "prod" <1>|?*.txt')).toBe('log 12_00 _prod_ _1____.txt');
  });

  it('falls back to "plik" when nothing is left', () => {
    expect(safeFileName('')).toBe('plik');
    expect(safeFileName('   ')).toBe('plik');
    expect(safeFileName('../')).toBe('plik');
    expect(safeFileName('\u0000\u0001')).toBe('plik');
  });
});

describe('extensionOf', () => {
  it('reads the last extension, lower-cased, and none for dot-files', () => {
    expect(extensionOf('Screen.PNG')).toBe('png');
    expect(extensionOf('app.log.1')).toBe('1');
    expect(extensionOf('README')).toBe('');
    expect(extensionOf('.env')).toBe('');
  });
});

describe('withExtension', () => {
  it('replaces a wrong extension the form offers', () => {
    expect(withExtension('photo.txt', 'png', UPLOAD_EXTENSIONS)).toBe('photo.png');
  });

  it('appends the right extension to any other name, keeping the customer wording', () => {
    expect(withExtension('config.yaml', 'txt', UPLOAD_EXTENSIONS)).toBe('config.yaml.txt');
    expect(withExtension('page.html', 'txt', UPLOAD_EXTENSIONS)).toBe('page.html.txt');
    expect(withExtension('README', 'txt', UPLOAD_EXTENSIONS)).toBe('README.txt');
  });

  it('leaves a matching name alone', () => {
    expect(withExtension('zrzut.png', 'png', UPLOAD_EXTENSIONS)).toBe('zrzut.png');
  });

  it('stays within the length cap', () => {
    const name = withExtension(`${'a'.repeat(146)}.cfg`, 'txt', UPLOAD_EXTENSIONS);
    expect(name).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.txt')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name per RFC 5987', () => {
    expect(contentDisposition('zrzut ekranu – błąd źle.png', 'attachment')).toBe(
      `attachment; filename="zrzut ekranu - blad zle.png"; filename*=UTF-8''zrzut%20ekranu%20%E2%80%93%20b%C5%82%C4%85d%20%C5%BAle.png`,
    );
  });

  it('supports inline display', () => {
    expect(contentDisposition('shot.png', 'inline')).toBe(`inline; filename="shot.png"; filename*=UTF-8''shot.png`);
  });

  it('keeps quotes, backslashes, percent signs and header breaks out of the quoted fallback', () => {
    const header = contentDisposition('a"b\\c%41\r\nSet-Cookie: x.txt', 'attachment');
    expect(header).not.toMatch(/[\r\n]/);
    const fallback = /filename="([^"]*)"/.exec(header)?.[1];
    expect(fallback).toBeDefined();
    expect(fallback).not.toMatch(/["\\%]/);
    expect(header).toContain("filename*=UTF-8''");
  });

  it('percent-encodes the characters RFC 5987 does not allow bare', () => {
    expect(contentDisposition("it's (1)*.txt", 'attachment')).toContain("filename*=UTF-8''it%27s%20%281%29_.txt");
  });

  it('replaces emoji in the fallback but keeps them in filename*', () => {
    const header = contentDisposition('🙁.png', 'attachment');
    expect(header).toContain('filename="_.png"');
    expect(header).toContain("filename*=UTF-8''%F0%9F%99%81.png");
  });
});
