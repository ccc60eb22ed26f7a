"""floret vectors with a per-process cache of computed word vectors.

Why: in floret mode spaCy rebuilds every token's vector from its hashed character n-grams on each call,
which costs as much as the rest of the tok2vec. Words repeat a lot in news, so computing each distinct
word once per process keeps the subword benefit (vectors for unseen names/compounds) at table-lookup
speed. Registered as ``quellen.cached_vectors.v1`` and named in the pipeline config ([nlp] vectors).
"""
from __future__ import annotations

from typing import Callable

import numpy
from spacy.util import registry
from spacy.vectors import Mode, Vectors

CACHE_MAX = 200_000


class CachedVectors(Vectors):
    """Drop-in ``Vectors`` whose ``get_batch`` memoises floret vectors by key."""

    def _cache(self) -> dict:
        c = self.__dict__.get("_qcache")
        if c is None:
            c = self.__dict__["_qcache"] = {}
        return c

    def get_batch(self, keys):
        if self.mode != Mode.floret:
            return super().get_batch(keys)
        keys = numpy.asarray(keys, dtype="uint64")
        uniq, inverse = numpy.unique(keys, return_inverse=True)
        cache = self._cache()
        missing = [k for k in uniq.tolist() if k not in cache]
        if missing:
            if len(cache) + len(missing) > CACHE_MAX:
                cache.clear()
            computed = numpy.asarray(super().get_batch(missing), dtype="float32")
            for k, row in zip(missing, computed):
                cache[k] = row
        table = numpy.stack([cache[k] for k in uniq.tolist()]) if len(uniq) else \
            numpy.zeros((0, self.shape[1]), dtype="float32")
        return table[inverse.reshape(-1)]

    def from_disk(self, path, **kwargs):
        self.__dict__.pop("_qcache", None)
        return super().from_disk(path, **kwargs)

    def from_bytes(self, data, **kwargs):
        self.__dict__.pop("_qcache", None)
        return super().from_bytes(data, **kwargs)


@registry.vectors("quellen.cached_vectors.v1")
def create_cached_vectors() -> Callable:
    def make(vocab) -> CachedVectors:
        return CachedVectors(strings=vocab.strings)
    return make
