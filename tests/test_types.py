import copy
import pickle

from stance.types import Document, Stance


def test_records_survive_pickling_and_deep_copies_with_read_only_mappings(tiny_pipeline):
    document = Document("d", "Sanctions must stay in place. Talks should resume.", author="Kim", meta={"year": 2018})
    annotation = tiny_pipeline.pipe([document]).__next__()
    for record in (document, annotation, annotation.claims[0], annotation.claims[0].stances["sanctions"]):
        for again in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record)):
            assert again == record
    again = pickle.loads(pickle.dumps(document))
    assert again.meta == {"year": 2018} and type(again.meta) is type(document.meta)  # still read-only
    assert isinstance(pickle.loads(pickle.dumps(annotation.claims[0])).stances["sanctions"], Stance)
    assert type(pickle.loads(pickle.dumps(annotation)).meta) is type(document.meta)
