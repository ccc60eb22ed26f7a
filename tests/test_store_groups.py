"""Documents stored a group per transaction (``Store.save_many``, ``store/groups.py``): each document whole or
not at all, a bad one failed without undoing its group, results reported in input order. Real SQLite files."""
from __future__ import annotations

from quellen.model import Failure, Unchanged
from quellen.store import Store, StoreError
from quellen.store.groups import GroupWriter
from test_store import make_doc


def _broken(text: str, source: str):
    doc = make_doc(text=text, source=source)
    doc.attributions[1].id = "a1"             # duplicate attribution id inside one document
    return doc


def test_save_many_keeps_the_good_documents_of_a_group_with_a_bad_one(tmp_path):
    store = Store(str(tmp_path / "q.db"))
    first = make_doc()
    store.save(first)
    again = make_doc()
    again.title = "neu"                                         # a new version of a stored document
    bad = _broken(first.text + " Zwei.", "b.txt")
    other = make_doc(text=first.text + " Drei.", source="c.txt")
    errors = store.save_many([again, bad, other], "v1")
    assert errors[0] is None and errors[2] is None
    assert isinstance(errors[1], StoreError) and "b.txt" in str(errors[1]) and "UNIQUE" in str(errors[1])
    assert store.count() == 2 and store.get(bad.id) is None
    assert store.get(first.id).title == "neu"
    assert store.get(other.id).to_dict() == other.to_dict()
    # the bad one left no search rows either
    assert {h.doc_id for h in store.search("Gespräche")} == {first.id, other.id}
    assert store.save_many([], "v1") == []


def test_group_writer_reports_in_input_order_and_fails_only_the_bad_document(tmp_path):
    store = Store(str(tmp_path / "q.db"))
    base = make_doc().text
    docs = [make_doc(text=f"{base} Nummer {i}.", source=f"d{i}.txt") for i in range(5)]
    bad = _broken(base + " kaputt", "bad.txt")
    items = [docs[0], docs[1], Failure("x.html", "not readable", "ingest"), docs[2], bad, docs[3],
             Unchanged("old.txt", "0123"), docs[4]]
    seen = []
    writer = GroupWriter(store, "v1", seen.append, size=2)
    for item in items:
        writer.add(item)
        # nothing is passed on before it is stored: every document seen so far is in the database
        assert all(store.get(d.id) is not None for d in seen if d in docs)
    writer.flush()
    assert [getattr(x, "source") for x in seen] == [x.source for x in items]
    failed = seen[4]
    assert isinstance(failed, Failure) and failed.stage == "store" and "bad.txt" in failed.reason
    assert store.count() == 5


def test_entities_come_back_in_the_order_they_were_saved(tmp_path):
    """The entities table keeps no order of its own; a reloaded document has its entities as saved, also where
    their ids sort otherwise."""
    store = Store(str(tmp_path / "q.db"))
    doc = make_doc()
    doc.entities = list(reversed(doc.entities))
    doc.entities[0].id, doc.entities[1].id = "e9", "e10"
    for a in doc.attributions:
        a.speaker.entity = {"e1": "e10", "e2": "e9"}.get(a.speaker.entity, a.speaker.entity)
    store.save(doc)
    assert [e.id for e in store.get(doc.id).entities] == ["e9", "e10"]
    with store.engine.connect() as conn:
        assert [e.id for e in store.load_many(conn, [doc.id])[0].entities] == ["e9", "e10"]
