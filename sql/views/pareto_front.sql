-- sparknas view pareto_front: the first Pareto front of each run's last committed generation
-- Rendered from jobs/src/main/java/io/sparknas/jobs/store/SqlCatalog.java (ViewFilesTest checks it; run it with
-- -Dsparknas.regenerate=true to rewrite these files). Replace ${schema} with the schema of the tables,
-- e.g. sparknas or `main`.`sparknas`. store.register creates it (see docs/tables-and-sql.md).
CREATE OR REPLACE VIEW ${schema}.pareto_front
COMMENT 'sparknas: the first Pareto front of each run\'s last committed generation'
AS SELECT p.*
  FROM ${schema}.populations p
  JOIN (SELECT run_id, max(generation) AS generation
  FROM ${schema}.populations
  GROUP BY run_id) last USING (run_id, generation)
  WHERE p.is_pareto;
