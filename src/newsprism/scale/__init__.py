"""The same per-article stages on Dask: ``newsprism analyze --dask ADDRESS`` (or ``local``).

Workers run the very functions local worker processes run (reading inputs, the language
stages) over partitions of the input; results stream back to the one writer in this process,
which stores them in input order, so the store ends up as a local run would leave it. A
worker that dies mid-task only loses that task: the scheduler runs it again elsewhere, and
the writer receives each partition's result exactly once.
"""

from newsprism.scale.runner import DaskRunner, dask_runner

__all__ = ["DaskRunner", "dask_runner"]
