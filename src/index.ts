// bazinga-stats as a library: the core without the CLI.

export { analyze, type AnalyzeResult } from './analyze.js';
export { Analyzer, defaultAnalysisOptions, type AnalysisOptions } from './core/analyzer.js';
export type * from './core/report.js';
export { defaultAnalyticsSettings } from './core/report.js';
export { compareVersions, latestVersion } from './core/version-order.js';
export { BazingaError } from './errors.js';
export { SettingError, type Setting, type SettingProblem } from './core/setting-error.js';
export { renderJson, toJson } from './render/json.js';
export { renderCsv } from './render/csv.js';
export { renderMarkdown } from './render/markdown.js';
export { renderTable } from './render/table.js';
export { renderHtml } from './render/html.js';
