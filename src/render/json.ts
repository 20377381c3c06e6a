// The machine contract (`--format json`), schema 2 (2 added `input.outside`, the events outside the time
// window). Key order is part of the contract: see docs/rules.md.

import { MAX_PERIOD_ROWS } from '../core/period-ends.js';
import type { PeriodRow, Report } from '../core/report.js';

export const SCHEMA = 2;

/**
 * The most period rows JSON takes (1M rows is ~200 MB; a JS string holds at most ~512 MB): 0001..9999 by day,
 * possible only with `--window ..`, is 3.65M rows and would end in "Invalid string length". The analysis
 * refuses more before it computes them (AnalysisOptions.maxPeriods). CSV's period section has no limit.
 */
export const MAX_JSON_PERIODS = MAX_PERIOD_ROWS;

/** The key of the period section: `daily`, `weekly` or `monthly`. */
export const periodKey = (report: Report) => (report.settings.by === 'day' ? 'daily' : report.settings.by === 'week' ? 'weekly' : 'monthly');

function periodJson(row: PeriodRow, by: Report['settings']['by']) {
  const { period, ...counts } = row;
  return by === 'day' ? { date: period, ...counts } : { period, ...counts };
}

export function toJson(report: Report): Record<string, unknown> {
  const json: Record<string, unknown> = { schema: SCHEMA, input: report.input };
  if (report.uniques !== undefined) json.uniques = report.uniques;
  if (report.idChurn !== undefined) json.idChurn = report.idChurn;
  if (report.periods) json[periodKey(report)] = report.periods.map((row) => periodJson(row, report.settings.by));
  if (report.versions) {
    json.latest = report.versions.latest;
    json.versions = report.versions.rows;
  }
  if (report.commands) json.commands = report.commands;
  if (report.upgrades) json.upgrades = report.upgrades;
  if (report.retention) json.retention = report.retention;
  if (report.adoption) {
    // the daily shares behind the HTML chart are for people only
    const { daily: _daily, ...adoption } = report.adoption;
    json.adoption = adoption;
  }
  if (report.active) json.active = report.active;
  if (report.activation) json.activation = report.activation;
  if (report.churn) json.churn = report.churn;
  if (report.quality) json.quality = report.quality;
  return json;
}

export function renderJson(report: Report): string {
  return JSON.stringify(toJson(report), null, 2) + '\n';
}
