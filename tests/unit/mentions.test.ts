import { describe, expect, it } from 'vitest';
import { mentionedIn } from '@/server/tickets/mentions';

const staff = [
  { id: 'ewa', name: 'Ewa Dąbrowska', email: 'ewa.dabrowska@vouchie.pl' },
  { id: 'tomasz', name: 'Tomasz Lis', email: 'tomasz@vouchie.pl' },
  { id: 'tomek', name: 'Tomasz Nowak', email: 'tnowak@vouchie.pl' },
];

describe('@mentions in a note', () => {
  it('names agents by e-mail local part, whole name or unique first name', () => {
    expect(mentionedIn('@ewa.dabrowska spójrz', staff)).toEqual(['ewa']);
    expect(mentionedIn('Pytanie do @EwaDąbrowska.', staff)).toEqual(['ewa']);
    expect(mentionedIn('@ewa, @tnowak', staff)).toEqual(['ewa', 'tomek']);
  });

  it('leaves alone a shared first name, an e-mail address and unknown names', () => {
    expect(mentionedIn('@Tomasz zerknij', staff)).toEqual(['tomasz']);
    expect(mentionedIn('klient pisze z anna@ewa.pl i do @nikt', staff)).toEqual([]);
  });
});
