import pytest

from stance.errors import TargetError
from stance.targets import load_targets, select_targets, targets_from_ids


def test_default_targets():
    assert [t.id for t in load_targets()] == ["engagement", "sanctions", "deterrence"]


def test_a_new_target_is_a_line_of_data(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "arms_control", "description": "arms control treaties"}\n{"id": "aid"}\n')
    assert [(t.id, t.description) for t in load_targets(path)] == [
        ("arms_control", "arms control treaties"),
        ("aid", "aid"),
    ]


@pytest.mark.parametrize("content", ["", "not json\n", '{"description": "x"}\n', '{"id": "a"}\n{"id": "a"}\n'])
def test_malformed_target_files_raise(tmp_path, content):
    path = tmp_path / "t.jsonl"
    path.write_text(content)
    with pytest.raises(TargetError):
        load_targets(path)


def test_unknown_target_id_names_the_choices():
    with pytest.raises(TargetError, match=r"unknown target id\(s\) \['tariffs'\].*deterrence"):
        select_targets(load_targets(), ["sanctions", "tariffs"])
    assert [t.id for t in select_targets(load_targets(), ["sanctions"])] == ["sanctions"]
    assert targets_from_ids(["x"])[0].description == "x"
