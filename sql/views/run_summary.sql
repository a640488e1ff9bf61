-- sparknas view run_summary: one row per run: status, evaluations, best architecture
-- Rendered from jobs/src/main/java/io/sparknas/jobs/store/SqlCatalog.java (ViewFilesTest checks it; run it with
-- -Dsparknas.regenerate=true to rewrite these files). Replace ${schema} with the schema of the tables,
-- e.g. sparknas or `main`.`sparknas`. store.register creates it (see docs/tables-and-sql.md).
CREATE OR REPLACE VIEW ${schema}.run_summary
COMMENT 'sparknas: one row per run: status, evaluations, best architecture'
AS SELECT r.run_id, r.status, r.strategy, r.space, coalesce(n.evaluations, 0) AS evaluations, b.objective, b.best, b.best_report, b.best_arch, r.started_at, r.finished_at
  FROM ${schema}.runs r
  LEFT JOIN (SELECT run_id, count(*) AS evaluations
  FROM ${schema}.evaluations
  GROUP BY run_id) n ON n.run_id = r.run_id
  LEFT JOIN (SELECT run_id, min_by(arch, canonical_key) AS best_arch, first(objective) AS objective, first(objective_value) AS best, min_by(report_value, canonical_key) AS best_report
  FROM ${schema}.leaderboard
  WHERE rank = 1
  GROUP BY run_id) b ON b.run_id = r.run_id;
