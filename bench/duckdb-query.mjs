// The DuckDB side of the benchmark, shared by duckdb-report.mjs and duckdb-grow.mjs: reading the JSONL into
// rows, and the report query over the `ev` table (see duckdb-report.mjs for the output shape and time zones).

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

/** A SELECT of FILE's events as rows of `ev`: lowercase install id, command, version, UTC day. */
export const selectEvents = (file) => `
  SELECT lower(uuid) AS u, command, version, CAST(CAST("timestamp" AS TIMESTAMPTZ) AS DATE) AS d
  FROM read_json(${sqlString(file)}, format = 'newline_delimited',
                 columns = {uuid: 'VARCHAR', command: 'VARCHAR', version: 'VARCHAR', "timestamp": 'VARCHAR'})`;

/** uniques, daily (events, installs, new), versions and commands from the `ev` table. */
export async function reportQuery(con) {
  const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjects();
  const num = (x) => Number(x);
  const [{ uniques }] = await rows('SELECT count(DISTINCT u) AS uniques FROM ev');
  const daily = await rows(`
    WITH per_day AS (SELECT d, count(*) AS events, count(DISTINCT u) AS installs FROM ev GROUP BY d),
         firsts AS (SELECT d, count(*) AS new FROM (SELECT min(d) AS d FROM ev GROUP BY u) GROUP BY d),
         span AS (SELECT CAST(range AS DATE) AS d
                  FROM range((SELECT min(d) FROM ev), (SELECT max(d) FROM ev) + INTERVAL 1 DAY, INTERVAL 1 DAY))
    SELECT strftime(span.d, '%Y-%m-%d') AS date, coalesce(events, 0) AS events, coalesce(installs, 0) AS installs,
           coalesce(new, 0) AS new
    FROM span LEFT JOIN per_day USING (d) LEFT JOIN firsts USING (d)
    ORDER BY span.d`);
  const versions = await rows(`
    SELECT version, count(*) AS events, count(DISTINCT u) AS installs FROM ev GROUP BY version
    ORDER BY events DESC, version`);
  const commands = await rows(`
    SELECT command, count(*) AS events, count(DISTINCT u) AS installs FROM ev GROUP BY command
    ORDER BY events DESC, command`);
  return {
    uniques: num(uniques),
    daily: daily.map((r) => ({ date: r.date, events: num(r.events), installs: num(r.installs), new: num(r.new) })),
    versions: versions.map((r) => ({ version: r.version, events: num(r.events), installs: num(r.installs) })),
    commands: commands.map((r) => ({ command: r.command, events: num(r.events), installs: num(r.installs) })),
  };
}
