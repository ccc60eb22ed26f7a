"""Other engines that run the per-article pipeline (issue 16): same inputs, same results, other machinery.

Each engine yields exactly what ``Pipeline.run(iter_inputs(files))`` yields on one machine, in input order, so
the caller stores the results as it always does. The engines import their framework only when used: quellen
itself never needs it.

* :mod:`quellen.engines.spark` — ``iter_spark``: a PySpark job (``pip install quellen[spark]``, Java 17+).
"""
