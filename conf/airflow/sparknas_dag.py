"""sparknas on Airflow: train-predictor -> search -> report, once per logical date.

The loop closes here: train-predictor fits a predictor on everything the store holds (on the first
day, with too few rows, it says "skipped" and exits 0), and the search starts from the newest
predictor of its space (prior.source = predictor, prior.predictor-id = latest; a cold start when
there is none). runs.prior records which predictor each day's search used.

Each task is a SparkSubmitOperator running the sparknas assembly jar (main class
io.sparknas.jobs.cli.NasCli). The run id is derived from the logical date ({{ ds_nodash }}), so a
re-run of the same date resumes the unfinished search or, when it finished, changes nothing:
the tasks are idempotent. Exit codes: 0 ok, 2 bad input (do not retry), 1 anything else.

Install: copy this file into the DAGs folder; set the Airflow Variables below (or keep the defaults)
and a Spark connection (default "spark_default") pointing at the cluster's master.

  sparknas_jar     path of jobs/target/sparknas-jobs-<version>-assembly.jar on the workers' host
  sparknas_config  HOCON config of the search (e.g. conf/nb201-tabular.conf with absolute paths)
  sparknas_store   store.path: folder or Hadoop URI of the Delta result tables
  sparknas_out     folder for the summaries (JSON, pushed to XCom) and the report pages

The command lines are built in one place, command_lines(), so that tests can check each one with
the CLI's own parser (jobs: AirflowDagTest).
"""
import json
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

MAIN_CLASS = "io.sparknas.jobs.cli.NasCli"
RUN_ID = "nas-{{ ds_nodash }}"
PREDICTOR_ID = "predictor-{{ ds_nodash }}"

JAR = "{{ var.value.get('sparknas_jar', '/opt/sparknas/sparknas-jobs-assembly.jar') }}"
CONFIG = "{{ var.value.get('sparknas_config', '/opt/sparknas/conf/nb201-tabular.conf') }}"
STORE = "{{ var.value.get('sparknas_store', '/data/sparknas/warehouse') }}"
OUT = "{{ var.value.get('sparknas_out', '/data/sparknas/out') }}/{{ ds_nodash }}"


def summary_path(task):
    return OUT + "/" + task + ".json"


def command_lines():
    """The sparknas arguments of each task (templated), in task order: the one place they are built."""
    common = ["--config", CONFIG, "--set", 'store.path="' + STORE + '"']
    return {
        "train_predictor": ["train-predictor", *common, "--set", "train-predictor.id=" + PREDICTOR_ID,
                            "--summary-json", summary_path("train_predictor")],
        "search": ["search", *common, "--set", "prior.source=predictor", "--set", "prior.predictor-id=latest",
                   "--run-id", RUN_ID, "--summary-json", summary_path("search")],
        "report": ["report", *common, "--run-id", RUN_ID, "--out", OUT + "/report",
                   "--summary-json", summary_path("report")],
    }


def publish_summaries(out, **_):
    """Returns the tasks' JSON summaries, so they land in XCom (return_value) for downstream DAGs."""
    summaries = {}
    for task in command_lines():
        with open(out + "/" + task + ".json", encoding="utf-8") as f:
            summaries[task] = json.load(f)
    return summaries


with DAG(
    dag_id="sparknas",
    description="Neural-architecture search on Spark: fit the predictor, search, report",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=5)},
    tags=["sparknas"],
) as dag:
    tasks = [
        SparkSubmitOperator(
            task_id=task_id,
            conn_id="spark_default",
            application=JAR,
            java_class=MAIN_CLASS,
            name="sparknas-" + task_id + "-{{ ds_nodash }}",
            application_args=args,
            conf={"spark.sql.shuffle.partitions": "16"},
        )
        for task_id, args in command_lines().items()
    ]
    publish = PythonOperator(task_id="publish_summaries", python_callable=publish_summaries,
                             op_kwargs={"out": OUT})
    tasks[0] >> tasks[1] >> tasks[2] >> publish
