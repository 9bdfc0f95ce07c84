import { cn } from '@/lib/cn';

/** One dashboard section: a titled card whose heading names the region for screen readers. */
export function DashboardPanel({
  id,
  title,
  description,
  aside,
  children,
  className,
}: {
  id: string;
  title: string;
  description?: string;
  aside?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-testid={id}
      className={cn('flex min-w-0 flex-col rounded-xl border border-slate-200 bg-white shadow-xs', className)}
    >
      <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 px-5 pt-5 sm:px-6">
        <div className="min-w-0">
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-sm text-slate-500">{description}</p> : null}
        </div>
        {aside}
      </header>
      <div className="flex flex-1 flex-col px-5 pt-4 pb-5 sm:px-6 sm:pb-6">{children}</div>
    </section>
  );
}

/** What a section shows when there is nothing to show: an icon, a sentence, and what will fill it. */
export function DashboardEmpty({
  icon: Icon,
  title,
  hint,
}: {
  icon: React.ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;
  title: string;
  hint?: string;
}) {
  return (
    <div className="flex h-full min-h-40 flex-col items-center justify-center rounded-lg border border-dashed border-slate-200 bg-slate-50/60 px-6 py-8 text-center">
      <span className="flex size-10 items-center justify-center rounded-full bg-white text-slate-400 shadow-xs ring-1 ring-slate-200">
        <Icon aria-hidden className="size-5" />
      </span>
      <p className="mt-3 text-sm font-medium text-slate-700">{title}</p>
      {hint ? <p className="mt-1 max-w-sm text-sm text-slate-500">{hint}</p> : null}
    </div>
  );
}

/** A panel's headline figures beside its chart: label, value and a line of context each. */
export interface PanelFigure {
  id: string;
  label: string;
  value: string;
  hint: string;
}

const FIGURE_COLUMNS = { 2: 'sm:grid-cols-2', 3: 'sm:grid-cols-3' } as const;

/** The figures as a definition list: in a row on tablets (`columns` of them), stacked beside the chart on desktops. */
export function PanelFigures({ testIdPrefix, figures, columns }: { testIdPrefix: string; figures: PanelFigure[]; columns: 2 | 3 }) {
  return (
    <dl className={cn('grid grid-cols-1 gap-4 lg:grid-cols-1', FIGURE_COLUMNS[columns])}>
      {figures.map((figure) => (
        <div key={figure.id} data-testid={`${testIdPrefix}-${figure.id}`}>
          <dt className="text-sm text-slate-600">{figure.label}</dt>
          <dd className="mt-0.5 text-2xl font-semibold text-slate-900 tabular-nums">{figure.value}</dd>
          <dd className="text-xs text-slate-600">{figure.hint}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A chart's figures per day as a table for screen readers (the bars themselves are one image to them). A table
 * ignores the 1 px width of sr-only and would widen the page: the wrapper hides it instead.
 */
export function DayFiguresTable({
  caption,
  dayHeader,
  columns,
  rows,
}: {
  caption: string;
  dayHeader: string;
  columns: readonly string[];
  /** One row a day: its label and, formatted, one figure per column. */
  rows: readonly { key: string; day: string; figures: readonly string[] }[];
}) {
  return (
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{dayHeader}</th>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.day}</th>
              {row.figures.map((figure, i) => (
                <td key={columns[i] ?? i}>{figure}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
