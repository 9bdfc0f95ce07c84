import { PLANS, type ApiTicketInput } from '../src/server/tickets/schemas';

/** A realistic ticket: a malfunction with steps, an identifier, and a reporter from one of a few companies. */
export function ticketInput(i: number): ApiTicketInput {
  const company = i % 10;
  return {
    category: 'TECHNICAL_ERROR',
    subject: `Bon nie przechodzi przy realizacji w kasie (${i})`,
    attempted: 'Realizacja bonu podarunkowego w kasie sklepu.',
    actual: 'Po zeskanowaniu kodu kasa pokazuje błąd i bon nie zostaje zrealizowany. Klient czeka przy kasie.',
    expected: 'Bon zostaje zrealizowany, a saldo pomniejszone.',
    reproSteps: ['Otwórz moduł realizacji', 'Zeskanuj kod bonu', 'Zatwierdź kwotę'],
    errorMessage: 'Error 500: voucher redemption failed (code VR-17)',
    identifiers: [{ kind: 'VOUCHER_CODE', value: `BENCH-${String(i).padStart(6, '0')}` }],
    priority: 'NORMAL',
    reporter: {
      name: `Kasjer ${i % 50}`,
      email: `bench-${i % 50}@firma-${company}.example`,
      company: { externalId: `bench-company-${company}`, name: `Firma ${company}`, plan: PLANS[company % PLANS.length] ?? 'START' },
    },
  };
}

/** A ticket from a reporter never seen before (the load: every request a new reporter). */
export function newReporterInput(i: number): ApiTicketInput {
  const input = ticketInput(i);
  return { ...input, reporter: { ...input.reporter, email: `bench-new-${i}@firma-${i % 10}.example` } };
}
