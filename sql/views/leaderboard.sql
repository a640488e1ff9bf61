-- sparknas view leaderboard: one row per run and architecture it evaluated (status OK) at its last fidelity, ranked by the run's objective, one column per metric
-- Rendered from jobs/src/main/java/io/sparknas/jobs/store/SqlCatalog.java (ViewFilesTest checks it; run it with
-- -Dsparknas.regenerate=true to rewrite these files). Replace ${schema} with the schema of the tables,
-- e.g. sparknas or `main`.`sparknas`, and ${metric_columns} with one ", avg(e.metrics['m']) AS `m`"
-- per metric m (or nothing). store.register creates it (see docs/tables-and-sql.md).
CREATE OR REPLACE VIEW ${schema}.leaderboard
COMMENT 'sparknas: one row per run and architecture it evaluated (status OK) at its last fidelity, ranked by the run\'s objective, one column per metric'
AS SELECT rank() OVER (PARTITION BY run_id ORDER BY CASE direction WHEN 'min' THEN objective_value ELSE -objective_value END) AS rank, *
  FROM (SELECT e.run_id, e.canonical_key, first(e.arch) AS arch, g.objective, g.direction, avg(e.metrics[g.objective]) AS objective_value, g.report, avg(e.metrics[g.report]) AS report_value, count(*) AS evaluations${metric_columns}
  FROM (SELECT *
  FROM (SELECT *, max_by(fidelity, evaluated_at) OVER (PARTITION BY run_id, canonical_key) AS last_fidelity
  FROM ${schema}.evaluations
  WHERE status = 'OK')
  WHERE fidelity = last_fidelity) e
  JOIN (SELECT run_id, objective, direction, coalesce(report, objective) AS report
  FROM (SELECT run_id, coalesce(trim(split(get_json_object(config, '$.search.objectives[0]'), ':')[0]), get_json_object(config, '$.evaluator.tabular.objective'), get_json_object(config, '$.benchmark.objective')) AS objective, coalesce(trim(split(get_json_object(config, '$.search.objectives[0]'), ':')[1]), 'max') AS direction, CASE WHEN get_json_object(config, '$.search.report') IS NULL THEN get_json_object(config, '$.benchmark.report') ELSE nullif(trim(get_json_object(config, '$.search.report')), '') END AS report
  FROM ${schema}.runs)) g USING (run_id)
  WHERE e.status = 'OK'
  GROUP BY e.run_id, e.canonical_key, g.objective, g.direction, g.report);
