/** One line of the report's table. `met` is null for figures that have no goal. */
export type ReportLine = {
  id: string;
  measurement: string;
  figure: string;
  goal: string;
  met: boolean | null;
};

/** What one row of the benchmark found: table lines and the raw seconds behind its ratios. */
export type RowReport = {
  lines: ReportLine[];
  raw: string[];
  /** Where the time went, printed under the table (investigation of a missed goal). */
  notes?: string[];
  /** The row threw before it could measure anything. */
  crashed?: boolean;
};

export const ratio = (value: number): string => `${value.toFixed(2)}×`;

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

export const formatReport = (rows: RowReport[]): string => {
  const lines = rows.flatMap((row) => row.lines);
  const table = [
    '| # | measurement | figure | goal | met? |',
    '|---|---|---|---|---|',
    ...lines.map((line) =>
      `| ${[line.id, line.measurement, line.figure, line.goal, line.met === null ? '—' : line.met ? 'yes' : '**NO**'].map(escapeCell).join(' | ')} |`,
    ),
  ];
  const crashed = lines.filter((line) => line.figure === 'error');
  const missed = lines.filter((line) => line.met === false && line.figure !== 'error');
  const raw = rows.flatMap((row) => row.raw.map((text) => `- ${text}`));
  const notes = rows.flatMap((row) => (row.notes ?? []).map((text) => `- ${text}`));
  return [
    ...table,
    '',
    missed.length === 0
      ? crashed.length === 0
        ? 'Every goal was met.'
        : 'Every goal that was measured was met.'
      : `Goal(s) missed: ${missed.map((line) => `${line.id} (${line.figure}, goal ${line.goal})`).join('; ')}.`,
    ...(crashed.length > 0 ? [`Row(s) that could not be measured (see stderr): ${crashed.map((line) => line.id).join(', ')}.`] : []),
    '',
    'Raw seconds (medians where runs were repeated):',
    ...raw,
    ...(notes.length > 0 ? ['', 'Where the time goes:', ...notes] : []),
  ].join('\n');
};
