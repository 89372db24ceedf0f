"""The Ray engine writes what the local engine writes: same records, same order, scores within 1e-4."""

import json

import pytest

from stance.batch import annotate_files
from tests.conftest import NEWS_ARTICLE

ray = pytest.importorskip("ray", reason="the Ray engine is optional: pip install 'policy-stance[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-news.txt").write_text(NEWS_ARTICLE)
    (folder / "b-binary.txt").write_bytes(bytes(range(256)) * 4)
    lines = [
        json.dumps({"id": f"j{i}", "text": f"Talks number {i} must resume. Sanctions work.", "author": f"A{i % 2}"})
        for i in range(150)
    ]
    (folder / "c.jsonl").write_text("\n".join(lines[:80] + ["{broken"] + lines[80:]) + "\n")
    (folder / "d-empty.txt").write_text("")
    return folder


def records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def assert_same(ours, reference):
    assert [r["doc_id"] for r in ours] == [r["doc_id"] for r in reference]
    for got, want in zip(ours, reference):
        assert {k: v for k, v in got.items() if k != "claims"} == {k: v for k, v in want.items() if k != "claims"}
        assert [(c["start"], c["end"]) for c in got["claims"]] == [(c["start"], c["end"]) for c in want["claims"]]
        for claim, expected in zip(got["claims"], want["claims"]):
            for target, stance in claim["stances"].items():
                assert stance["label"] == expected["stances"][target]["label"]
                for label, p in stance["probs"].items():
                    assert abs(p - expected["stances"][target]["probs"][label]) <= 1e-4


def test_ray_engine_matches_the_local_engine_in_order(local_ray, inputs, tiny_model, tmp_path):
    local, distributed = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    expected = annotate_files([inputs], local, model=tiny_model, nlp="blank", progress=False)
    summary = annotate_files(
        [inputs], distributed, model=tiny_model, nlp="blank", engine="ray", workers=2, progress=False
    )
    assert len(records(local)) == 154 and summary == expected
    assert_same(records(distributed), records(local))


def test_ray_engine_resumes_inside_a_file(local_ray, inputs, tiny_model, tmp_path):
    reference = tmp_path / "reference.jsonl"
    annotate_files([inputs], reference, model=tiny_model, nlp="blank", progress=False)
    out = tmp_path / "out.jsonl"
    lines = reference.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[:40]) + lines[40][:25])  # stopped inside c.jsonl, mid-record
    annotate_files([inputs], out, model=tiny_model, nlp="blank", engine="ray", resume=True, progress=False)
    assert_same(records(out), records(reference))


def test_more_workers_than_cluster_cpus_is_refused(local_ray, inputs, tiny_model, tmp_path):
    from stance.errors import StanceError

    with pytest.raises(StanceError, match="needs 99 CPUs"):
        annotate_files(
            [inputs], tmp_path / "o.jsonl", model=tiny_model, nlp="blank", engine="ray", workers=99, progress=False
        )
    assert not (tmp_path / "o.jsonl").exists()
