"""Prints, as JSON, the sparknas command line of every task of an Airflow DAG file, templates rendered.

Usage: python3 render_commands.py DAG_FILE DS_NODASH [VARIABLES_JSON]
VARIABLES_JSON sets Airflow Variables (name -> value); the DAG's defaults apply to the others.
Airflow need not be installed: the airflow modules the DAG imports are stubbed here (and only here),
the operators record their arguments. Templates are rendered with Jinja2 as Airflow does when it is
available, otherwise by substituting the two forms the DAG uses ({{ ds_nodash }},
{{ var.value.get('name', 'default') }}).
"""
import json
import re
import runpy
import sys
import types

created = []


class _Operator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        created.append(self)

    def __rshift__(self, other):
        return other


class _Dag:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _module(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


_module("airflow", DAG=_Dag)
_module("airflow.models", Variable=object)
_module("airflow.operators")
_module("airflow.operators.python", PythonOperator=type("PythonOperator", (_Operator,), {}))
_module("airflow.providers")
_module("airflow.providers.apache")
_module("airflow.providers.apache.spark")
_module("airflow.providers.apache.spark.operators")
SparkSubmitOperator = type("SparkSubmitOperator", (_Operator,), {})
_module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)


VARIABLES = {}


class _Values:
    @staticmethod
    def get(name, default=None):
        return VARIABLES.get(name, default)


def render(text, ds_nodash):
    try:
        import jinja2
        return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(text).render(
            ds_nodash=ds_nodash, var=types.SimpleNamespace(value=_Values()))
    except ImportError:
        text = re.sub(r"\{\{\s*ds_nodash\s*\}\}", ds_nodash, text)
        text = re.sub(r"\{\{\s*var\.value\.get\('([^']*)',\s*'([^']*)'\)\s*\}\}",
                      lambda m: VARIABLES.get(m.group(1), m.group(2)), text)
        if "{{" in text:
            raise ValueError("template left unrendered: " + text)
        return text


def main(dag_file, ds_nodash):
    runpy.run_path(dag_file, run_name="dag")
    commands = {}
    for operator in created:
        if isinstance(operator, SparkSubmitOperator):
            commands[operator.task_id] = {
                "java_class": operator.kwargs["java_class"],
                "args": [render(a, ds_nodash) for a in operator.kwargs["application_args"]],
            }
    print(json.dumps(commands))


if __name__ == "__main__":
    if len(sys.argv) > 3:
        VARIABLES.update(json.loads(sys.argv[3]))
    main(sys.argv[1], sys.argv[2])
