"""Executes the Java notebooks headlessly with nbclient (Debian's python3-nbclient, /usr/bin/python3).

The Java kernel (rapaio-jupyter-kernel 3.0.1) hangs at start-up in about one start out of three
(docs/architecture.md, Dependencies). The cause: its channel threads start before its message handlers exist, and a
message that arrives in between (nbclient sends kernel_info at once and repeats it) kills the
shell thread with a NullPointerException; the longer the kernel's start (our ~190 classpath
entries are added to JShell in that window), the likelier. So the runner starts the kernel itself
and sends nothing until the kernel's log shows the last classpath entry added, plus a grace
period. A second failure mode remains (the shell channel never sees a message; seen in 2 of 4
starts on a loaded machine), so a kernel that does not answer kernel_info within --startup-timeout, or its first
cell within --first-cell-timeout, is killed and the notebook is started again, up to --attempts
times. A cell that fails (an exception in the notebook's Java code) is not retried: it fails the
run. Every attempt, cell and outcome goes to --log; each kernel's own output to a file beside it.

Exit codes: 0 all notebooks ran, 1 a notebook failed, 2 bad arguments.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

KERNEL_NAME = "sparknas-java"


def log(out, message):
    line = f"{datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')} {message}"
    print(line, file=out, flush=True)
    print(line, file=sys.stderr, flush=True)


def write_kernelspec(root, kernel_jar, classpath, jvm_flags, log_config):
    """A kernelspec in a private JUPYTER_PATH folder: our classpath reaches JShell through RJK_CLASSPATH."""
    folder = os.path.join(root, "kernels", KERNEL_NAME)
    os.makedirs(folder, exist_ok=True)
    argv = ["java", "-Xmx2g", *jvm_flags.split(), f"-Dlog4j2.configurationFile={log_config}",
            "-jar", kernel_jar, "{connection_file}"]
    spec = {"argv": argv, "display_name": "Java (sparknas)", "language": "java", "interrupt_mode": "message",
            # the kernel splits RJK_CLASSPATH on ';'
            "env": {"RJK_CLASSPATH": ";".join(classpath)}}
    with open(os.path.join(folder, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=1)


def cell_seconds(cell):
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not start or not end:
        return float("nan")
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()


def start_quietly(kernel_log, last_entry, args):
    """Starts the kernel and waits, without sending it anything, until it has added its classpath."""
    km = KernelManager(kernel_name=KERNEL_NAME)
    out = open(kernel_log, "w")
    km.start_kernel(stdout=out, stderr=out)
    marker = f"Add {last_entry} to classpath"
    deadline = time.monotonic() + args.load_timeout
    while time.monotonic() < deadline and km.is_alive():
        with open(kernel_log, errors="replace") as f:
            if marker in f.read():
                time.sleep(args.grace)
                return km
        time.sleep(0.5)
    return km  # nbclient's kernel_info timeout decides


def run_one(path, out_dir, args, logfile, last_entry):
    name = os.path.basename(path)
    for attempt in range(1, args.attempts + 1):
        nb = nbformat.read(path, as_version=4)
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        current = {"index": None}

        def timeout_for(cell):
            # a kernel that hangs at start-up never answers its first cell either
            return args.first_cell_timeout if nb.cells.index(cell) == code[0] else args.cell_timeout

        def on_cell_start(cell, cell_index):
            current["index"] = cell_index

        kernel_log = os.path.join(out_dir, f"{os.path.splitext(name)[0]}.kernel-{attempt}.log")
        started = time.monotonic()
        log(logfile, f"{name}: attempt {attempt}/{args.attempts}: starting the kernel (its output: {kernel_log})")
        km = start_quietly(kernel_log, last_entry, args)
        log(logfile, f"{name}: kernel started in {time.monotonic() - started:.1f} s; executing")
        client = NotebookClient(nb, km=km, timeout_func=timeout_for, startup_timeout=args.startup_timeout,
                                on_cell_start=on_cell_start, resources={"metadata": {"path": out_dir}})
        try:
            client.execute()
        except CellExecutionError as e:
            log(logfile, f"{name}: FAILED in cell {current['index']} after {time.monotonic() - started:.1f} s "
                         f"(not retried):\n{e}")
            nbformat.write(nb, os.path.join(out_dir, name))
            return False
        except (CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as e:
            # RuntimeError is nbclient's "Kernel didn't respond in N seconds" at start-up
            hung = (isinstance(e, RuntimeError) and "didn't respond" in str(e)) or isinstance(e, DeadKernelError) \
                or (isinstance(e, CellTimeoutError) and current["index"] == code[0])
            message = str(e).splitlines()[0] if str(e) else ""
            if hung and attempt < args.attempts:
                log(logfile, f"{name}: kernel did not answer ({type(e).__name__}: {message}) after "
                             f"{time.monotonic() - started:.1f} s; killed, retrying")
                continue
            log(logfile, f"{name}: FAILED after {time.monotonic() - started:.1f} s: {type(e).__name__}: {message}")
            nbformat.write(nb, os.path.join(out_dir, name))
            return False
        finally:
            try:
                km.shutdown_kernel(now=True)
            except Exception as e:  # the kernel may be gone already
                log(logfile, f"{name}: shutting the kernel down: {type(e).__name__}: {e}")
        elapsed = time.monotonic() - started
        cells = [f"{i}:{cell_seconds(nb.cells[i]):.1f}s" for i in code]
        log(logfile, f"{name}: OK in {elapsed:.1f} s on attempt {attempt}; code cells (index:seconds) {' '.join(cells)}")
        nbformat.write(nb, os.path.join(out_dir, name))
        return True
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel-jar", required=True)
    parser.add_argument("--classpath", required=True, help="our jars and classes, ':'-separated")
    parser.add_argument("--jvm-flags", default="", help="flags Spark needs on Java 17 (pom.xml's spark.jvm.flags)")
    parser.add_argument("--log-config", required=True, help="log4j2 configuration for Spark inside the kernel")
    parser.add_argument("--out", required=True, help="folder for the executed notebooks")
    parser.add_argument("--log", required=True, help="execution log (appended)")
    parser.add_argument("--attempts", type=int, default=8)
    parser.add_argument("--load-timeout", type=int, default=240, help="seconds for the kernel to add its classpath")
    # a healthy kernel answers within a second once its classpath is added; a hung one never does
    parser.add_argument("--startup-timeout", type=int, default=45)
    parser.add_argument("--first-cell-timeout", type=int, default=180)
    parser.add_argument("--cell-timeout", type=int, default=600)
    parser.add_argument("--grace", type=float, default=5, help="seconds to wait after the kernel added its classpath")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    for path in args.notebooks + [args.kernel_jar]:
        if not os.path.isfile(path):
            print(f"run_notebooks: no such file: {path}", file=sys.stderr)
            return 2
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sparknas-jupyter-") as jupyter_path, open(args.log, "a") as logfile:
        entries = [e for e in args.classpath.split(":") if e]
        write_kernelspec(jupyter_path, os.path.abspath(args.kernel_jar), entries, args.jvm_flags, args.log_config)
        os.environ["JUPYTER_PATH"] = jupyter_path
        log(logfile, f"running {len(args.notebooks)} notebooks; store {os.environ.get('SPARKNAS_STORE', '(SPARKNAS_STORE unset)')}")
        started = time.monotonic()
        failed = [nb for nb in args.notebooks if not run_one(nb, args.out, args, logfile, os.path.abspath(entries[-1]))]
        log(logfile, f"done in {time.monotonic() - started:.1f} s: {len(args.notebooks) - len(failed)} ok, "
                     f"{len(failed)} failed {failed if failed else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
