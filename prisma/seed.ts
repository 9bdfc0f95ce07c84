/**
 * Demo data: companies on each plan, their users, two agents, an admin and ~50 realistic Polish tickets with
 * threads and activity. Idempotent: does nothing when the demo companies already exist.
 * Run with DATABASE_URL set (`npm run db:seed`); `npm run demo` runs it on first start.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../src/generated/prisma/client';
import type { IdentifierKind, Plan, TicketCategory, TicketPriority, TicketStatus } from '../src/generated/prisma/enums';
import { addBusinessHours } from '../src/server/calendar';
import { calendarOf, PLAN_SUPPORT } from '../src/server/plans';
import { importArticles, readArticleFolder } from '../src/server/kb/import';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set.');
  process.exit(2);
}
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) });

// A fixed-seed generator, so every demo database tells the same story.
let state = 20261127;
const random = () => {
  state = (state * 1664525 + 1013904223) % 2 ** 32;
  return state / 2 ** 32;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const companies: { externalId: string; name: string; plan: Plan; users: [string, string, boolean][] }[] = [
  {
    externalId: 'cmp-kwiaciarnia',
    name: 'Kwiaciarnia Różana Sp. z o.o.',
    plan: 'START',
    users: [
      ['Anna Wiśniewska', 'anna@kwiaciarnia-rozana.pl', true],
      ['Piotr Zieliński', 'piotr@kwiaciarnia-rozana.pl', false],
    ],
  },
  {
    externalId: 'cmp-spa',
    name: 'Spa Zdrój Kołobrzeg',
    plan: 'BIZNES',
    users: [
      ['Katarzyna Nowak', 'katarzyna@spazdroj.pl', true],
      ['Tomasz Lewandowski', 'tomasz@spazdroj.pl', false],
    ],
  },
  { externalId: 'cmp-escape', name: 'Escape Room Labirynt', plan: 'BIZNES', users: [['Michał Wójcik', 'michal@labirynt.com.pl', true]] },
  {
    externalId: 'cmp-hotel',
    name: 'Hotel Pod Tatrami S.A.',
    plan: 'PREMIUM',
    users: [
      ['Magdalena Kamińska', 'magdalena@podtatrami.pl', true],
      ['Jakub Kowalczyk', 'jakub@podtatrami.pl', false],
    ],
  },
  {
    externalId: 'cmp-restauracja',
    name: 'Restauracja Stary Młyn',
    plan: 'PREMIUM',
    users: [['Agnieszka Szymańska', 'agnieszka@starymlyn.pl', true]],
  },
];

const staff = [
  { name: 'Ewa Dąbrowska', email: 'ewa.dabrowska@vouchie.pl', role: 'AGENT' as const },
  { name: 'Marek Jankowski', email: 'marek.jankowski@vouchie.pl', role: 'AGENT' as const },
  { name: 'Joanna Mazur', email: 'joanna.mazur@vouchie.pl', role: 'ADMIN' as const },
];

/** Canned responses for the agents' composer (/agent/admin/odpowiedzi), with the placeholders it fills in. */
const cannedResponses: { title: string; body: string; locale: 'pl' | 'en' | null; category: TicketCategory | null; usageCount: number }[] =
  [
    {
      title: 'Powitanie — przyjęliśmy zgłoszenie',
      body: 'Dzień dobry {{klient.imie}},\n\ndziękujemy za zgłoszenie {{zgloszenie.numer}}. Zajmujemy się nim i odezwiemy się, gdy tylko będziemy wiedzieć więcej.\n\nPozdrawiam,\n{{agent.imie}}\nZespół Vouchie',
      locale: 'pl',
      category: null,
      usageCount: 42,
    },
    {
      title: 'Prośba o zrzut ekranu i kroki',
      body: 'Dzień dobry {{klient.imie}},\n\nżeby odtworzyć problem ze zgłoszenia {{zgloszenie.numer}}, prosimy o:\n1. zrzut ekranu z widocznym komunikatem błędu,\n2. kod lub identyfikator vouchera,\n3. godzinę, o której wystąpił błąd.\n\nWystarczy odpowiedzieć na tę wiadomość i dołączyć pliki.\n\nPozdrawiam,\n{{agent.imie}}',
      locale: 'pl',
      category: 'TECHNICAL_ERROR',
      usageCount: 27,
    },
    {
      title: 'Voucher wygasł — przedłużenie ważności',
      body: 'Dzień dobry {{klient.imie}},\n\nvoucher ze zgłoszenia {{zgloszenie.numer}} ma ustawioną datę ważności w przeszłości. Termin przedłużysz w panelu: Vouchery → wybierz voucher → „Zmień ważność”. Klient od razu może go zrealizować.\n\nDaj znać, jeśli coś nie zadziała.\n{{agent.imie}}',
      locale: 'pl',
      category: 'TECHNICAL_ERROR',
      usageCount: 15,
    },
    {
      title: 'Konfiguracja domeny sklepu',
      body: 'Dzień dobry {{klient.imie}},\n\naby sklep {{firma.nazwa}} działał pod własną domeną, dodaj u swojego dostawcy rekord CNAME wskazujący na shops.vouchie.pl. Certyfikat SSL wystawimy automatycznie w ciągu godziny od weryfikacji.\n\nPozdrawiam,\n{{agent.imie}}',
      locale: 'pl',
      category: 'CONFIGURATION',
      usageCount: 9,
    },
    {
      title: 'Faktura i zwrot płatności',
      body: 'Dzień dobry {{klient.imie}},\n\npotwierdzamy zlecenie zwrotu dla firmy {{firma.nazwa}} (zgłoszenie {{zgloszenie.numer}}). Środki wrócą na konto w ciągu 3–5 dni roboczych, a korektę faktury wyślemy e-mailem.\n\nPozdrawiam,\n{{agent.imie}}',
      locale: 'pl',
      category: 'BILLING',
      usageCount: 11,
    },
    {
      title: 'Dziękujemy za sugestię',
      body: 'Dzień dobry {{klient.imie}},\n\ndziękujemy za pomysł „{{zgloszenie.temat}}”. Przekazaliśmy go zespołowi produktu — o zmianach informujemy w nowościach w panelu.\n\nPozdrawiam,\n{{agent.imie}}',
      locale: 'pl',
      category: 'SUGGESTION',
      usageCount: 6,
    },
    {
      title: 'Greeting — ticket received',
      body: 'Hello {{customer.firstName}},\n\nthank you for your ticket {{ticket.number}}. We are looking into it and will get back to you as soon as we know more.\n\nBest regards,\n{{agent.name}}\nVouchie Support',
      locale: 'en',
      category: null,
      usageCount: 4,
    },
    {
      title: 'Closing — solved, anything else?',
      body: 'Hello {{customer.firstName}},\n\nwe have marked {{ticket.number}} as solved. If anything still does not work, just reply to this e-mail and the ticket reopens.\n\nBest regards,\n{{agent.name}}',
      locale: 'en',
      category: null,
      usageCount: 2,
    },
  ];

interface Story {
  category: TicketCategory;
  subject: string;
  attempted?: string;
  actual: string;
  expected?: string;
  steps?: string[];
  error?: string;
  identifiers?: [IdentifierKind, string][];
  reply?: string;
  customerFollowUp?: string;
  note?: string;
}

const stories: Story[] = [
  {
    category: 'TECHNICAL_ERROR',
    subject: 'Voucher nie działa przy realizacji w kasie',
    attempted: 'Próbowałam zrealizować voucher klientki w zakładce Realizacja.',
    actual: 'Po wpisaniu kodu pojawia się komunikat, że voucher jest nieważny, choć termin ważności mija za pół roku.',
    expected: 'Voucher powinien zostać oznaczony jako zrealizowany.',
    steps: ['Wejdź w Vouchery → Realizacja', 'Wpisz kod vouchera', 'Kliknij „Realizuj”'],
    error: 'Błąd 422: Voucher wygasł lub został anulowany (code: VOUCHER_EXPIRED)',
    identifiers: [
      ['VOUCHER_CODE', 'VCH-GIFT-7Q2K-9M4P'],
      ['CUSTOMER_EMAIL', 'klientka.ola@gmail.com'],
    ],
    reply:
      'Dzień dobry, dziękujemy za zgłoszenie. Sprawdziliśmy voucher — strefa czasowa daty ważności była ustawiona na UTC. Poprawiliśmy to, proszę spróbować ponownie.',
    note: 'Błąd strefy czasowej przy imporcie CSV, zgłoszone do zespołu produktu (PROD-1432).',
  },
  {
    category: 'TECHNICAL_ERROR',
    subject: 'Płatność BLIK zawiesza się na ekranie potwierdzenia',
    actual:
      'Klienci zgłaszają, że po potwierdzeniu BLIK w aplikacji banku strona zakupu vouchera kręci się w nieskończoność i nie dostają maila z voucherem.',
    expected: 'Po opłaceniu klient powinien zobaczyć podziękowanie i dostać voucher mailem.',
    steps: ['Otwórz sklep z voucherami', 'Wybierz voucher 200 zł', 'Zapłać BLIK-iem'],
    error: 'PaymentIntent requires_action — timeout after 120s',
    identifiers: [['ORDER_ID', 'ORD-2026-118734']],
  },
  {
    category: 'CONFIGURATION',
    subject: 'Jak ustawić własną domenę dla sklepu z voucherami?',
    attempted: 'Dodałam rekord CNAME według dokumentacji.',
    actual: 'Panel nadal pokazuje status „Weryfikacja domeny w toku” od dwóch dni.',
    expected: 'Domena bony.kwiaciarnia-rozana.pl powinna działać z certyfikatem SSL.',
    reply:
      'Rekord CNAME wskazuje na stary adres. Prosimy zmienić go na shops.vouchie.pl — weryfikacja ruszy automatycznie w ciągu godziny.',
    customerFollowUp: 'Zmienione, dziękuję! Teraz działa.',
  },
  {
    category: 'BILLING',
    subject: 'Podwójne obciążenie karty za plan Biznes',
    actual: 'Na wyciągu widzę dwie płatności po 249 zł z 1 listopada za subskrypcję.',
    expected: 'Jedna płatność miesięcznie.',
    identifiers: [['OTHER', 'Faktura FV/2026/11/0412']],
    reply: 'Potwierdzamy podwójne obciążenie — zwrot 249 zł został zlecony i pojawi się na koncie w ciągu 3–5 dni roboczych.',
  },
  {
    category: 'SUGGESTION',
    subject: 'Możliwość ustawienia vouchera na konkretną usługę',
    actual:
      'Chcielibyśmy sprzedawać vouchery nie na kwotę, ale na konkretny zabieg (np. masaż gorącymi kamieniami 90 min), z automatyczną zmianą ceny.',
  },
  {
    category: 'TECHNICAL_ERROR',
    subject: 'PDF vouchera ma ucięte polskie znaki',
    actual: 'W wygenerowanym PDF zamiast „Życzenia dla Łucji” jest „yczenia dla ucji”.',
    expected: 'Polskie znaki w PDF.',
    steps: ['Utwórz voucher z dedykacją zawierającą ą, ę, ł, ż', 'Pobierz PDF'],
    identifiers: [['VOUCHER_ID', 'v_01HF8K2M3N4P']],
    reply: 'Dziękujemy, odtworzyliśmy problem z czcionką w szablonie „Elegancki”. Poprawka wejdzie w piątkowym wydaniu.',
  },
  {
    category: 'OTHER',
    subject: 'Prośba o fakturę zbiorczą za październik',
    actual: 'Księgowość prosi o jedną fakturę zbiorczą zamiast kilku osobnych.',
  },
  {
    category: 'CONFIGURATION',
    subject: 'Integracja z kasą fiskalną — brak paragonu',
    attempted: 'Włączyłem integrację z Posnet w Ustawieniach.',
    actual: 'Przy sprzedaży vouchera online nie drukuje się paragon w recepcji.',
    expected: 'Paragon powinien się drukować automatycznie.',
    error: 'FiscalBridge: device not reachable (ECONNREFUSED 192.168.1.40:6666)',
  },
  {
    category: 'TECHNICAL_ERROR',
    subject: 'Eksport CSV realizacji zwraca pusty plik',
    actual: 'Raport realizacji za listopad pobiera się jako pusty plik CSV (tylko nagłówki).',
    steps: ['Raporty → Realizacje', 'Zakres 01.11–30.11', 'Eksportuj CSV'],
    identifiers: [['USER_ID', 'usr_48213']],
  },
  {
    category: 'BILLING',
    subject: 'Zmiana planu ze Start na Premium w trakcie okresu',
    actual: 'Czy przy zmianie planu w połowie miesiąca zapłacę proporcjonalnie?',
    reply: 'Tak — rozliczamy proporcjonalnie za pozostałe dni okresu. Różnica pojawi się na najbliższej fakturze.',
  },
  {
    category: 'TECHNICAL_ERROR',
    subject: 'Klienci nie dostają maili z voucherem',
    actual: 'Od wczoraj kilku klientów napisało, że nie dostało maila z voucherem po zakupie. W panelu zamówienia są opłacone.',
    identifiers: [
      ['CUSTOMER_EMAIL', 'jan.kowalski@wp.pl'],
      ['ORDER_ID', 'ORD-2026-119002'],
    ],
    note: 'Sprawdzić w logach dostarczania — podejrzenie blokady na wp.pl.',
  },
  {
    category: 'SUGGESTION',
    subject: 'Vouchery w Apple Wallet i Google Wallet',
    actual: 'Nasi goście pytają, czy mogą dodać voucher do portfela w telefonie.',
  },
  {
    category: 'CONFIGURATION',
    subject: 'Nie mogę dodać drugiego użytkownika do panelu',
    actual: 'Przy zapraszaniu pracownika pojawia się informacja o limicie użytkowników.',
    error: 'Osiągnięto limit użytkowników dla Twojego planu (2/2).',
  },
  {
    category: 'TECHNICAL_ERROR',
    subject: 'Błąd 500 przy edycji szablonu vouchera',
    actual: 'Po zapisaniu zmian w szablonie „Świąteczny” pojawia się biała strona z błędem.',
    error: 'Internal Server Error (request id: 7f3c2a91-3b1e-4f0a-9d7e-2c4b8e6a1f05)',
    steps: ['Szablony → Świąteczny', 'Zmień kolor tła', 'Zapisz'],
  },
  {
    category: 'OTHER',
    subject: 'Szkolenie dla nowych pracowników recepcji',
    actual: 'Czy prowadzicie krótkie szkolenia online z obsługi realizacji voucherów?',
  },
];

/** Resolved tickets close by themselves after AUTO_CLOSE_RESOLVED_DAYS: the seed's stay inside that, with a margin. */
const autoCloseDays = Number(process.env.AUTO_CLOSE_RESOLVED_DAYS ?? 7) || 7;
const RESOLVED_WINDOW_MS = Math.min(5, autoCloseDays - 0.5) * 86_400_000;

const statuses: TicketStatus[] = ['NEW', 'NEW', 'OPEN', 'OPEN', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD', 'RESOLVED', 'RESOLVED', 'CLOSED'];
const priorities: TicketPriority[] = ['LOW', 'NORMAL', 'NORMAL', 'NORMAL', 'HIGH', 'URGENT'];
const browsers = [
  { browser: 'Chrome 142', os: 'Windows 11', screen: '1920×1080' },
  { browser: 'Safari 19', os: 'macOS 16', screen: '1512×982' },
  { browser: 'Firefox 145', os: 'Ubuntu 24.04', screen: '1366×768' },
  { browser: 'Chrome Mobile 142', os: 'Android 16', screen: '412×915' },
  { browser: 'Safari Mobile', os: 'iOS 19', screen: '390×844' },
];

/** The knowledge base's demo articles (prisma/kb/*.md, the same files `npm run kb:import` reads); once. */
async function seedKnowledgeBase() {
  if (await prisma.kbArticle.count()) return;
  const admin = await prisma.user.findUnique({ where: { email: 'joanna.mazur@vouchie.pl' }, select: { id: true } });
  const report = await importArticles(prisma, await readArticleFolder(new URL('./kb', import.meta.url).pathname), admin?.id ?? null);
  if (report.failed.length) throw new Error(`Knowledge base seed failed: ${JSON.stringify(report.failed)}`);
  console.log(`Seeded ${report.created.length} knowledge base articles.`);
}

async function main() {
  if (await prisma.company.findUnique({ where: { externalId: 'cmp-hotel' } })) {
    console.log('Demo data already present.');
    return;
  }
  const agents = [];
  for (const member of staff) {
    agents.push(await prisma.user.create({ data: { ...member, emailVerified: new Date() } }));
  }
  const admin = agents.find((a) => a.role === 'ADMIN');
  await prisma.cannedResponse.createMany({ data: cannedResponses.map((c) => ({ ...c, createdById: admin?.id ?? null })) });
  const reporters: { id: string; companyId: string; plan: Plan; email: string }[] = [];
  for (const c of companies) {
    const company = await prisma.company.create({ data: { externalId: c.externalId, name: c.name, plan: c.plan } });
    for (const [name, email, isAdmin] of c.users) {
      const user = await prisma.user.create({
        data: { name, email, companyId: company.id, isCompanyAdmin: isAdmin, externalId: `usr-${email.split('@')[0]}-${c.externalId}` },
      });
      reporters.push({ id: user.id, companyId: company.id, plan: c.plan, email });
    }
  }

  const now = Date.now();
  for (let i = 0; i < 50; i++) {
    const story = stories[i % stories.length] as Story;
    const reporter = pick(reporters);
    const status = pick(statuses);
    const createdAt = new Date(now - Math.floor(random() * 30 * 86_400_000) - 3_600_000);
    const support = PLAN_SUPPORT[reporter.plan];
    const agent = status === 'NEW' ? null : pick(agents.slice(0, 2));
    const env = pick(browsers);
    const hasReply = Boolean(story.reply && status !== 'NEW');
    const repliedAt = new Date(createdAt.getTime() + (1 + random() * 6) * 3_600_000);
    const solved = status === 'RESOLVED' || status === 'CLOSED';
    // Solved some hours after the answer (never in the future), so the dashboard's resolution times read true. A
    // ticket still RESOLVED was solved within the auto-close window: the worker must not close it (and mail its
    // customer) the moment the demo starts.
    const solvedAt = solved
      ? Math.min(now - 3_600_000, (hasReply ? repliedAt : createdAt).getTime() + (2 + random() * 40) * 3_600_000)
      : null;
    const resolvedAt = solvedAt === null ? null : new Date(status === 'RESOLVED' ? Math.max(solvedAt, now - RESOLVED_WINDOW_MS) : solvedAt);
    const lastActivityAt = resolvedAt ?? (hasReply ? repliedAt : createdAt);
    // In the plan's support hours, as the app computes them (src/server/sla/targets.ts).
    const firstResponseDueAt = addBusinessHours(calendarOf(support, 'SUPPORT'), createdAt, support.firstResponseHours);
    const resolutionDueAt = addBusinessHours(calendarOf(support, 'SUPPORT'), createdAt, support.resolutionHours);
    // What the SLA job would record, recorded as of the due moment: the worker finds nothing to do at start-up.
    const clockRunning = status === 'NEW' || status === 'OPEN' || status === 'ON_HOLD';
    const firstResponseBreachedAt = clockRunning && !hasReply && firstResponseDueAt.getTime() < now ? firstResponseDueAt : null;
    const resolutionBreachedAt = clockRunning && resolutionDueAt.getTime() < now ? resolutionDueAt : null;
    const rated = solved && random() < 0.6;
    const rating = rated ? pick([5, 5, 5, 4, 4, 3, 2] as const) : null;

    const ticket = await prisma.ticket.create({
      data: {
        subject: story.subject,
        category: story.category,
        status,
        priority: pick(priorities),
        channel: pick(['WEB', 'WEB', 'WEB', 'API', 'EMAIL'] as const),
        reporterId: reporter.id,
        companyId: reporter.companyId,
        assigneeId: agent?.id ?? null,
        attempted: story.attempted ?? null,
        actual: story.actual,
        expected: story.expected ?? null,
        reproSteps: story.steps ?? [],
        errorMessage: story.error ?? null,
        occurredAt: new Date(createdAt.getTime() - 30 * 60_000),
        environment: { ...env, timeZone: 'Europe/Warsaw', language: 'pl-PL', pageUrl: 'https://panel.vouchie.pl/vouchery' },
        tags: story.category === 'BILLING' ? ['płatności'] : [],
        firstResponseDueAt,
        resolutionDueAt,
        firstResponseBreachedAt,
        resolutionBreachedAt,
        // Waiting on the customer: the SLA clocks stand still from the moment the ticket started waiting.
        slaPausedAt: status === 'WAITING_ON_CUSTOMER' ? lastActivityAt : null,
        firstRespondedAt: hasReply ? repliedAt : null,
        resolvedAt,
        closedAt: status === 'CLOSED' ? lastActivityAt : null,
        rating,
        ratingComment:
          rating === null
            ? null
            : rating >= 4
              ? 'Szybko i konkretnie, dziękuję!'
              : rating === 3
                ? 'Pomogło, ale trwało to dość długo.'
                : 'Musiałem kilka razy tłumaczyć ten sam problem.',
        ratedAt: rated && resolvedAt ? new Date(resolvedAt.getTime() + 3_600_000) : null,
        lastActivityAt,
        createdAt,
        identifiers: { create: (story.identifiers ?? []).map(([kind, value]) => ({ kind, value })) },
        messages: {
          create: [
            { type: 'CUSTOMER', authorId: reporter.id, body: story.actual, createdAt },
            ...(hasReply && agent ? [{ type: 'AGENT' as const, authorId: agent.id, body: story.reply ?? '', createdAt: repliedAt }] : []),
            ...(story.note && agent
              ? [{ type: 'NOTE' as const, authorId: agent.id, body: story.note, createdAt: new Date(createdAt.getTime() + 1_800_000) }]
              : []),
            ...(hasReply && story.customerFollowUp
              ? [
                  {
                    type: 'CUSTOMER' as const,
                    authorId: reporter.id,
                    body: story.customerFollowUp,
                    createdAt: new Date(repliedAt.getTime() + 3_600_000),
                  },
                ]
              : []),
          ],
        },
        events: {
          create: [
            { type: 'ticket.created', actorId: reporter.id, createdAt, data: { channel: 'WEB' } },
            ...(agent
              ? [
                  {
                    type: 'ticket.assigned',
                    actorId: agent.id,
                    createdAt: new Date(createdAt.getTime() + 600_000),
                    data: { from: null, to: agent.id, fromName: null, toName: agent.name },
                  },
                ]
              : []),
            ...(status !== 'NEW' && agent
              ? [{ type: 'ticket.status_changed', actorId: agent.id, createdAt: lastActivityAt, data: { from: 'NEW', to: status } }]
              : []),
          ],
        },
      },
    });
    void ticket;
  }
  console.log(`Seeded ${companies.length} companies, ${reporters.length} customers, ${staff.length} staff and 50 tickets.`);
}

/** Where the demo staff sign in without a magic link (the route answers only with DEMO_MODE=true). */
function printDemoSignIn() {
  const appUrl = (process.env.APP_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  console.log('Demo staff sign-in (DEMO_MODE=true only, no e-mail needed):');
  for (const member of staff) {
    console.log(
      `  ${member.role === 'ADMIN' ? 'admin' : 'agent'}  ${member.name.padEnd(16)} ${appUrl}/demo/sign-in?email=${encodeURIComponent(member.email)}`,
    );
  }
}

try {
  await main();
  await seedKnowledgeBase();
  printDemoSignIn();
} finally {
  await prisma.$disconnect();
}
