"""Credentials in answers files and batch rows: every known one read by its code or a documented alias, any
other refused with `file: certifications: reason` and the nearest known credential.

Before: a credential assessor does not know ('CPCC' for CPC) was kept as written and changed nothing, so the
person's plan was made as if they held none (a CPC was told to earn the CPC), without a word; the
questionnaire's own aliases ('certified professional coder', 'CPC (AAPC)') were dropped the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessor.cli import main
from assessor.core.credentials import read_credential, with_known_credentials
from assessor.core.errors import AnswersError


def scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], certifications: object, command: str = "score"
) -> tuple[int, str, str]:
    path = tmp_path / "me.json"
    answers = {"job_title": "Medical Coder", "years_experience": 3, "certifications": certifications}
    path.write_text(json.dumps(answers), encoding="utf-8")
    code = main([command, str(path), "--json"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("CPC", ["CPC"]),
        ("cpc", ["CPC"]),
        ("C.P.C.", ["CPC"]),
        ("CPC (AAPC)", ["CPC"]),
        ("certified professional coder", ["CPC"]),
        ("Certified Professional Coder (AAPC)", ["CPC"]),
        ("CPC CRC", ["CPC", "CRC"]),
        ("cpc-a", ["CPC-A"]),
        ("ccsp", ["CCS-P"]),
        ("RHIT - AHIMA", ["RHIT"]),
        ("CDIP credential", ["CDIP"]),
        ("accredited clinical coder", ["ACC"]),
        ("MSN", ["MSN"]),  # named by a role card, not by the questionnaire
        ("MD", ["MD"]),  # named by a plan action
        ("CEMC!", ["CEMC"]),  # unknown, kept on purpose as the conversation keeps one
    ],
)
def test_known_credentials_and_their_aliases_are_read_as_their_code(written: str, codes: list[str]) -> None:
    assert read_credential(written) == tuple(codes)
    assert with_known_credentials({"certifications": [written]})["certifications"] == codes


def test_a_list_written_as_one_line_and_none() -> None:
    table = with_known_credentials({"certifications": "certified professional coder, CCS and RHIT"})
    assert table["certifications"] == ["CPC", "CCS", "RHIT"]
    assert with_known_credentials({"certifications": "none"})["certifications"] == []
    assert with_known_credentials({"job_title": "x"}) == {"job_title": "x"}
    odd: dict[str, object] = {"certifications": [1, None]}  # not text: the answers' own check words it
    assert with_known_credentials(odd) is odd


@pytest.mark.parametrize(
    ("written", "near"),
    [("CPCC", "CPC"), ("RHITT", "RHIT"), ("CCS-PP", "CCS-P"), ("CRCC", "CRC"), ("CHIMM", "CHIM")],
)
def test_a_mistyped_credential_is_refused_naming_the_nearest(written: str, near: str) -> None:
    with pytest.raises(AnswersError) as refused:
        with_known_credentials({"certifications": ["CCS", written]})
    assert refused.value.message == (
        f"certifications: {written!r} is not a credential assessor knows; did you mean {near!r}? Or write "
        f"{written + '!'!r} to keep it as written (it changes no figure)"
    )


def test_an_unknown_credential_far_from_any_lists_the_known_ones() -> None:
    problem = read_credential("Wizard")
    assert isinstance(problem, str)
    assert problem.startswith("'Wizard' is not a credential assessor knows (it knows CPC, CPC-A, COC, ")
    assert problem.endswith(
        "); leave it out, or write 'Wizard!' to keep it as written (it changes no figure)"
    )


def test_the_plan_reads_an_alias_as_the_credential_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, plain, _ = scored(tmp_path, capsys, ["CPC"], "plan")
    assert code == 0
    for alias in (["certified professional coder"], ["CPC (AAPC)"], "cpc"):
        code, out, err = scored(tmp_path, capsys, alias, "plan")
        assert code == 0 and err == ""
        assert json.loads(out) == json.loads(plain)
    code, nothing, _ = scored(tmp_path, capsys, [], "plan")
    assert json.loads(nothing) != json.loads(plain)  # the credential counts


def test_score_refuses_an_unknown_credential_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = scored(tmp_path, capsys, ["CPCC"])
    assert code == 2 and out == ""
    assert err == (
        f"assessor: {tmp_path / 'me.json'}: certifications: 'CPCC' is not a credential assessor knows; did you "
        "mean 'CPC'? Or write 'CPCC!' to keep it as written (it changes no figure)\n"
    )


def test_toml_files_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "me.toml"
    path.write_text('job_title = "Medical Coder"\nyears_experience = 3\ncertifications = ["RHITT"]\n')
    assert main(["score", str(path)]) == 2
    assert "certifications: 'RHITT' is not a credential assessor knows; did you mean 'RHIT'?" in (
        capsys.readouterr().err
    )


def test_batch_rows_refuse_unknown_credentials_by_line_and_score_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "job_title,years_experience,certifications\n"
        'Medical Coder,3,"CPC, CCS"\n'
        "Medical Coder,3,CPCC\n"
        "Medical Coder,3,certified professional coder\n"
    )
    assert main(["score", "--batch", str(rows)]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["line"] for line in lines] == [2, 4]
    assert captured.err.splitlines()[0] == (
        f"assessor: {rows} line 3: certifications: 'CPCC' is not a credential assessor knows; did you mean "
        "'CPC'? Or write 'CPCC!' to keep it as written (it changes no figure)"
    )


def test_a_saved_answers_file_with_a_kept_credential_reads_back(tmp_path: Path) -> None:
    from assessor.core.answers_io import answers_to_toml, parse_answers_text
    from assessor.core.models import Answers

    kept = Answers.validated(
        {"job_title": "Medical Coder", "years_experience": 3, "certifications": ["CPC", "CEMC"]}
    )
    text = answers_to_toml(kept)  # what `ask --save` writes after 'CEMC' was kept in the conversation
    assert 'certifications = ["CPC", "CEMC!"]' in text
    assert parse_answers_text(text, "saved.toml").certifications == ("CPC", "CEMC")
