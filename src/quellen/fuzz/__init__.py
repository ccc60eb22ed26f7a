"""Fuzzing quellen end to end: mutated real articles in every input format, pushed through the whole pipeline.

Why this lives in the package (and not under ``tests/``): the long run (``scripts/fuzz.py``, 100,000 inputs) and the
bounded CI sample (``tests/test_fuzz.py``) must generate the same inputs and judge them by the same rules, so
they import one implementation.

* :mod:`quellen.fuzz.mutate`: seeded text mutators over real article text;
* :mod:`quellen.fuzz.formats`: one (mutated) article written as an input file of any supported format,
  well-formed or broken, in right and wrong encodings;
* :mod:`quellen.fuzz.invariants`: what must hold for every output document (offsets, ids, references, enums,
  JSON and database round trips);
* :mod:`quellen.fuzz.driver`: generates inputs and runs them through ingest and the analysis (in workers);
* :mod:`quellen.fuzz.collect`: stores, checks and counts each result in the one writing process, decides what
  is a crash or a violation and writes a reproducer for each;
* :mod:`quellen.fuzz.special`: the two load cases (a 50 MB input, 100k tiny files).

Nothing here runs at analysis time; it only drives the public entry points (``list_inputs``, ``iter_inputs``,
``Pipeline.analyse_or_fail``, ``Store``).
"""
